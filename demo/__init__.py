"""Demonstration data for trying the register out: `python manage.py seed_demo`.

Not part of the running app: `data.toml` holds five employers, their staff and role
holders, and declarations in every state; `loader.py` files them through the same
services a user's actions go through.
"""
