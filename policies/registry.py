"""Which rule module holds which employer's code, and its duties beyond the rules."""

from __future__ import annotations

from typing import Protocol, cast

from . import county_council, ecc, essex_probation, opcc, thurrock
from .core import PolicyModule
from .duties import Duties
from .vocabulary import Employer

MODULES: dict[Employer, PolicyModule] = {
    Employer.ESSEX_PROBATION: essex_probation,
    Employer.COUNTY_COUNCIL: county_council,
    Employer.OPCC: opcc,
    Employer.THURROCK: thurrock,
    Employer.ECC: ecc,
}


def module_for(employer: Employer | str) -> PolicyModule:
    """The rule module of an employer code; ValueError for a code not in the contract."""
    try:
        return MODULES[employer]  # type: ignore[index]  # a StrEnum hashes as its value
    except (KeyError, TypeError):
        return MODULES[Employer(employer)]


def versions() -> dict[str, str]:
    """Every module's VERSION, stored with a verdict so it can be traced to its rules."""
    return {employer.value: module.VERSION for employer, module in MODULES.items()}


class DutiesModule(Protocol):
    DUTIES: Duties


def duties_for(employer: Employer | str) -> Duties:
    """The employer's duties beyond its rules (registers, returns, reviews, hints, deadlines);
    ValueError for a code not in the contract."""
    return cast(DutiesModule, module_for(employer)).DUTIES
