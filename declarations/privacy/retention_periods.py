"""How long each organisation keeps each type of entry: the retention schedule's figures.

An organisation keeps an entry for a number of years after it ends, is rejected or is
withdrawn, or (a gift, hospitality or disclosure) is approved or recorded, or after the
officer leaves, whichever comes first (declarations/privacy/retention.py applies it).
The figure is per organisation and type of declaration: a RetentionPeriod row where
the monitoring officer has changed it on the settings page, else DEFAULT_YEARS: six
years from the record's closure, the period local authority retention schedules commonly
set for closed records of this kind, and how long a claim in contract or tort can be
brought (Limitation Act 1980, sections 2 and 5).
README, "Data protection", says which guidance each default follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from declarations import labels
from declarations.models import Organisation, RetentionPeriod
from policies.vocabulary import SENSITIVE_TYPES, DeclarationType

DEFAULT_YEARS = 6
MAX_YEARS = 99
# What starts the clock (retention.retention_from), in the words the settings page and
# the privacy notice use: whole ("if sooner" is the "whichever comes first").
CLOCK_WORDS = (
    "after it ends, is rejected or withdrawn, or, for a gift, hospitality or disclosure, "
    "is approved or recorded (or after its date, if later); or after the officer leaves, "
    "if sooner"
)


def years_for(organisation: Organisation | int) -> dict[str, int]:
    """Every type's retention period in years for the organisation (one query)."""
    stored = dict(
        RetentionPeriod.objects.filter(organisation=organisation).values_list("type", "years")
    )
    return {kind.value: stored.get(kind.value, DEFAULT_YEARS) for kind in DeclarationType}


def years_of(organisation: Organisation | int, kind: str) -> int:
    """One type's retention period in years for the organisation."""
    return years_for(organisation)[kind]


@dataclass(frozen=True, slots=True)
class Period:
    """One type's retention period, as the settings page and the privacy notice show it."""

    type: str
    label: str
    years: int
    is_default: bool
    sensitive: bool

    @property
    def words(self) -> str:
        return labels.how_many(self.years, "year")


def periods_for(organisation: Organisation | int) -> list[Period]:
    """Every type's retention period for the organisation, in the contract's order (one
    query)."""
    years = years_for(organisation)
    return [
        Period(
            type=kind.value,
            label=labels.declaration_type(kind),
            years=years[kind.value],
            is_default=years[kind.value] == DEFAULT_YEARS,
            sensitive=kind in SENSITIVE_TYPES,
        )
        for kind in DeclarationType
    ]
