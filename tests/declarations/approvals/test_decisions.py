"""Deciding approval steps (declarations.approvals.decisions.decide): every path through a route."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations.approvals import decisions
from declarations.approvals.decisions import (
    AlreadyDecided,
    NotOpen,
    NotYours,
    OwnDeclaration,
    ReasonRequired,
    WrongDecision,
    decide,
)
from declarations.approvals.delegation import delegate
from declarations.approvals.disposition import record_disposition
from declarations.choices import Status, StepState
from declarations.models import ApprovalStep, DeclarationEvent, Delegation
from declarations.workflow import transition
from tests.factories import RoleAssignmentFactory, open_for, person

DAY = datetime.timedelta(days=1)


def TODAY() -> datetime.date:
    return timezone.localdate()


def actions(declaration) -> list[str]:
    return list(declaration.events.order_by("at", "id").values_list("action", flat=True))


# --- approval ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_every_step_in_order_approves_the_declaration(officer, line_manager, director):
    declaration, (first, second) = open_for(officer, route=["line_manager", "director"])

    decide(first.pk, by=line_manager, decision="approve", reason="Looks fine")

    first.refresh_from_db()
    second.refresh_from_db()
    declaration.refresh_from_db()
    assert (first.state, first.decided_by, first.reason) == (
        StepState.APPROVED,
        line_manager,
        "Looks fine",
    )
    assert first.decided_at is not None
    assert second.opened_at is not None and second.state == StepState.PENDING
    assert declaration.status == Status.AWAITING_APPROVAL

    decide(second.pk, by=director, decision="approve", reason="Agreed")

    declaration.refresh_from_db()
    assert declaration.status == Status.APPROVED
    final = declaration.events.get(action="approve")
    assert (final.actor, final.note) == (director.user, "Agreed")
    assert actions(declaration)[-3:] == ["step_approved", "step_approved", "approve"]


@pytest.mark.django_db
def test_each_step_decision_is_recorded_as_an_event(officer, line_manager):
    declaration, (step,) = open_for(officer)

    decide(step.pk, by=line_manager, decision="approve", reason="Fine")

    event = declaration.events.get(action="step_approved")
    assert event.actor == line_manager.user
    assert event.note == "Step 1 (line manager) approved by Lee Manager: Fine"


@pytest.mark.django_db
def test_approving_without_a_reason_is_allowed(officer, line_manager):
    declaration, (step,) = open_for(officer)

    decide(step.pk, by=line_manager, decision="approve", reason="  ")

    declaration.refresh_from_db()
    assert declaration.status == Status.APPROVED
    assert declaration.events.get(action="step_approved").note.endswith("by Lee Manager.")


# --- rejection --------------------------------------------------------------------------


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_saves_nothing_without_one(officer, line_manager):
    declaration, (step,) = open_for(officer)
    before = DeclarationEvent.objects.count()

    with pytest.raises(ReasonRequired):
        decide(step.pk, by=line_manager, decision="reject", reason="   ")

    step.refresh_from_db()
    declaration.refresh_from_db()
    assert step.state == StepState.PENDING
    assert declaration.status == Status.AWAITING_APPROVAL
    assert DeclarationEvent.objects.count() == before


@pytest.mark.django_db
def test_rejecting_ends_the_route_and_cancels_later_steps(officer, line_manager):
    declaration, (first, second, _third) = open_for(
        officer, route=["line_manager", "director", "monitoring_officer"]
    )

    decide(first.pk, by=line_manager, decision="reject", reason="Conflict of interest")

    declaration.refresh_from_db()
    states = list(declaration.approval_steps.order_by("order").values_list("state", flat=True))
    assert states == [StepState.REJECTED, StepState.CANCELLED, StepState.CANCELLED]
    assert declaration.status == Status.REJECTED
    rejection = declaration.events.get(action="reject")
    assert (rejection.actor, rejection.note) == (line_manager.user, "Conflict of interest")
    assert actions(declaration)[-3:] == ["step_rejected", "steps_cancelled", "reject"]
    second.refresh_from_db()
    assert second.opened_at is None


@pytest.mark.django_db
def test_rejecting_at_the_last_step_rejects(officer, line_manager, director):
    declaration, (first, second) = open_for(officer, route=["line_manager", "director"])
    decide(first.pk, by=line_manager, decision="approve", reason="")

    decide(second.pk, by=director, decision="reject", reason="Too valuable")

    declaration.refresh_from_db()
    assert declaration.status == Status.REJECTED
    assert not declaration.events.filter(action="steps_cancelled").exists()


# --- acknowledgement ----------------------------------------------------------------------


@pytest.mark.django_db
def test_acknowledging_every_step_records_the_declaration(officer, line_manager, director):
    declaration, (first, second) = open_for(
        officer, outcome="declare", route=["line_manager", "director"]
    )

    decide(second.pk, by=director, decision="acknowledge", reason="")  # any order
    declaration.refresh_from_db()
    assert declaration.status == Status.AWAITING_ACKNOWLEDGEMENT

    decide(first.pk, by=line_manager, decision="acknowledge", reason="Noted")

    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    assert declaration.events.get(action="record").note == "Noted"


@pytest.mark.django_db
def test_prohibited_waits_for_what_happened_then_acknowledging_records_it(officer, line_manager):
    declaration, (step,) = open_for(officer, outcome="prohibited", route=["line_manager"])
    with pytest.raises(NotOpen, match="the officer has not yet said what happened to it"):
        decide(step.pk, by=line_manager, decision="acknowledge", reason="")

    record_disposition(declaration, officer.user, "declined", declaration.date)
    decide(step.pk, by=line_manager, decision="acknowledge", reason="Thanks for declining")

    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    record = declaration.events.get(action="record")
    assert record.note == "Thanks for declining"
    assert actions(declaration)[-2:] == ["step_acknowledged", "record"]


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "decision"),
    [("declare", "approve"), ("declare", "reject"), ("approval_required", "acknowledge")],
)
def test_the_decision_must_fit_the_outcome(officer, line_manager, outcome, decision):
    _, (step,) = open_for(officer, outcome=outcome)

    with pytest.raises(WrongDecision):
        decide(step.pk, by=line_manager, decision=decision, reason="x")


@pytest.mark.django_db
def test_an_unknown_decision_is_refused(officer, line_manager):
    _, (step,) = open_for(officer)

    with pytest.raises(WrongDecision):
        decide(step.pk, by=line_manager, decision="maybe", reason="")


@pytest.mark.django_db
def test_a_later_step_cannot_be_decided_before_the_earlier_one(officer, director):
    _, (_, second) = open_for(officer, route=["line_manager", "director"])

    with pytest.raises(NotOpen, match="earlier step"):
        decide(second.pk, by=director, decision="approve", reason="")


@pytest.mark.django_db
def test_a_withdrawn_declaration_cannot_be_decided(officer, line_manager):
    declaration, (step,) = open_for(officer)
    transition(declaration, "withdraw", actor=officer.user)

    with pytest.raises(NotOpen, match="withdrawn"):
        decide(step.pk, by=line_manager, decision="approve", reason="")


@pytest.mark.django_db
def test_deciding_twice_says_who_decided_and_records_nothing(officer, line_manager):
    _, (step,) = open_for(officer)
    decide(step.pk, by=line_manager, decision="approve", reason="")
    before = DeclarationEvent.objects.count()

    with pytest.raises(AlreadyDecided, match=r"already decided by Lee Manager at .+\(approved\)"):
        decide(step.pk, by=line_manager, decision="reject", reason="Changed my mind")

    assert DeclarationEvent.objects.count() == before
    step.refresh_from_db()
    assert step.state == StepState.APPROVED


@pytest.mark.django_db
def test_a_cancelled_step_says_it_was_cancelled(officer, line_manager, director):
    _, (first, second) = open_for(officer, route=["line_manager", "director"])
    decide(first.pk, by=line_manager, decision="reject", reason="No")

    with pytest.raises(AlreadyDecided, match="cancelled"):
        decide(second.pk, by=director, decision="approve", reason="")


@pytest.mark.django_db
def test_only_the_assignee_may_decide(officer, director, stranger, monitoring_officer):
    _, (step,) = open_for(officer)

    for someone in (director, stranger, monitoring_officer):
        with pytest.raises(NotYours):
            decide(step.pk, by=someone, decision="approve", reason="")
    step.refresh_from_db()
    assert step.state == StepState.PENDING


@pytest.mark.django_db
def test_nobody_decides_a_step_on_their_own_declaration(officer):
    _, (step,) = open_for(officer)
    ApprovalStep.objects.filter(pk=step.pk).update(assignee=officer)  # however it happened

    with pytest.raises(OwnDeclaration, match="your own declaration"):
        decide(step.pk, by=officer, decision="approve", reason="")


@pytest.mark.django_db
def test_a_missing_step_raises_does_not_exist(line_manager):
    with pytest.raises(ApprovalStep.DoesNotExist):
        decide(999_999, by=line_manager, decision="approve", reason="")


@pytest.mark.django_db
def test_may_view_and_may_decide(officer, line_manager, director):
    _, (step,) = open_for(officer)

    assert decisions.may_decide(step, line_manager)
    assert decisions.may_view(step, line_manager)
    assert not decisions.may_view(step, director)
    assert not decisions.may_view(step, officer)
    decide(step.pk, by=line_manager, decision="approve", reason="")
    step.refresh_from_db()
    assert decisions.may_view(step, line_manager)  # still visible once decided


# --- the same person holding consecutive steps -----------------------------------------------


@pytest.fixture
def secondee(thurrock, director):
    """Sid, whose line manager is Dana the director: "line manager" and "director" are
    both Dana on his routes."""
    return person(thurrock, "sid.secondee", "staff", director)


@pytest.mark.django_db
def test_one_approval_settles_both_steps_the_same_person_holds(secondee, director):
    declaration, (first, second) = open_for(secondee, route=["line_manager", "director"])
    assert first.assignee == second.assignee == director

    decide(first.pk, by=director, decision="approve", reason="Fine")

    declaration.refresh_from_db()
    assert declaration.status == Status.APPROVED
    second.refresh_from_db()
    assert (second.state, second.decided_by, second.reason) == (
        StepState.APPROVED,
        director,
        "Fine",
    )
    assert second.decided_at is not None and second.opened_at is not None
    (event,) = declaration.events.filter(action="step_approved")
    assert (
        event.note == "Steps 1 and 2 approved by Dana Director as line manager and director: Fine"
    )
    assert actions(declaration)[-2:] == ["step_approved", "approve"]


@pytest.mark.django_db(transaction=True)
def test_the_officer_is_told_once_of_the_decision_naming_both_roles(secondee, director, mailoutbox):
    _, (first, _) = open_for(secondee, outcome="declare", route=["line_manager", "director"])
    mailoutbox.clear()

    decide(first.pk, by=director, decision="acknowledge", reason="")

    (email,) = [mail for mail in mailoutbox if secondee.user.email in mail.to]
    assert "by Dana Director (line manager and director)" in email.body


@pytest.mark.django_db
def test_one_acknowledgement_settles_both_steps_as_one_event(secondee, director):
    declaration, (_, second) = open_for(
        secondee, outcome="declare", route=["line_manager", "director"]
    )

    decide(second.pk, by=director, decision="acknowledge", reason="")

    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    states = set(declaration.approval_steps.values_list("state", flat=True))
    assert states == {StepState.ACKNOWLEDGED}
    (event,) = declaration.events.filter(action="step_acknowledged")
    assert event.note == "Steps 1 and 2 acknowledged by Dana Director as line manager and director."


@pytest.mark.django_db
def test_the_next_person_is_asked_once_the_same_persons_steps_are_settled(
    secondee, director, monitoring_officer
):
    declaration, (first, second, third) = open_for(
        secondee, route=["line_manager", "director", "monitoring_officer"]
    )

    decide(first.pk, by=director, decision="approve", reason="")

    declaration.refresh_from_db()
    assert declaration.status == Status.AWAITING_APPROVAL
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == StepState.APPROVED
    assert (third.state, third.assignee) == (StepState.PENDING, monitoring_officer)
    assert third.opened_at is not None


@pytest.mark.django_db
def test_a_step_after_someone_elses_is_asked_again_in_its_turn(
    secondee, director, monitoring_officer
):
    # Dana, Mona, then Dana again: Mona decides between, so Dana's third step waits.
    declaration, (first, second, third) = open_for(
        secondee, route=["line_manager", "monitoring_officer", "director"]
    )

    decide(first.pk, by=director, decision="approve", reason="")

    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.state, second.opened_at is not None) == (StepState.PENDING, True)
    assert (third.state, third.opened_at) == (StepState.PENDING, None)
    assert declaration.events.get(action="step_approved").note.startswith("Step 1 (line manager)")


@pytest.mark.django_db
def test_a_rejection_settles_the_same_persons_steps_and_ends_the_route(
    secondee, director, monitoring_officer
):
    declaration, _ = open_for(secondee, route=["line_manager", "director", "monitoring_officer"])
    first = declaration.approval_steps.get(order=1)

    decide(first.pk, by=director, decision="reject", reason="Too much")

    declaration.refresh_from_db()
    assert declaration.status == Status.REJECTED
    states = list(declaration.approval_steps.order_by("order").values_list("state", flat=True))
    assert states == [StepState.REJECTED, StepState.REJECTED, StepState.CANCELLED]
    (event,) = declaration.events.filter(action="step_rejected")
    assert event.note == (
        "Steps 1 and 2 rejected by Dana Director as line manager and director: Too much"
    )


@pytest.mark.django_db
def test_a_delegate_settles_the_steps_of_the_person_they_act_for(secondee, director, thurrock):
    deputy = person(thurrock, "dee.deputy", "assistant_director")
    delegate(director, deputy, TODAY(), TODAY())
    declaration, (first, second) = open_for(secondee, route=["line_manager", "director"])
    assert (first.assignee, first.delegated_from) == (deputy, director)

    decide(first.pk, by=deputy, decision="approve", reason="")

    declaration.refresh_from_db()
    assert declaration.status == Status.APPROVED
    second.refresh_from_db()
    assert (second.decided_by, second.assignee, second.delegated_from) == (
        deputy,
        deputy,
        director,
    )
    assert declaration.events.get(action="step_approved").note == (
        "Steps 1 and 2 approved by Dee Deputy as line manager (for Dana Director) "
        "and director (for Dana Director)."
    )


# --- who could ever be asked -------------------------------------------------------------------


@pytest.mark.django_db
def test_line_managers_role_holders_and_chief_executives_may_be_asked(
    thurrock, officer, line_manager, director, monitoring_officer
):
    chief = person(thurrock, "cy.chief", "chief_executive")

    assert [decisions.may_ever_decide(p) for p in (line_manager, director, monitoring_officer)] == [
        True,
        True,
        True,
    ]
    assert decisions.may_ever_decide(chief)
    assert not decisions.may_ever_decide(officer)


@pytest.mark.django_db
def test_a_manager_whose_reports_have_all_left_is_not_asked(officer, line_manager):
    officer.active = False
    officer.save()

    assert not decisions.may_ever_decide(line_manager)


@pytest.mark.django_db
def test_a_role_that_has_ended_no_longer_counts(thurrock):
    hr = person(thurrock, "hal.hr", "manager")
    RoleAssignmentFactory(
        officer=hr, role="hr", valid_from=TODAY() - 30 * DAY, valid_to=TODAY() - DAY
    )

    assert not decisions.may_ever_decide(hr)
    assert decisions.may_ever_decide(hr, on=TODAY() - 2 * DAY)


@pytest.mark.django_db
def test_a_delegate_or_anyone_ever_given_a_step_may_be_asked(officer, line_manager, thurrock):
    deputy = person(thurrock, "dee.deputy", "staff")
    delegate(line_manager, deputy, TODAY() + DAY, TODAY() + 2 * DAY)  # not yet in force
    once = person(thurrock, "ona.once", "staff")
    _, (step,) = open_for(officer)
    ApprovalStep.objects.filter(pk=step.pk).update(assignee=once)

    assert decisions.may_ever_decide(deputy)
    assert decisions.may_ever_decide(once)


@pytest.mark.django_db
def test_a_delegation_that_is_over_no_longer_counts(line_manager, thurrock, officer):
    deputy = person(thurrock, "dee.deputy", "staff")
    Delegation.objects.create(
        delegator=line_manager, delegate=deputy, starts_on=TODAY() - 5 * DAY, ends_on=TODAY() - DAY
    )

    assert not decisions.may_ever_decide(deputy)
