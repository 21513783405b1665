"""Rule modules, one per employer's code of conduct.

Pure Python over plain data: nothing here imports Django, so every rule runs and
is tested in microseconds. `evaluate` applies the officer's home code, and the host
code too for a seconded officer; `duties_for` gives what a code asks beyond its rules
(its named registers, annual return, interest reviews, form hints and deadlines).
"""

from __future__ import annotations

from .core import ByLevel, Due, Rule, Verdict, evaluate_code, merge_codes, rule
from .duties import Duties
from .facts import (
    DeclarationFacts,
    Facts,
    FactsError,
    OfficerFacts,
    RegisterSettings,
    parse_request,
)
from .registry import MODULES, duties_for, module_for, versions


def evaluate(facts: Facts) -> Verdict:
    """The verdict of the officer's own code, merged with the host's when seconded."""
    home = evaluate_code(module_for(facts.employer), facts)
    host_employer = facts.officer.seconded_to
    if host_employer is None or host_employer == facts.employer:
        return home
    return merge_codes(home, evaluate_code(module_for(host_employer), facts), facts)


def policy_version(facts: Facts) -> str:
    """The module versions a verdict was evaluated under, e.g. "thurrock@2026.1"."""
    codes = [facts.employer]
    if facts.officer.seconded_to and facts.officer.seconded_to != facts.employer:
        codes.append(facts.officer.seconded_to)
    return ",".join(f"{code.value}@{module_for(code).VERSION}" for code in codes)


__all__ = [
    "MODULES",
    "ByLevel",
    "DeclarationFacts",
    "Due",
    "Duties",
    "Facts",
    "FactsError",
    "OfficerFacts",
    "RegisterSettings",
    "Rule",
    "Verdict",
    "duties_for",
    "evaluate",
    "evaluate_code",
    "merge_codes",
    "module_for",
    "parse_request",
    "policy_version",
    "rule",
    "versions",
]
