"""The county council's Officers' Code of Conduct (to be filled from the policy matrix)."""

from __future__ import annotations

from .core import Rule
from .vocabulary import Employer

EMPLOYER = Employer.COUNTY_COUNCIL
NAME = "The county council's Officers' Code of Conduct"
VERSION = "0"

RULES: tuple[Rule, ...] = ()
