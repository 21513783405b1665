"""Essex Probation's Code of Conduct (to be filled from the policy matrix)."""

from __future__ import annotations

from .core import Rule
from .vocabulary import Employer

EMPLOYER = Employer.ESSEX_PROBATION
NAME = "Essex Probation's Code of Conduct"
VERSION = "0"

RULES: tuple[Rule, ...] = ()
