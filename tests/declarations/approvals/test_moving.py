"""Moving waiting steps: when the person asked has left, is no longer on the declarant's
line-management chain, or no longer holds the role, the route is asked again and the
step goes to whoever it names now, with one history event and an email for an open step.

The cast (tests/conftest.py): Olive Officer reports to Lee Manager, who reports to Dana
Director; Mona Monitoring is Thurrock's monitoring officer."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from declarations.approvals import DecisionError, decide, delegate
from declarations.approvals.moving import (
    move_steps_after_line_management,
    move_steps_of_leaver,
    move_steps_of_role,
)
from declarations.choices import EventAction, StepState
from declarations.models import ApprovalStep, Officer, RoleAssignment
from tests.declarations.concurrency import race
from tests.factories import RoleAssignmentFactory, open_for, person

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def leave(officer: Officer) -> None:
    """What people.leavers does first: nobody's route names an inactive officer."""
    Officer.objects.filter(pk=officer.pk).update(active=False)
    officer.active = False


def moved_note(declaration) -> str:
    (event,) = declaration.events.filter(action=EventAction.STEP_MOVED)
    return event.note


def test_a_leavers_open_step_passes_to_their_line_manager_with_an_event_and_an_email(
    commit, officer, line_manager, director, monitoring_officer, admin_user
):
    declaration, (step,) = open_for(officer)
    leave(line_manager)

    moved = commit(move_steps_of_leaver, line_manager, actor=admin_user)

    step.refresh_from_db()
    assert [each.step.pk for each in moved] == [step.pk]
    assert (step.assignee, step.route_unresolved, step.state) == (
        director,
        False,
        StepState.PENDING,
    )
    assert step.due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert moved_note(declaration) == (
        "Lee Manager (line manager) has left. Now asked: Dana Director (line manager)."
    )
    assert declaration.events.get(action=EventAction.STEP_MOVED).actor == admin_user
    (message,) = mail.outbox
    assert message.to == ["dana.director@example.org"]
    assert message.subject.startswith(f"Approval needed: {declaration.reference}")


def test_with_nobody_above_it_falls_back_to_the_monitoring_officer_flagged_unresolved(
    commit, officer, director, monitoring_officer
):
    declaration, (step,) = open_for(officer, route=["director"])
    leave(director)

    commit(move_steps_of_leaver, director)

    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (monitoring_officer, True)
    assert moved_note(declaration) == (
        "Dana Director (director) has left. "
        "Now asked: Mona Monitoring (in place of a director: none was found)."
    )
    assert [m.to for m in mail.outbox] == [["mona.monitoring@example.org"]]


def test_a_later_step_not_yet_reached_changes_hands_without_an_email(
    commit, officer, line_manager, director, monitoring_officer
):
    declaration, (first, second) = open_for(officer, route=["line_manager", "director"])
    leave(director)

    commit(move_steps_of_leaver, director)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.assignee == line_manager  # not the leaver's: untouched
    assert (second.assignee, second.opened_at, second.route_unresolved) == (
        monitoring_officer,
        None,
        True,
    )
    assert "Now asked: Mona Monitoring" in moved_note(declaration)
    assert mail.outbox == []


def test_two_steps_of_one_declaration_make_one_event(
    officer, line_manager, director, monitoring_officer
):
    declaration, _ = open_for(officer, "declare", route=["line_manager", "monitoring_officer"])
    ApprovalStep.objects.filter(declaration=declaration, order=2).update(assignee=line_manager)
    leave(line_manager)

    move_steps_of_leaver(line_manager)

    assert list(declaration.approval_steps.values_list("assignee", flat=True)) == [
        director.pk,
        monitoring_officer.pk,
    ]
    note = moved_note(declaration)
    assert note.count("Lee Manager") == 2
    assert note.endswith("Now asked: Mona Monitoring (monitoring officer).")


def test_a_step_held_by_a_delegate_who_leaves_goes_back_to_the_approver(
    commit, officer, line_manager, director
):
    deputy = person(officer.organisation, "dee.deputy", "manager", director)
    declaration, (step,) = open_for(officer)
    today = timezone.localdate()
    delegate(line_manager, deputy, today, today + DAY)
    leave(deputy)

    commit(move_steps_of_leaver, deputy)

    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (line_manager, None)
    assert moved_note(declaration) == (
        "Dee Deputy (line manager, for Lee Manager) has left. "
        "Now asked: Lee Manager (line manager)."
    )
    assert [m.to for m in mail.outbox] == [["lee.manager@example.org"]]


def test_when_the_approver_a_delegate_acts_for_leaves_the_step_moves_on(
    officer, line_manager, director
):
    deputy = person(officer.organisation, "dee.deputy", "manager", director)
    declaration, (step,) = open_for(officer)
    today = timezone.localdate()
    delegate(line_manager, deputy, today, today + DAY)
    leave(line_manager)

    move_steps_of_leaver(line_manager)

    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (director, None)
    assert moved_note(declaration).startswith("Lee Manager (line manager) has left.")


def test_an_open_step_goes_to_the_new_approvers_delegate_if_they_are_away(
    officer, line_manager, director
):
    stand_in = person(officer.organisation, "sid.standin", "director")
    today = timezone.localdate()
    delegate(director, stand_in, today, today + DAY)
    declaration, (step,) = open_for(officer)
    leave(line_manager)

    move_steps_of_leaver(line_manager)

    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (stand_in, director)
    assert "Now asked: Sid Standin (line manager, for Dana Director)." in moved_note(declaration)


def test_moving_again_changes_nothing(officer, line_manager, director):
    declaration, _ = open_for(officer)
    leave(line_manager)
    move_steps_of_leaver(line_manager)

    again = move_steps_of_leaver(line_manager)

    assert again == []
    assert declaration.events.filter(action=EventAction.STEP_MOVED).count() == 1


def test_decided_steps_stay_as_they_were(officer, line_manager):
    _, (step,) = open_for(officer)
    ApprovalStep.objects.filter(pk=step.pk).update(
        state=StepState.APPROVED, decided_by=line_manager, decided_at=timezone.now()
    )
    leave(line_manager)

    assert move_steps_of_leaver(line_manager) == []
    step.refresh_from_db()
    assert step.assignee == line_manager


# --- a change of line manager ------------------------------------------------------------


def test_a_new_line_manager_is_given_the_officers_waiting_step(
    commit, officer, line_manager, director
):
    new_manager = person(officer.organisation, "nia.newman", "manager", director)
    declaration, (step,) = open_for(officer)
    Officer.objects.filter(pk=officer.pk).update(line_manager=new_manager)

    commit(move_steps_after_line_management, [officer])

    step.refresh_from_db()
    assert step.assignee == new_manager
    assert moved_note(declaration) == (
        "Lee Manager (line manager) is no longer their line manager. "
        "Now asked: Nia Newman (line manager)."
    )
    assert [m.to for m in mail.outbox] == [["nia.newman@example.org"]]


def test_a_managers_new_line_manager_moves_the_chain_steps_of_everyone_below_them(
    officer, line_manager, director
):
    other_director = person(officer.organisation, "dev.director", "director")
    by_officer, (director_step,) = open_for(officer, route=["director"])
    by_manager, (manager_step,) = open_for(line_manager)
    _, (untouched,) = open_for(officer)  # still Lee: their line manager did not change
    Officer.objects.filter(pk=line_manager.pk).update(line_manager=other_director)

    move_steps_after_line_management([line_manager.pk])

    director_step.refresh_from_db()
    manager_step.refresh_from_db()
    untouched.refresh_from_db()
    assert director_step.assignee == other_director
    assert manager_step.assignee == other_director
    assert untouched.assignee == line_manager
    assert moved_note(by_officer) == (
        "Dana Director (director) is no longer their director. Now asked: Dev Director (director)."
    )
    assert moved_note(by_manager).startswith(
        "Dana Director (line manager) is no longer their line manager."
    )


def test_people_outside_the_chain_keep_their_steps(officer, line_manager, director, stranger):
    boss = person(stranger.organisation, "bo.boss", "manager")
    Officer.objects.filter(pk=stranger.pk).update(line_manager=boss)
    stranger.refresh_from_db()
    _, (step,) = open_for(stranger)
    new_manager = person(officer.organisation, "nia.newman", "manager", director)
    Officer.objects.filter(pk=officer.pk).update(line_manager=new_manager)

    assert move_steps_after_line_management([officer]) == []
    step.refresh_from_db()
    assert step.assignee == boss


def test_organisation_role_steps_are_not_asked_again_after_a_change_of_line_manager(
    officer, line_manager, director, monitoring_officer
):
    _, (step,) = open_for(officer, "declare", route=["monitoring_officer"])
    Officer.objects.filter(pk=officer.pk).update(line_manager=director)

    assert move_steps_after_line_management([officer]) == []
    step.refresh_from_db()
    assert step.assignee == monitoring_officer


# --- a change of role holder ----------------------------------------------------------------


def test_a_role_that_changes_hands_passes_its_waiting_steps_to_the_new_holder(
    commit, thurrock, officer, monitoring_officer
):
    hana = person(thurrock, "hana.hr", "manager")
    held = RoleAssignmentFactory(officer=hana, organisation=thurrock, role="hr")
    declaration, (step,) = open_for(officer, "declare", route=["hr"])
    assert step.assignee == hana
    hal = person(thurrock, "hal.hr", "manager")
    today = timezone.localdate()
    RoleAssignment.objects.filter(pk=held.pk).update(valid_to=today - DAY)
    RoleAssignmentFactory(officer=hal, organisation=thurrock, role="hr", valid_from=today)

    commit(move_steps_of_role, thurrock, "hr")

    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (hal, False)
    assert moved_note(declaration) == (
        "Hana Hr (HR) no longer holds the role. Now asked: Hal Hr (HR)."
    )
    assert [m.to for m in mail.outbox] == [["hal.hr@example.org"]]


def test_a_step_the_monitoring_officer_held_for_nobody_goes_to_a_new_holder(
    thurrock, officer, monitoring_officer
):
    declaration, (step,) = open_for(officer, "declare", route=["hr"])
    assert (step.assignee, step.route_unresolved) == (monitoring_officer, True)
    hal = person(thurrock, "hal.hr", "manager")
    RoleAssignmentFactory(officer=hal, organisation=thurrock, role="hr")

    move_steps_of_role(thurrock, "hr")

    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (hal, False)
    assert moved_note(declaration) == (
        "Mona Monitoring (in place of a HR: none was found) is no longer asked: "
        "someone now holds the role. Now asked: Hal Hr (HR)."
    )


def test_a_new_monitoring_officer_takes_the_steps_held_in_place_of_nobody(
    thurrock, officer, monitoring_officer
):
    _, (step,) = open_for(officer, "declare", route=["hr"])
    mark = person(thurrock, "mark.new", "assistant_director")
    today = timezone.localdate()
    RoleAssignment.objects.filter(officer=monitoring_officer).update(valid_to=today - DAY)
    RoleAssignmentFactory(officer=mark, role="monitoring_officer", valid_from=today)

    move_steps_of_role(thurrock, "monitoring_officer")

    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (mark, True)


def test_a_role_at_another_employer_moves_nothing_here(thurrock, officer, stranger):
    hana = person(thurrock, "hana.hr", "manager")
    RoleAssignmentFactory(officer=hana, organisation=thurrock, role="hr")
    _, (step,) = open_for(officer, "declare", route=["hr"])
    RoleAssignmentFactory(officer=stranger, role="hr")

    assert move_steps_of_role(stranger.organisation, "hr") == []
    step.refresh_from_db()
    assert step.assignee == hana


# --- bounded work ------------------------------------------------------------------------


def queries_to_move(leaver: Officer, declarant: Officer, count: int) -> int:
    """Queries to move the steps of `count` declarations of one declarant when `leaver` leaves."""
    for _ in range(count):
        open_for(declarant)
    leave(leaver)
    with CaptureQueriesContext(connection) as captured:
        moved = move_steps_of_leaver(leaver)
    assert len(moved) == count
    return len(captured)


def test_moving_many_steps_takes_no_more_queries_than_moving_two(
    thurrock, officer, line_manager, director, monitoring_officer
):
    other_manager = person(thurrock, "oli.other", "manager", director)
    other_officer = person(thurrock, "otto.other", "staff", other_manager)

    two = queries_to_move(line_manager, officer, 2)
    twelve = queries_to_move(other_manager, other_officer, 12)

    assert twelve == two


# --- at the same moment as a decision (row locks: PostgreSQL only) --------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_leaving_while_the_step_is_decided_gives_one_answer_or_the_other(
    officer, line_manager, director
):
    declaration, (step,) = open_for(officer)

    def leaving() -> list:
        leave(line_manager)
        return move_steps_of_leaver(line_manager)

    results = race(
        leaving,
        lambda: decide(step.pk, by=line_manager, decision="approve", reason="Fine"),
    )

    step.refresh_from_db()
    moved = declaration.events.filter(action=EventAction.STEP_MOVED).count()
    if step.state == StepState.APPROVED:
        assert (step.decided_by, moved, results[0]) == (line_manager, 0, [])
    else:
        assert (step.state, step.assignee, moved) == (StepState.PENDING, director, 1)
        assert isinstance(results[1], DecisionError), results
