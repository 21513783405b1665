"""Delegation: an approver away names a delegate, who decides for them on the record;
who acts for whom is one lookup, used by routing, decisions and the queue."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from declarations.approvals import decisions, delegation
from declarations.approvals.decisions import NotYours, decide, queue_for
from declarations.approvals.delegation import delegate, delegation_errors
from declarations.choices import Status, StepState
from declarations.models import Delegation
from tests.factories import OfficerFactory, open_for, person

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def deputy(thurrock, director):
    return person(thurrock, "dee.deputy", "manager", director)


@pytest.mark.django_db
def test_delegating_today_moves_open_steps_to_the_delegate(officer, line_manager, deputy):
    declaration, (step,) = open_for(officer)

    delegation = delegate(line_manager, deputy, TODAY(), TODAY() + 5 * DAY, "Annual leave")

    assert isinstance(delegation, Delegation)
    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (deputy, line_manager)
    event = declaration.events.get(action="step_delegated")
    assert event.actor == line_manager.user
    assert "from Lee Manager to Dee Deputy" in event.note


@pytest.mark.django_db
def test_a_future_delegation_leaves_steps_where_they_are(officer, line_manager, deputy):
    _, (step,) = open_for(officer)

    delegate(line_manager, deputy, TODAY() + DAY, TODAY() + 5 * DAY)

    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (line_manager, None)
    with pytest.raises(NotYours):
        decide(step.pk, by=deputy, decision="approve", reason="")


@pytest.mark.django_db
def test_steps_not_yet_open_are_not_moved_but_go_to_the_delegate_when_they_open(
    officer, line_manager, director, deputy
):
    _, (first, second) = open_for(officer, route=["line_manager", "director"])

    delegate(director, deputy, TODAY(), TODAY())
    second.refresh_from_db()
    assert second.assignee == director

    decide(first.pk, by=line_manager, decision="approve", reason="")
    second.refresh_from_db()
    assert (second.assignee, second.delegated_from) == (deputy, director)


@pytest.mark.django_db
def test_the_delegate_decides_and_the_record_says_who_for_whom(officer, line_manager, director):
    declaration, (step,) = open_for(officer)
    delegate(line_manager, director, TODAY(), TODAY() + DAY)

    decide(step.pk, by=director, decision="approve", reason="On Lee's behalf")

    step.refresh_from_db()
    declaration.refresh_from_db()
    assert (step.decided_by, step.assignee, step.delegated_from) == (
        director,
        director,
        line_manager,
    )
    event = declaration.events.get(action="step_approved")
    assert event.actor == director.user
    assert "Dana Director for Lee Manager" in event.note
    assert declaration.status == Status.APPROVED


@pytest.mark.django_db
def test_an_active_delegate_may_decide_a_step_that_was_never_moved(officer, line_manager, director):
    declaration, (step,) = open_for(officer)
    # Made directly (e.g. in the admin), so the step was not handed over.
    Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=TODAY(), ends_on=TODAY()
    )

    decide(step.pk, by=director, decision="approve", reason="")

    step.refresh_from_db()
    assert (step.decided_by, step.delegated_from) == (director, line_manager)
    assert "Dana Director for Lee Manager" in declaration.events.get(action="step_approved").note


@pytest.mark.django_db
def test_an_ended_delegation_gives_no_right_to_decide(officer, line_manager, director):
    _, (step,) = open_for(officer)
    Delegation.objects.create(
        delegator=line_manager,
        delegate=director,
        starts_on=TODAY() - 5 * DAY,
        ends_on=TODAY() - DAY,
    )

    with pytest.raises(NotYours):
        decide(step.pk, by=director, decision="approve", reason="")


@pytest.mark.django_db
def test_the_original_approver_can_still_decide_a_delegated_step(officer, line_manager, deputy):
    declaration, (step,) = open_for(officer)
    delegate(line_manager, deputy, TODAY(), TODAY())

    decide(step.pk, by=line_manager, decision="approve", reason="Back early")

    step.refresh_from_db()
    assert (step.decided_by, step.state) == (line_manager, StepState.APPROVED)
    assert (
        "approved by Lee Manager: Back early" in declaration.events.get(action="step_approved").note
    )


@pytest.mark.django_db
def test_a_delegate_never_receives_their_own_declaration(thurrock, line_manager, officer):
    colleague = person(thurrock, "cal.colleague", "staff", line_manager)
    _, (own_step,) = open_for(officer)  # Olive's declaration, Lee decides
    _, (colleague_step,) = open_for(colleague)

    delegate(line_manager, officer, TODAY(), TODAY())

    own_step.refresh_from_db()
    colleague_step.refresh_from_db()
    assert own_step.assignee == line_manager
    assert colleague_step.assignee == officer
    with pytest.raises(decisions.OwnDeclaration):
        decide(own_step.pk, by=officer, decision="approve", reason="")


@pytest.mark.django_db
def test_queues_follow_the_delegation(officer, line_manager, deputy):
    _, (step,) = open_for(officer)
    delegation = delegate(line_manager, deputy, TODAY(), TODAY() + DAY)

    assert list(queue_for(deputy)) == [step]
    assert list(queue_for(line_manager)) == []
    # After the leave, the step comes back to the approver's queue.
    assert list(queue_for(line_manager, TODAY() + 2 * DAY)) == [step]
    assert list(queue_for(deputy, TODAY() + 2 * DAY)) == [step]  # still assigned to them
    assert delegation.ends_on == TODAY() + DAY


# --- validation ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delegate_must_be_someone_else_in_the_same_organisation(line_manager, stranger):
    assert delegation_errors(line_manager, line_manager, TODAY(), TODAY()) == {
        "delegate": "Select someone other than yourself"
    }
    assert (
        "Thurrock Council"
        in delegation_errors(line_manager, stranger, TODAY(), TODAY())["delegate"]
    )
    with pytest.raises(ValidationError) as raised:
        delegate(line_manager, stranger, TODAY(), TODAY())
    assert "delegate" in raised.value.message_dict
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_a_delegate_must_be_active(thurrock, line_manager):
    leaver = OfficerFactory(organisation=thurrock, active=False)

    assert (
        "no longer an active"
        in delegation_errors(line_manager, leaver, TODAY(), TODAY())["delegate"]
    )


@pytest.mark.django_db
def test_dates_must_be_in_order_and_not_over(line_manager, director):
    assert delegation_errors(line_manager, director, TODAY(), TODAY() - DAY) == {
        "ends_on": "The end date must be the same as or after the start date"
    }
    assert delegation_errors(line_manager, director, TODAY() - 5 * DAY, TODAY() - DAY) == {
        "ends_on": "The end date must be today or in the future"
    }
    assert set(delegation_errors(line_manager, None, None, None)) == {
        "delegate",
        "starts_on",
        "ends_on",
    }


@pytest.mark.django_db
def test_delegations_may_not_overlap(line_manager, director, deputy):
    delegate(line_manager, director, TODAY(), TODAY() + 5 * DAY)

    errors = delegation_errors(line_manager, deputy, TODAY() + 5 * DAY, TODAY() + 9 * DAY)

    assert "already have Dana Director as your delegate" in errors["starts_on"]
    assert delegation_errors(line_manager, deputy, TODAY() + 6 * DAY, TODAY() + 9 * DAY) == {}


# --- who acts for whom: the one lookup ----------------------------------------------------


@pytest.mark.django_db
def test_a_delegation_is_in_force_from_its_first_day_to_its_last(line_manager, director):
    made = Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=TODAY(), ends_on=TODAY() + DAY
    )

    assert list(delegation.in_force(TODAY())) == [made]
    assert list(delegation.in_force(TODAY() + DAY)) == [made]
    assert list(delegation.in_force(TODAY() - DAY)) == []
    assert list(delegation.in_force(TODAY() + 2 * DAY)) == []


@pytest.mark.django_db
def test_the_delegate_for_an_approver_is_who_the_delegation_in_force_names(
    officer, line_manager, director
):
    Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=TODAY() + DAY, ends_on=TODAY() + DAY
    )

    assert delegation.delegate_for(line_manager, officer) is None
    assert delegation.delegate_for(line_manager, officer, TODAY() + DAY) == director
    assert delegation.delegate_for(line_manager.pk, officer, TODAY() + DAY) == director


@pytest.mark.django_db
def test_of_two_delegations_in_force_the_latest_made_counts_everywhere(
    officer, line_manager, director, deputy
):
    # Only possible when made directly: the page and the admin refuse overlaps.
    _, (step,) = open_for(officer)
    Delegation.objects.create(
        delegator=line_manager,
        delegate=director,
        starts_on=TODAY(),
        ends_on=TODAY(),
        created_at=timezone.now() - DAY,
    )
    Delegation.objects.create(
        delegator=line_manager, delegate=deputy, starts_on=TODAY(), ends_on=TODAY()
    )

    assert delegation.delegate_for(line_manager, officer) == deputy
    assert decisions.may_decide(step, deputy)
    assert not decisions.may_decide(step, director)


@pytest.mark.django_db
def test_a_delegate_who_has_left_acts_for_no_one(officer, line_manager, deputy):
    _, (step,) = open_for(officer)
    Delegation.objects.create(
        delegator=line_manager, delegate=deputy, starts_on=TODAY(), ends_on=TODAY()
    )
    deputy.active = False
    deputy.save(update_fields=["active"])

    assert delegation.delegate_for(line_manager, officer) is None
    with pytest.raises(NotYours):
        decide(step.pk, by=deputy, decision="approve", reason="")
    _, (later,) = open_for(officer, counterparty="Opened after they left")
    assert (later.assignee, later.delegated_from) == (line_manager, None)


@pytest.mark.django_db
def test_nobody_is_the_delegate_for_their_own_declaration(officer, line_manager):
    Delegation.objects.create(
        delegator=line_manager, delegate=officer, starts_on=TODAY(), ends_on=TODAY()
    )

    assert delegation.delegate_for(line_manager, officer) is None


@pytest.mark.django_db
def test_the_delegation_page_lists_only_delegations_not_yet_over(line_manager, director, deputy):
    Delegation.objects.create(
        delegator=line_manager,
        delegate=director,
        starts_on=TODAY() - 9 * DAY,
        ends_on=TODAY() - DAY,
    )
    current = Delegation.objects.create(
        delegator=line_manager, delegate=deputy, starts_on=TODAY(), ends_on=TODAY() + DAY
    )

    assert list(delegation.given_by(line_manager)) == [current]
    assert list(delegation.received_by(deputy)) == [current]
    assert list(delegation.received_by(director)) == []


@pytest.mark.django_db
def test_only_active_colleagues_may_be_named(thurrock, line_manager, director, stranger):
    leaver = OfficerFactory(organisation=thurrock, active=False)

    named = set(delegation.candidates(line_manager))

    assert director in named
    assert not named & {line_manager, stranger, leaver}
