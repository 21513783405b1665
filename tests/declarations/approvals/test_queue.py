"""approvals.queue: what an approver's queue shows about each waiting declaration, its
counts and filters, and on a decision page what happened to a declined gift and the
officer's other gifts and hospitality."""

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
    OrganisationFactory,
    open_for,
    person,
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
def test_counts_cover_the_employers_and_outcomes_in_the_queue(officer, line_manager):
    open_for(officer)
    open_for(officer, outcome="declare", type="interest")
    open_for(person(OrganisationFactory(code="ecc"), "eve.secondee", "staff", line_manager))
    today = timezone.localdate()

    counts = queue.counts(queue_for(line_manager, today), today)

    assert counts.by_organisation == {"thurrock": 2, "ecc": 1}
    assert counts.by_outcome == {"approval_required": 2, "declare": 1}


# --- one row per declaration ------------------------------------------------------------


@pytest.fixture
def secondee(thurrock, director):
    """Sid, whose line manager is Dana the director."""
    return person(thurrock, "sid.secondee", "staff", director)


@pytest.mark.django_db
def test_two_steps_held_by_one_person_are_one_row_naming_both_roles(secondee, director):
    declaration, (first, _) = open_for(
        secondee, outcome="declare", route=["line_manager", "director"]
    )
    today = timezone.localdate()

    waiting = queue.waiting_for(director, today)
    (row,) = queue.rows(waiting, director, today)

    assert (row.step, row.declaration, row.roles) == (
        first,
        declaration,
        "line manager and director",
    )
    assert queue.counts(waiting, today).total == 1


@pytest.mark.django_db
def test_an_approval_row_names_the_later_steps_the_same_decision_settles(
    secondee, director, monitoring_officer
):
    open_for(secondee, route=["line_manager", "director", "monitoring_officer"])
    today = timezone.localdate()

    (row,) = queue.rows(queue.waiting_for(director, today), director, today)

    assert row.roles == "line manager and director"


@pytest.mark.django_db
def test_a_row_names_only_the_role_of_a_step_held_alone(officer, line_manager, director):
    open_for(officer, route=["line_manager", "director"])
    today = timezone.localdate()

    (row,) = queue.rows(queue.waiting_for(line_manager, today), line_manager, today)

    assert row.roles == "line manager"


@pytest.mark.django_db
def test_the_rows_read_the_routes_in_one_query(secondee, director, django_assert_max_num_queries):
    for _ in range(5):
        open_for(secondee, outcome="declare", route=["line_manager", "director"])
    today = timezone.localdate()
    waiting = list(queue.waiting_for(director, today))

    with django_assert_max_num_queries(2):  # the routes, and the delegations in force
        rows = queue.rows(waiting, director, today)

    assert {row.roles for row in rows} == {"line manager and director"}


# --- the filters that can matter ---------------------------------------------------------


def counted(total=2, **by) -> queue.QueueCounts:
    return queue.QueueCounts(
        total=total,
        overdue=0,
        unresolved=0,
        by_type=by.get("type", {}),
        by_organisation=by.get("organisation", {}),
        by_outcome=by.get("outcome", {}),
    )


def test_only_filters_with_a_choice_are_offered():
    found = counted(
        type={"gift": 1, "interest": 1},
        organisation={"thurrock": 2},
        outcome={"declare": 2},
    )

    choices = queue.filter_choices(found, {})

    assert [choice.name for choice in choices] == ["type", "age"]
    assert choices[0].options == [("gift", "Gift (1)"), ("interest", "Interest (1)")]


def test_a_queue_of_one_has_no_filters():
    assert queue.filter_choices(counted(total=1, type={"gift": 1}), {}) == []


def test_an_applied_filter_stays_with_its_value():
    found = counted(total=1, organisation={"thurrock": 1})

    (choice,) = queue.filter_choices(found, {"organisation": "ecc"})

    assert (choice.name, choice.applied) == ("organisation", "ecc")
    assert choice.options == [
        ("thurrock", "Thurrock Council (1)"),
        ("ecc", "Essex County Council (0)"),
    ]


# --- what happened to it ---------------------------------------------------------------------


@pytest.mark.django_db
def test_what_happened_is_only_asked_of_what_had_to_be_declined(officer):
    declaration, _ = open_for(officer)

    assert queue.what_happened(declaration) is None


@pytest.mark.django_db
def test_what_happened_in_words_once_recorded(officer):
    declaration, _ = open_for(officer, outcome="prohibited")
    declaration.disposition = "given_to_charity"
    declaration.disposition_on = datetime.date(2026, 12, 1)
    declaration.disposition_note = "Mayor's Charity Fund"
    declaration.disposition_recorded_at = timezone.now()

    found = queue.what_happened(declaration)

    assert found == queue.WhatHappened(
        recorded=True,
        words="Given to a charity",
        on=datetime.date(2026, 12, 1),
        note="Mayor's Charity Fund",
        due_on=None,
    )


@pytest.mark.django_db
def test_what_happened_not_yet_said_gives_the_date_it_is_due(officer):
    declaration, _ = open_for(
        officer, outcome="prohibited", disposition_due_on=datetime.date(2026, 12, 12)
    )

    found = queue.what_happened(declaration)

    assert (found.recorded, found.words, found.due_on) == (False, "", datetime.date(2026, 12, 12))


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
