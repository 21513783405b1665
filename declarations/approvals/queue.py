"""What an approver's pages show: their queue's rows, filters and counts, and on a
decision page the officer's other gifts and hospitality from the same counterparty.

Which steps wait for whom is `decisions.queue_for`; this module narrows and describes
them, so that the views only parse the request, call these and render.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from declarations import choices as c
from declarations import labels
from declarations.approvals import decisions, routing
from declarations.models import ApprovalStep, Declaration, Officer, RoleAssignment
from policies.vocabulary import DeclarationType, Outcome

# How long a step has waited, as the queue's filter offers it.
AGE_CHOICES: list[tuple[str, str]] = [
    ("", "Any age"),
    ("new", "Less than a week"),
    ("week", "1 to 2 weeks"),
    ("old", "2 weeks or more"),
    ("overdue", "Past its due date"),
]
# The outcomes that put a step in someone's queue (no_action has no route).
OUTCOME_CHOICES: list[tuple[str, str]] = [
    (outcome.value, labels.outcome(outcome))
    for outcome in (Outcome.APPROVAL_REQUIRED, Outcome.DECLARE, Outcome.PROHIBITED)
]


def filtered(
    steps: QuerySet[ApprovalStep], filters: dict[str, str], today: datetime.date
) -> QuerySet[ApprovalStep]:
    """The steps matching the queue's filters (type, outcome, employer, age)."""
    if filters.get("type"):
        steps = steps.filter(declaration__type=filters["type"])
    if filters.get("outcome"):
        steps = steps.filter(declaration__verdict__outcome=filters["outcome"])
    if filters.get("organisation"):
        steps = steps.filter(declaration__organisation__code=filters["organisation"])
    age = filters.get("age")
    week_ago = today - datetime.timedelta(days=7)
    fortnight_ago = today - datetime.timedelta(days=14)
    if age == "new":
        steps = steps.filter(opened_at__date__gt=week_ago)
    elif age == "week":
        steps = steps.filter(opened_at__date__lte=week_ago, opened_at__date__gt=fortnight_ago)
    elif age == "old":
        steps = steps.filter(opened_at__date__lte=fortnight_ago)
    elif age == "overdue":
        steps = steps.filter(due_on__lt=today)
    return steps


@dataclass(frozen=True)
class QueueRow:
    """One waiting step as the queue lists it."""

    step: ApprovalStep
    declaration: Declaration
    outcome: str
    asked: str  # "Approve or reject", "Acknowledge"
    days_waiting: int
    overdue: bool
    for_whom: Officer | None  # whose step it is, when held as their delegate


def row_for(step: ApprovalStep, officer: Officer, today: datetime.date) -> QueueRow:
    declaration = step.declaration
    opened = timezone.localdate(step.opened_at) if step.opened_at else today
    return QueueRow(
        step=step,
        declaration=declaration,
        outcome=routing.outcome_of(declaration),
        asked=" or ".join(
            labels.decision(d) for d in decisions.decisions_for(declaration)
        ).capitalize(),
        days_waiting=(today - opened).days,
        overdue=bool(step.due_on and step.due_on < today),
        for_whom=step.assignee if step.assignee_id != officer.pk else step.delegated_from,
    )


@dataclass(frozen=True)
class QueueCounts:
    """The whole queue's counts, whatever the filters show."""

    total: int
    overdue: int
    unresolved: int  # came here because nobody held the role the code names
    by_type: dict[str, int]


def counts(waiting: QuerySet[ApprovalStep], today: datetime.date) -> QueueCounts:
    """The three counts in one query, then the count by type."""
    found = waiting.order_by().aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        unresolved=Count("id", filter=Q(route_unresolved=True)),
    )
    return QueueCounts(
        total=found["total"],
        overdue=found["overdue"],
        unresolved=found["unresolved"],
        by_type=dict(waiting.order_by().values_list("declaration__type").annotate(n=Count("id"))),
    )


def warns_of_unresolved(officer: Officer, today: datetime.date) -> bool:
    """A monitoring officer is told how many steps reached them for want of a role holder
    (they receive them as the fallback, and keep the staff records that would fix it)."""
    return (
        RoleAssignment.objects.current(today)
        .filter(officer=officer, role=c.OrganisationRole.MONITORING_OFFICER)
        .exists()
    )


# --- on the decision page -------------------------------------------------------------


# What the decision page compares: repeat gifts and hospitality from the same donor or
# host are the pattern an approver needs to see (a code's "frequency" of offers). An
# officer's interests, outside work and relationships are shown only to those on their
# own routes, so they are never listed here.
REPEAT_TYPES: tuple[str, ...] = (DeclarationType.GIFT.value, DeclarationType.HOSPITALITY.value)
# Decided, or waiting for a decision: never a draft, a withdrawn entry or a replaced
# version (SUBMITTED only lasts inside submission's own transaction; gifts and
# hospitality never end).
REPEAT_STATUSES: tuple[str, ...] = (
    c.Status.AWAITING_APPROVAL,
    c.Status.AWAITING_ACKNOWLEDGEMENT,
    c.Status.APPROVED,
    c.Status.REJECTED,
    c.Status.RECORDED,
)
REPEATS_SHOWN = 20  # the table lists the latest this many; the banner counts them all


@dataclass(frozen=True)
class Repeats:
    items: list[Declaration]  # the latest REPEATS_SHOWN, newest first
    count: int  # all of them
    total: Decimal  # the value of all of them

    @property
    def more(self) -> int:
        """How many the table leaves out."""
        return self.count - len(self.items)


def repeats(declaration: Declaration) -> Repeats:
    """The officer's other gifts and hospitality from the same counterparty: the current
    version of each entry, decided or waiting for a decision (REPEAT_STATUSES).

    Matched ignoring case and surrounding spaces ("ACME Ltd " is "Acme Ltd"), both sides
    lowered by the database so they are lowered the same way. Two bounded queries: the
    count and total in one aggregate, the latest REPEATS_SHOWN rows with a LIMIT; both
    start from the (officer, status) index, so they read one officer's entries only.
    """
    name = declaration.counterparty.strip()
    if not name:
        return Repeats(items=[], count=0, total=Decimal("0"))
    others = (
        Declaration.objects.filter(
            officer_id=declaration.officer_id,
            status__in=REPEAT_STATUSES,
            type__in=REPEAT_TYPES,
        )
        .annotate(counterparty_key=Lower(Trim("counterparty")))
        .filter(counterparty_key=Lower(Value(name)))
        .exclude(reference=declaration.reference)
        .current_versions()
    )
    found = others.order_by().aggregate(count=Count("id"), total=Sum("gift_hospitality__value_gbp"))
    if not found["count"]:
        return Repeats(items=[], count=0, total=Decimal("0"))
    items = list(others.select_related("gift_hospitality").order_by("-date", "-id")[:REPEATS_SHOWN])
    return Repeats(items=items, count=found["count"], total=found["total"] or Decimal("0"))
