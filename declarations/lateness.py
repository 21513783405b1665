"""How late a declaration was, and which token figure its verdict used, in words.

A verdict says whether a declaration was late (`late`: declared after the deadline its
code sets) and by when it was due; submission copies both into the register's indexed
columns (Declaration.late, Declaration.deadline) beside the filing date (`declared_on`).
How late is their difference in days, worked out from those columns alone, so the
register's rows, the entry pages and the dashboard say it without another query.

A verdict stored since the register's token limit became a setting also records the
figure each code's token test used ("token_limits": {"opcc": "25.00"},
declarations.facts.verdict_record): the entry pages say which, since the setting may
have changed since. Older verdicts have no such record and say nothing.

Plain functions over values: no queries, no views.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from declarations import labels
from declarations.facts import TOKEN_LIMITS
from policies.core import money_words
from policies.vocabulary import Employer


def days_late(declared_on: datetime.date | None, deadline: datetime.date | None) -> int | None:
    """Whole days between the deadline and the day it was declared, or None when it was
    not declared after a deadline (none set, or declared on or before it)."""
    if declared_on is None or deadline is None:
        return None
    days = (declared_on - deadline).days
    return days if days > 0 else None


def days_words(days: int) -> str:
    """ "1 day", "59 days"."""
    return labels.how_many(days, "day")


@dataclass(frozen=True)
class Lateness:
    """A late declaration: by how many days, after which deadline."""

    days: int
    deadline: datetime.date

    @property
    def tag(self) -> str:
        """The compact tag of the register's rows: "Late by 59 days"."""
        return f"Late by {days_words(self.days)}"

    @property
    def words(self) -> str:
        """The entry pages' sentence: "Late: declared 59 days after the deadline of
        1 January 2026"."""
        return (
            f"Late: declared {days_words(self.days)} after the deadline of "
            f"{labels.long_date(self.deadline)}"
        )


def lateness(
    late: bool, declared_on: datetime.date | None, deadline: datetime.date | None
) -> Lateness | None:
    """How late a declaration its verdict called late was; None for one on time (or with
    no deadline). The verdict's `late` decides; the days come from the two dates."""
    if not late or deadline is None:
        return None
    days = days_late(declared_on, deadline)
    return Lateness(days, deadline) if days is not None else None


def lateness_of(declaration: Any) -> Lateness | None:
    """`lateness` from a Declaration's own columns (late, declared_on, deadline)."""
    return lateness(declaration.late, declaration.declared_on, declaration.deadline)


@dataclass(frozen=True)
class TokenLimitApplied:
    """The token limit one code's test used when the declaration was filed."""

    employer: str  # the employer's code, "opcc"
    amount: Decimal

    @property
    def words(self) -> str:
        """ "£25.00 (the register's setting for the Office of the Police and Crime
        Commissioner when this was filed)"."""
        return (
            f"{money_words(self.amount)} (the register's setting for "
            f"{labels.employer_in_text(self.employer)} when this was filed)"
        )


def token_limits_applied(verdict: dict[str, Any] | None) -> list[TokenLimitApplied]:
    """The token limits a stored verdict records, in the order of the employers; none for
    a verdict stored before they were recorded, or a record that cannot be read."""
    recorded = (verdict or {}).get(TOKEN_LIMITS)
    if not isinstance(recorded, dict):
        return []
    order = {employer.value: index for index, employer in enumerate(Employer)}
    limits = []
    for employer, amount in recorded.items():
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            continue
        if value.is_finite() and value > 0:
            limits.append(TokenLimitApplied(str(employer), value))
    return sorted(limits, key=lambda limit: order.get(limit.employer, len(order)))
