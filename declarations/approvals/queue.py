"""What an approver's pages show: their queue's rows, filters and counts, and on a
decision page what happened to a gift that had to be declined and the officer's other
gifts and hospitality from the same counterparty.

Which steps wait for whom is `decisions.queue_for`; this module narrows and describes
them, so that the views only parse the request, call these and render. The queue has
one row per declaration: the steps one decision settles (`decisions.settled_together`)
are one row naming each role.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
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


def waiting_for(officer: Officer, today: datetime.date) -> QuerySet[ApprovalStep]:
    """The officer's queue, one step per declaration: of the steps waiting for them on
    one declaration (an acknowledgement asking them as line manager and as director),
    the first in the route's order stands for the rest (`rows` names them all)."""
    waiting = decisions.queue_for(officer, today)
    earlier = waiting.filter(
        declaration_id=OuterRef("declaration_id"), order__lt=OuterRef("order")
    ).values("pk")
    return waiting.exclude(Exists(earlier))


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
    """One declaration waiting for the officer, as the queue lists it."""

    step: ApprovalStep  # the step the row links to
    declaration: Declaration
    outcome: str
    asked: str  # "Approve or reject", "Acknowledge"
    roles: str  # "line manager", "line manager and director": every step it settles
    days_waiting: int
    overdue: bool
    for_whom: Officer | None  # whose step it is, when held as their delegate


def row_for(
    step: ApprovalStep,
    officer: Officer,
    today: datetime.date,
    settled: Iterable[ApprovalStep] = (),
) -> QueueRow:
    """`step` as a row; `settled`: the steps one decision on it settles (`rows`)."""
    declaration = step.declaration
    opened = timezone.localdate(step.opened_at) if step.opened_at else today
    return QueueRow(
        step=step,
        declaration=declaration,
        outcome=routing.outcome_of(declaration),
        asked=" or ".join(
            labels.decision(d) for d in decisions.decisions_for(declaration)
        ).capitalize(),
        roles=labels.in_words([labels.role_in_text(s.role) for s in list(settled) or [step]]),
        days_waiting=(today - opened).days,
        overdue=bool(step.due_on and step.due_on < today),
        for_whom=step.assignee if step.assignee_id != officer.pk else step.delegated_from,
    )


def rows(steps: Iterable[ApprovalStep], officer: Officer, today: datetime.date) -> list[QueueRow]:
    """The queue's rows, each naming every step its one decision settles. One query
    reads the pending steps of the listed declarations (the (declaration, order) index)."""
    steps = list(steps)
    declarations = {step.declaration_id: step.declaration for step in steps}
    route: dict[int, list[ApprovalStep]] = defaultdict(list)
    for pending in ApprovalStep.objects.filter(
        declaration_id__in=declarations, state=c.StepState.PENDING
    ).order_by("declaration_id", "order"):
        pending.declaration = declarations[pending.declaration_id]
        route[pending.declaration_id].append(pending)
    held = decisions.holds(officer, today)
    return [
        row_for(
            step,
            officer,
            today,
            decisions.settled_together(step, route[step.declaration_id], held),
        )
        for step in steps
    ]


@dataclass(frozen=True)
class QueueCounts:
    """The whole queue's counts, whatever the filters show (one per declaration)."""

    total: int
    overdue: int
    unresolved: int  # came here because nobody held the role the code names
    by_type: dict[str, int]
    by_organisation: dict[str, int]  # employer code -> count
    by_outcome: dict[str, int]


def counts(waiting: QuerySet[ApprovalStep], today: datetime.date) -> QueueCounts:
    """The three counts in one query; then, in a second, the count of each type,
    employer and outcome in the queue (grouped over the officer's waiting steps, which
    the (assignee, state) index finds), for the filters that can matter to them."""
    found = waiting.order_by().aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        unresolved=Count("id", filter=Q(route_unresolved=True)),
    )
    by: dict[str, dict[str, int]] = {"type": {}, "organisation": {}, "outcome": {}}
    groups = (
        waiting.order_by()
        .values_list(
            "declaration__type", "declaration__organisation__code", "declaration__verdict__outcome"
        )
        .annotate(n=Count("id"))
    )
    for kind, organisation, outcome, n in groups:
        for name, value in (("type", kind), ("organisation", organisation), ("outcome", outcome)):
            key = str(value or "")
            by[name][key] = by[name].get(key, 0) + n
    return QueueCounts(
        total=found["total"],
        overdue=found["overdue"],
        unresolved=found["unresolved"],
        by_type=by["type"],
        by_organisation=by["organisation"],
        by_outcome=by["outcome"],
    )


@dataclass(frozen=True)
class FilterChoice:
    """One of the queue's filters as this officer's queue offers it."""

    name: str  # the query parameter, and the select's id (id_<name>)
    label: str
    any_words: str  # the empty option: "All types"
    options: list[tuple[str, str]]  # (value, words)
    applied: str = ""  # the value the queue is filtered by


# The filters drawn from what is in the queue: (name, label, the empty option's words,
# every value's words in the order offered).
CONTENT_FILTERS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("type", "Type", "All types", dict(c.DECLARATION_TYPES)),
    ("outcome", "What the code says", "Any", dict(OUTCOME_CHOICES)),
    ("organisation", "Employer", "All employers", dict(c.EMPLOYERS)),
)
# Filters only narrow a queue, or a choice, of at least this many.
FILTERS_FROM = 2


def filter_choices(queue: QueueCounts, filters: Mapping[str, str]) -> list[FilterChoice]:
    """The filters that can matter to this officer: the types, outcomes and employers in
    their queue, each with its count (a filter offering fewer than two is left out), and
    how long they have waited; none for a queue of fewer than two declarations. A filter
    applied stays, with the value it is applied with, so the page says what it shows."""
    if queue.total < FILTERS_FROM and not filters:
        return []
    found = {
        "type": queue.by_type,
        "outcome": queue.by_outcome,
        "organisation": queue.by_organisation,
    }
    shown = []
    for name, label, any_words, words in CONTENT_FILTERS:
        applied = filters.get(name, "")
        options = [
            (value, f"{value_words} ({found[name].get(value, 0)})")
            for value, value_words in words.items()
            if value in found[name] or value == applied
        ]
        if len(options) >= FILTERS_FROM or applied:
            shown.append(FilterChoice(name, label, any_words, options, applied))
    if queue.total >= FILTERS_FROM or filters.get("age"):
        shown.append(
            FilterChoice(
                "age", "Waiting for", AGE_CHOICES[0][1], AGE_CHOICES[1:], filters.get("age", "")
            )
        )
    return shown


def warns_of_unresolved(officer: Officer, today: datetime.date) -> bool:
    """A monitoring officer is told how many steps reached them for want of a role holder
    (they receive them as the fallback, and keep the staff records that would fix it)."""
    return (
        RoleAssignment.objects.current(today)
        .filter(officer=officer, role=c.OrganisationRole.MONITORING_OFFICER)
        .exists()
    )


# --- on the decision page -------------------------------------------------------------


@dataclass(frozen=True)
class WhatHappened:
    """What the officer said happened to a gift, offer or activity that had to be
    declined or must not go ahead: "Given to a charity on 1 December 2026: note"."""

    recorded: bool
    words: str  # "Returned to the giver"; "" until recorded
    on: datetime.date | None
    note: str
    due_on: datetime.date | None  # by when the officer must say


def what_happened(declaration: Declaration) -> WhatHappened | None:
    """The disposition the officer recorded, as the decision page shows it (None for a
    declaration whose code did not say it must be declined)."""
    if routing.outcome_of(declaration) != Outcome.PROHIBITED:
        return None
    recorded = declaration.disposition_recorded_at is not None
    words = ""
    if recorded and declaration.disposition:
        words = labels.disposition_words(
            declaration.disposition, declaration.organisation.code, declaration.type
        )
    return WhatHappened(
        recorded=recorded,
        words=words,
        on=declaration.disposition_on if recorded else None,
        note=declaration.disposition_note if recorded else "",
        due_on=declaration.disposition_due_on,
    )


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
