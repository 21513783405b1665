"""approvals.queue: what an approver's queue shows about each waiting step, and its counts,
and the other gifts and hospitality a decision page lists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from declarations.approvals import queue
from declarations.approvals.decisions import queue_for
from declarations.approvals.delegation import delegate
from declarations.choices import Status
from declarations.models import ApprovalStep
from tests.factories import (
    DETAIL_FACTORIES,
    DeclarationFactory,
    GiftFactory,
    HospitalityFactory,
    open_for,
)

DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_a_row_says_what_is_asked_how_long_it_has_waited_and_if_it_is_overdue(
    officer, line_manager
):
    declaration, (step,) = open_for(officer)
    opened = timezone.now() - 12 * DAY
    ApprovalStep.objects.filter(pk=step.pk).update(
        opened_at=opened, due_on=timezone.localdate(opened) + 10 * DAY
    )
    today = timezone.localdate()

    (row,) = [queue.row_for(s, line_manager, today) for s in queue_for(line_manager, today)]

    assert (row.declaration, row.outcome, row.asked) == (
        declaration,
        "approval_required",
        "Approve or reject",
    )
    assert (row.days_waiting, row.overdue, row.for_whom) == (12, True, None)


@pytest.mark.django_db
def test_a_row_held_as_a_delegate_says_for_whom(officer, line_manager, director):
    open_for(officer, outcome="declare", type="interest")
    today = timezone.localdate()
    delegate(line_manager, director, today, today)

    (row,) = [queue.row_for(s, director, today) for s in queue_for(director, today)]

    assert (row.asked, row.for_whom) == ("Acknowledge", line_manager)


@pytest.mark.django_db
def test_counts_cover_the_whole_queue_by_type(officer, line_manager):
    open_for(officer, counterparty="Acme")
    open_for(officer, outcome="declare", type="interest")
    _, (unresolved,) = open_for(officer, counterparty="Nobody Ltd")
    ApprovalStep.objects.filter(pk=unresolved.pk).update(
        route_unresolved=True, due_on=timezone.localdate() - DAY
    )
    today = timezone.localdate()

    counts = queue.counts(queue_for(line_manager, today), today)

    assert (counts.total, counts.overdue, counts.unresolved) == (3, 1, 1)
    assert counts.by_type == {"gift": 2, "interest": 1}


@pytest.mark.django_db
def test_only_a_monitoring_officer_is_warned_of_unresolved_steps(line_manager, monitoring_officer):
    today = timezone.localdate()

    assert queue.warns_of_unresolved(monitoring_officer, today)
    assert not queue.warns_of_unresolved(line_manager, today)


# --- repeats: the decision page's other gifts and hospitality from the same counterparty ----


def entry_about(
    officer,
    type: str,
    status: str,
    counterparty: str = "Acme Supplies Ltd",
    value="10.00",
    **fields,
):
    """One of the officer's entries, of any type and status, with its detail row."""
    declaration = DeclarationFactory(
        officer=officer, type=type, status=status, counterparty=counterparty, **fields
    )
    if type == "gift":
        GiftFactory(declaration=declaration, value_gbp=Decimal(value))
    elif type == "hospitality":
        HospitalityFactory(declaration=declaration, value_gbp=Decimal(value))
    else:
        DETAIL_FACTORIES[type](declaration=declaration)
    return declaration


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("type", "status", "shown"),
    [
        ("gift", Status.APPROVED, True),
        ("gift", Status.REJECTED, True),
        ("gift", Status.RECORDED, True),
        ("gift", Status.AWAITING_APPROVAL, True),
        ("hospitality", Status.APPROVED, True),
        ("hospitality", Status.AWAITING_ACKNOWLEDGEMENT, True),
        ("gift", Status.DRAFT, False),
        ("gift", Status.WITHDRAWN, False),
        ("gift", Status.SUPERSEDED, False),
        ("hospitality", Status.WITHDRAWN, False),
        ("relationship", Status.RECORDED, False),
        ("relationship", Status.AWAITING_APPROVAL, False),
        ("interest", Status.RECORDED, False),
        ("outside_work", Status.APPROVED, False),
    ],
)
def test_repeats_are_gifts_and_hospitality_decided_or_waiting(officer, type, status, shown):
    other = entry_about(officer, type, status)
    deciding, _ = open_for(officer, counterparty="Acme Supplies Ltd")

    found = queue.repeats(deciding)

    assert (found.items == [other], found.count == 1) == (shown, shown)


@pytest.mark.django_db
def test_repeats_leave_out_relationships_and_withdrawn_gifts_and_show_hospitality_and_pending_gifts(
    officer,
):
    entry_about(officer, "relationship", Status.RECORDED)
    entry_about(officer, "gift", Status.WITHDRAWN, value="500.00")
    hospitality = entry_about(
        officer, "hospitality", Status.APPROVED, value="40.00", date=datetime.date(2026, 10, 1)
    )
    pending = entry_about(
        officer, "gift", Status.AWAITING_APPROVAL, value="5.50", date=datetime.date(2026, 11, 1)
    )
    deciding, _ = open_for(officer, counterparty=" acme SUPPLIES ltd")

    found = queue.repeats(deciding)

    assert found.items == [pending, hospitality]  # newest first
    assert (found.count, found.total) == (2, Decimal("45.50"))


@pytest.mark.django_db
def test_repeats_show_only_the_current_version_of_an_amended_entry(officer):
    first = entry_about(officer, "gift", Status.APPROVED, value="10.00")
    amendment = entry_about(
        officer,
        "gift",
        Status.AWAITING_APPROVAL,
        value="12.00",
        reference=first.reference,
        version=2,
        amends=first,
    )
    deciding, _ = open_for(officer, counterparty="Acme Supplies Ltd")

    found = queue.repeats(deciding)

    assert (found.items, found.count, found.total) == ([amendment], 1, Decimal("12.00"))


@pytest.mark.django_db
def test_repeats_are_two_bounded_queries_however_many_there_are(officer, django_assert_num_queries):
    for day in range(1, queue.REPEATS_SHOWN + 6):
        entry_about(
            officer, "gift", Status.RECORDED, value="1.00", date=datetime.date(2026, 1, day)
        )
    deciding, _ = open_for(officer, counterparty="Acme Supplies Ltd")

    with django_assert_num_queries(2) as captured:
        found = queue.repeats(deciding)

    assert (len(found.items), found.count, found.more) == (queue.REPEATS_SHOWN, 25, 5)
    assert found.total == Decimal("25.00")
    assert found.items[0].date == datetime.date(2026, 1, 25)  # the latest
    assert f"LIMIT {queue.REPEATS_SHOWN}" in captured.captured_queries[-1]["sql"]
