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

from declarations.models import Organisation, RetentionPeriod
from policies.vocabulary import DeclarationType

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
