"""Rule modules, one per employer's code of conduct.

Pure Python over plain data: nothing here imports Django, so every rule runs and
is tested in microseconds. The registry maps an employer code to its module.
"""
