"""What an approver's pages show: their queue's rows, filters and counts, and on a
decision page what happened to a gift that had to be declined and the officer's other
gifts and hospitality from the same counterparty.

Which steps wait for whom is `decisions.queue_for`; this module narrows and describes
them, so that the views only parse the request, call these and render. The queue has
one row per declaration: the steps one decision settles (`decisions.settled_together`)
are one row naming each role.

The queue is read a page at a time (PAGE_SIZE rows, oldest first) by keyset, never by
OFFSET: the "Next 50" link carries the (opened_at, id) of the last row shown, "Previous
50" that of the first. `queue_for` ORs three conditions (own steps, the steps of those
the officer acts for, steps they delegated that came back); an OR cannot be read in
order from one index, so `page` reads each part by itself, ordered and cut at a page and
one row (the part for one assignee walks `approvalstep_queue_idx` (assignee, opened_at,
id) in order), and merges the short lists here.

The counts above the queue (how many wait, how many are overdue, each filter option's
number) never count the whole queue: one statement groups the steps of at most
COUNT_LIMIT + 1 of its declarations (a LIMITed subquery). Up to COUNT_LIMIT the numbers
are exact; beyond, the page says "more than 1,000" and gives no exact figure.
"""

from __future__ import annotations

import datetime
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from declarations import choices as c
from declarations import keyset, labels
from declarations.approvals import decisions, delegation, routing
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
    steps: QuerySet[ApprovalStep], filters: Mapping[str, str], today: datetime.date
) -> QuerySet[ApprovalStep]:
    """The steps matching the queue's filters (type, outcome, employer, age). The age is
    a range of `opened_at` (from and to a day's first moment), so it narrows the walk of
    the queue index rather than being tested row by row."""
    if filters.get("type"):
        steps = steps.filter(declaration__type=filters["type"])
    if filters.get("outcome"):
        steps = steps.filter(declaration__outcome=filters["outcome"])
    if filters.get("organisation"):
        steps = steps.filter(declaration__organisation__code=filters["organisation"])
    age = filters.get("age")
    # Less than a week: opened on a day after the day a week ago, so from its next day's start.
    a_week = _day_starts(today - datetime.timedelta(days=6))
    two_weeks = _day_starts(today - datetime.timedelta(days=13))
    if age == "new":
        steps = steps.filter(opened_at__gte=a_week)
    elif age == "week":
        steps = steps.filter(opened_at__lt=a_week, opened_at__gte=two_weeks)
    elif age == "old":
        steps = steps.filter(opened_at__lt=two_weeks)
    elif age == "overdue":
        steps = steps.filter(due_on__lt=today)
    return steps


def _day_starts(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the register's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- a page of the queue ------------------------------------------------------------------

PAGE_SIZE = 50
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
_CURSOR = re.compile(r"^(\d{1,16})\.(\d{1,18})$")


@dataclass(frozen=True)
class Cursor:
    """A row's place in the queue's order, as a paging link carries it: "micros.id"."""

    opened_at: datetime.datetime
    id: int

    def __str__(self) -> str:
        return f"{(self.opened_at - _EPOCH) // _MICROSECOND}.{self.id}"

    @classmethod
    def of(cls, step: ApprovalStep) -> Cursor:
        assert step.opened_at is not None  # queue_for lists opened steps only
        return cls(opened_at=step.opened_at, id=step.pk)


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor a "Next 50" or "Previous 50" link carries, or None if it is not one we
    could have made (then the first page is shown: a damaged link is never an error)."""
    found = _CURSOR.match(text or "")
    if found is None:
        return None
    try:
        opened_at = _EPOCH + int(found[1]) * _MICROSECOND
    except OverflowError:
        return None
    return Cursor(opened_at=opened_at, id=int(found[2]))


@dataclass(frozen=True)
class Parts:
    """`waiting_for`, cut into parts an index reads by themselves (no OR across
    assignees): each is `waiting_for` narrowed, and no step is in two of them, so
    together they are the same queue."""

    ordered: list[QuerySet[ApprovalStep]]  # each read in (opened_at, id) order by an index
    # All of them in one query for counting: `queue_for` (without `waiting_for`'s NOT
    # EXISTS: `counts` counts distinct declarations) narrowed by an OR of literal ids,
    # which the index ranges answer (a BitmapOr), where queue_for's own OR of subqueries
    # reads the table.
    everything: QuerySet[ApprovalStep]


def parts(officer: Officer, today: datetime.date) -> Parts:
    """The officer's own steps (their range of `approvalstep_queue_idx`), the steps of
    each person they act for (that person's range), and the steps they passed on that
    came back to them (`approvalstep_delegated_idx`, less those already in a range)."""
    waiting = waiting_for(officer, today)
    acting_for = sorted(
        set(delegation.delegators_of(officer, today).values_list("delegator_id", flat=True))
        - {officer.pk}
    )
    own = waiting.filter(assignee=officer)
    held = [waiting.filter(assignee_id=pk) for pk in acting_for]
    passed_back = waiting.filter(delegated_from=officer).exclude(
        assignee_id__in=[officer.pk, *acting_for]
    )
    everything = decisions.queue_for(officer, today).filter(
        Q(assignee=officer) | Q(assignee_id__in=acting_for) | Q(delegated_from=officer)
    )
    return Parts(ordered=[own, *held, passed_back], everything=everything)


@dataclass(frozen=True)
class QueuePage(keyset.PageLinks):
    """One page of the queue, oldest first, and the cursors of the pages either side."""

    steps: list[ApprovalStep]
    after: Cursor | None  # the "Next 50" link's: the last row shown (None on the last page)
    before: Cursor | None  # the "Previous 50" link's: the first row shown (None on the first)
    is_first: bool  # no cursor was followed: the queue from its oldest row


def page(
    queue: Parts,
    today: datetime.date,
    filters: Mapping[str, str],
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """The `size` steps (one per declaration) after `after`, or before `before`, or from
    the oldest: each part of the queue read in index order and cut at size + 1 rows
    (the extra row says whether there is more), merged, no COUNT and no OFFSET."""
    if after is not None and before is not None:
        after = before = None  # not a link we make: the first page
    backwards = before is not None
    lists = []
    for part in queue.ordered:
        steps = filtered(part, filters, today)
        if after is not None:
            steps = keyset.past(steps, "opened_at", after.opened_at, after.id)
        if before is not None:
            steps = keyset.past(steps, "opened_at", before.opened_at, before.id, descending=True)
        order = ("-opened_at", "-id") if backwards else ("opened_at", "id")
        lists.append(list(steps.order_by(*order)[: size + 1]))
    merged = heapq.merge(*lists, key=lambda s: (s.opened_at, s.pk), reverse=backwards)
    found = list(islice(merged, size + 1))
    more = len(found) > size
    shown = found[:size]
    if backwards:
        shown.reverse()
    first, last = (Cursor.of(shown[0]), Cursor.of(shown[-1])) if shown else (None, None)
    if backwards:
        return QueuePage(shown, after=last, before=first if more else None, is_first=False)
    return QueuePage(
        shown,
        after=last if more else None,
        before=first if after is not None else None,
        is_first=after is None,
    )


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


# The counts read at most this many declarations of a queue (and one more, to know there
# are more): beyond it the page says "more than 1,000", as the register's totals do.
COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class QueueCounts:
    """The queue's counts, whatever the filters show (one per declaration), exact up to
    `limit` declarations. Beyond it they are those of the first `limit` + 1 read (in no
    particular order), so only lower bounds: `more_than_limit` says so."""

    total: int
    overdue: int
    unresolved: int  # came here because nobody held the role the code names
    by_type: dict[str, int]
    by_organisation: dict[str, int]  # employer code -> count
    by_outcome: dict[str, int]
    limit: int = COUNT_LIMIT

    @property
    def more_than_limit(self) -> bool:
        return self.total > self.limit

    @property
    def limit_words(self) -> str:
        return f"{self.limit:,}"


def first_declarations(waiting: QuerySet[ApprovalStep], limit: int) -> QuerySet[ApprovalStep, Any]:
    """The ids of at most `limit` + 1 of the declarations `waiting` holds, as a subquery:
    each declaration's first step there (none earlier in its route is in `waiting`), so
    no id twice without a DISTINCT, which would read the whole queue before cutting.
    In no order on purpose: PostgreSQL then stops reading steps at the LIMIT, where an
    ORDER BY across `Parts.everything`'s OR would sort every step of the queue first."""
    earlier = waiting.filter(
        declaration_id=OuterRef("declaration_id"), order__lt=OuterRef("order")
    ).values("pk")
    return waiting.order_by().exclude(Exists(earlier)).values("declaration_id")[: limit + 1]


def counts(
    waiting: QuerySet[ApprovalStep], today: datetime.date, limit: int | None = None
) -> QueueCounts:
    """The counts in one query, over at most `limit` + 1 declarations
    (`first_declarations`, a LIMITed subquery): their waiting steps grouped by type,
    employer and outcome, counting declarations (DISTINCT declaration_id), so a
    declaration whose several steps wait for one person counts once; overdue and
    unresolved count the declarations with such a step. Summed here. However long the
    queue, the statement reads about `limit` + 1 declarations' steps: never a COUNT of
    the whole queue per request. `limit` is COUNT_LIMIT unless told (read when called)."""
    limit = COUNT_LIMIT if limit is None else limit
    one_each = Count("declaration_id", distinct=True)
    groups = (
        waiting.order_by()
        .filter(declaration_id__in=first_declarations(waiting, limit))
        .values_list("declaration__type", "declaration__organisation__code", "declaration__outcome")
        .annotate(
            n=one_each,
            overdue=Count("declaration_id", distinct=True, filter=Q(due_on__lt=today)),
            unresolved=Count("declaration_id", distinct=True, filter=Q(route_unresolved=True)),
        )
    )
    by: dict[str, dict[str, int]] = {"type": {}, "organisation": {}, "outcome": {}}
    total = overdue = unresolved = 0
    for kind, organisation, outcome, n, late, lost in groups:
        total, overdue, unresolved = total + n, overdue + late, unresolved + lost
        for name, value in (("type", kind), ("organisation", organisation), ("outcome", outcome)):
            key = str(value or "")
            by[name][key] = by[name].get(key, 0) + n
    return QueueCounts(
        total=total,
        overdue=overdue,
        unresolved=unresolved,
        by_type=by["type"],
        by_organisation=by["organisation"],
        by_outcome=by["outcome"],
        limit=limit,
    )


def counts_of(queue: Parts, today: datetime.date, limit: int | None = None) -> QueueCounts:
    """The queue's counts (up to `limit` declarations) in one query over the officer's
    own index ranges (`Parts.everything`)."""
    return counts(queue.everything, today, limit)


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
    applied stays, with the value it is applied with, so the page says what it shows.

    Beyond the counting limit the counts say only what is in the declarations read, not
    the whole queue: then every type, outcome and employer is offered, without numbers,
    as any of them may be further down the queue."""
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
        if queue.more_than_limit:
            options = list(words.items())
        else:
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


def unresolved_words(
    waiting: Parts, counts: QueueCounts, officer: Officer, today: datetime.date
) -> str:
    """How many declarations reached a monitoring officer for want of a role holder, for
    the warning ("3", "At least 3", "Some"), or "" for none or for anyone else. Beyond
    the counting limit the count is of the declarations read, so a queue where none of
    those but one further down has such a step is asked once more (LIMIT 1), the one
    case where the warning would otherwise be missing."""
    if not counts.unresolved and not counts.more_than_limit:
        return ""
    if not warns_of_unresolved(officer, today):
        return ""
    if not counts.more_than_limit:
        return str(counts.unresolved)
    if counts.unresolved:
        return f"At least {counts.unresolved}"
    return "Some" if waiting.everything.filter(route_unresolved=True).exists() else ""


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
