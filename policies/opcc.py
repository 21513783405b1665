"""The OPCC's Code of Conduct for Employees (to be filled from the policy matrix)."""

from __future__ import annotations

from .core import Rule
from .vocabulary import Employer

EMPLOYER = Employer.OPCC
NAME = "The OPCC's Code of Conduct for Employees"
VERSION = "0"

RULES: tuple[Rule, ...] = ()
