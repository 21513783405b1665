"""Leavers: on their leaving date an officer stops being able to sign in, their new
interests and outside work awaiting a decision are withdrawn (an amendment of one in
force stays with its approver and ends on the leaving date once decided), their waiting
steps pass to the next person, and their interests and outside work in force end; a
date still to come waits for the hourly task. Applying a leaving twice changes nothing,
and a leaver's date, once applied, is never moved."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conduct_register.schedule import JOBS
from declarations import clock, scheduling
from declarations.approvals import decide
from declarations.choices import EventAction, SecurityEventKind, Status, StepState
from declarations.models import (
    ApprovalStep,
    Declaration,
    Officer,
    SecurityEvent,
    SignedInSession,
)
from declarations.people import apply_leaving, apply_leaving_dates, record_leaving
from tests.declarations.accounts.local_sign_in import sign_in
from tests.factories import DeclarationEventFactory, declare, make_declaration, open_for

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def at_nine(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_leaving_today_stops_them_signing_in_with_their_password(client, officer, admin_user):
    record_leaving(officer, today(), actor=admin_user, reason="resigned")

    response = sign_in(client, "olive.officer")

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    officer.refresh_from_db()
    officer.user.refresh_from_db()
    assert (officer.active, officer.left_on, officer.user.is_active) == (False, today(), False)


def test_a_session_they_are_signed_in_with_stops_working_and_is_deleted(client, officer):
    client.force_login(officer.user)
    key = client.session.session_key
    assert SignedInSession.objects.filter(user=officer.user, session_key=key).exists()

    leaving = record_leaving(officer, today(), actor=None)

    assert leaving is not None
    assert leaving.signed_out == 1
    assert not SignedInSession.objects.filter(user=officer.user).exists()
    assert not Session.objects.filter(session_key=key).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_security_log_records_the_leaving_without_secrets(officer, admin_user):
    record_leaving(officer, today() - DAY, actor=admin_user, reason="resigned")

    (event,) = SecurityEvent.objects.filter(kind=SecurityEventKind.OFFICER_LEFT)
    assert (event.user, event.organisation) == (officer.user, officer.organisation)
    assert event.detail == {
        "left_on": (today() - DAY).isoformat(),
        "recorded_by": "admin",
        "reason": "resigned",
        "signed_out_of": 0,
    }


def test_their_waiting_step_passes_to_their_line_managers_manager(
    commit, officer, line_manager, director, admin_user
):
    declaration, (step,) = open_for(officer)
    mail.outbox.clear()

    commit(record_leaving, line_manager, today(), actor=admin_user)

    step.refresh_from_db()
    assert step.assignee == director
    event = declaration.events.get(action=EventAction.STEP_MOVED)
    assert event.note == (
        "Lee Manager (line manager) has left. Now asked: Dana Director (line manager)."
    )
    assert event.actor == admin_user
    assert [m.to for m in mail.outbox] == [["dana.director@example.org"]]


def test_with_nobody_above_their_step_goes_to_the_monitoring_officer_flagged(
    officer, director, monitoring_officer
):
    _, (step,) = open_for(officer, route=["director"])

    record_leaving(director, today(), actor=None)

    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (monitoring_officer, True)


def test_their_interests_and_outside_work_end_on_the_leaving_date(officer, admin_user):
    left_on = today() - 2 * DAY
    interest = declare(officer, "interest", "approved", date=datetime.date(2025, 1, 1))
    outside_work = declare(officer, "outside_work", "recorded", date=datetime.date(2025, 2, 1))
    gift = declare(officer, "gift", "recorded")
    waiting = declare(officer, "interest", "awaiting_approval")
    already = declare(
        officer,
        "interest",
        "ended",
        date=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2025, 6, 1),
    )

    record_leaving(officer, left_on, actor=admin_user)

    for ended in (interest, outside_work):
        ended.refresh_from_db()
        assert (ended.status, ended.ended_on) == (Status.ENDED, left_on)
        event = ended.events.get(action=EventAction.END)
        assert event.actor == admin_user
        assert event.note == (
            f"Ended on {left_on.day} {left_on:%B %Y}. "
            f"Ended because Olive Officer left on {left_on.day} {left_on:%B %Y}."
        )
    statuses = dict(Declaration.objects.values_list("pk", "status"))
    assert statuses[gift.pk] == Status.RECORDED
    assert statuses[waiting.pk] == Status.WITHDRAWN
    assert statuses[already.pk] == Status.ENDED
    assert not already.events.exists()


def test_an_interest_starting_after_the_leaving_date_ends_on_the_day_it_starts(officer):
    starts = today() + 5 * DAY
    interest = declare(officer, "interest", "recorded", date=starts)

    record_leaving(officer, today(), actor=None)

    interest.refresh_from_db()
    assert (interest.status, interest.ended_on) == (Status.ENDED, starts)


def test_a_date_still_to_come_changes_nothing_until_the_daily_task_runs_on_it(
    client, officer, line_manager, director
):
    _, (step,) = open_for(officer)
    interest = declare(officer, "interest", "approved", date=datetime.date(2025, 1, 1))
    leaving_day = today() + 3 * DAY

    assert record_leaving(line_manager, leaving_day, actor=None) is None
    assert apply_leaving_dates(today() + DAY) == []
    record_leaving(officer, leaving_day, actor=None)

    line_manager.refresh_from_db()
    step.refresh_from_db()
    assert (line_manager.active, line_manager.left_on) == (True, leaving_day)
    assert step.assignee == line_manager
    assert sign_in(client, "lee.manager").status_code == 302

    with clock.set_to(at_nine(leaving_day)):
        left = scheduling.apply_leaving_dates.call()

    assert left == 2
    line_manager.refresh_from_db()
    step.refresh_from_db()
    interest.refresh_from_db()
    assert line_manager.active is False
    assert step.assignee == director
    assert (interest.status, interest.ended_on) == (Status.ENDED, leaving_day)


def test_clearing_a_date_still_to_come_keeps_them(officer):
    record_leaving(officer, today() + DAY, actor=None)

    record_leaving(officer, None, actor=None)

    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (True, None)
    assert apply_leaving_dates(today() + 2 * DAY) == []


def test_applying_a_leaving_twice_changes_nothing_the_second_time(officer, line_manager, director):
    declaration, _ = open_for(officer)
    interest = declare(line_manager, "interest", "approved", date=datetime.date(2025, 1, 1))
    first = record_leaving(line_manager, today(), actor=None)

    again = record_leaving(line_manager, today(), actor=None)
    once_more = apply_leaving(line_manager, actor=None)

    assert first and (first.newly_left, first.steps_moved, first.ended) == (True, 1, 1)
    assert not again
    assert not once_more
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OFFICER_LEFT).count() == 1
    assert declaration.events.filter(action=EventAction.STEP_MOVED).count() == 1
    assert interest.events.filter(action=EventAction.END).count() == 1
    assert apply_leaving_dates(today()) == []


def test_no_date_on_an_officer_made_to_leave_means_today(officer):
    apply_leaving(officer, actor=None)

    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, today())


def test_the_command_applies_the_leaving_dates_that_have_come(officer, line_manager):
    Officer.objects.filter(pk=officer.pk).update(left_on=today() - DAY)
    Officer.objects.filter(pk=line_manager.pk).update(left_on=today() + DAY)
    out = io.StringIO()

    call_command("apply_leaving_dates", stdout=out)

    assert out.getvalue().splitlines()[-1] == "1 officer left."
    assert dict(Officer.objects.values_list("pk", "active")) == {
        officer.pk: False,
        line_manager.pk: True,
        line_manager.line_manager_id: True,
    }


def long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize(
    ("type_", "outcome", "waiting"),
    [
        ("interest", "approval_required", Status.AWAITING_APPROVAL),
        ("outside_work", "declare", Status.AWAITING_ACKNOWLEDGEMENT),
    ],
)
def test_their_interest_or_outside_work_awaiting_a_decision_is_withdrawn(
    officer, line_manager, admin_user, type_, outcome, waiting
):
    left_on = today() - 2 * DAY
    declaration, steps = open_for(officer, outcome=outcome, type=type_)
    assert declaration.status == waiting

    leaving = record_leaving(officer, left_on, actor=admin_user)

    declaration.refresh_from_db()
    assert declaration.status == Status.WITHDRAWN
    assert leaving is not None and leaving.withdrawn == 1
    event = declaration.events.get(action=EventAction.WITHDRAW)
    assert (event.from_status, event.actor) == (waiting, admin_user)
    assert event.note == f"Withdrawn because Olive Officer left on {long(left_on)}."
    assert {step.state for step in ApprovalStep.objects.filter(declaration=declaration)} == {
        StepState.CANCELLED
    }
    cancelled = declaration.events.get(action=EventAction.STEPS_CANCELLED)
    assert cancelled.note == (
        "Lee Manager (line manager) is no longer asked: it was withdrawn because Olive "
        f"Officer left on {long(left_on)}."
    )
    assert len(steps) == 1


def test_the_hourly_task_withdraws_what_awaits_a_decision_with_nobody_as_the_actor(officer):
    declaration, _ = open_for(officer, type="interest")
    Officer.objects.filter(pk=officer.pk).update(left_on=today())

    apply_leaving_dates(today())

    declaration.refresh_from_db()
    assert declaration.status == Status.WITHDRAWN
    assert declaration.events.get(action=EventAction.WITHDRAW).actor is None
    assert declaration.events.get(action=EventAction.STEPS_CANCELLED).actor is None


def test_their_drafts_and_gifts_awaiting_a_decision_are_left_as_they_are(officer):
    draft = declare(officer, "interest", "draft")
    gift, (step,) = open_for(officer)

    record_leaving(officer, today(), actor=None)

    statuses = dict(Declaration.objects.values_list("pk", "status"))
    assert statuses[draft.pk] == Status.DRAFT
    assert statuses[gift.pk] == Status.AWAITING_APPROVAL
    assert ApprovalStep.objects.get(pk=step.pk).state == StepState.PENDING


def test_an_amendment_awaiting_approval_is_withdrawn_and_the_version_in_force_ends(officer):
    left_on = today() - DAY
    in_force = declare(officer, "interest", "approved", date=datetime.date(2025, 1, 1))
    amendment = make_declaration(
        officer,
        type="interest",
        reference=in_force.reference,
        version=2,
        amends=in_force,
        date=datetime.date(2025, 1, 1),
    )

    record_leaving(officer, left_on, actor=None)

    in_force.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.status == Status.WITHDRAWN
    assert (in_force.status, in_force.ended_on) == (Status.ENDED, left_on)


DECIDED_BY = {
    Status.APPROVED: EventAction.APPROVE,
    Status.RECORDED: EventAction.RECORD,
    Status.REJECTED: EventAction.REJECT,
}


def superseded_after(status: str, officer, type_: str) -> Declaration:
    """Version 1 of an entry, decided (`status`) and then replaced by submitting an
    amendment, with the history that says so."""
    first = declare(officer, type_, Status.SUPERSEDED, date=datetime.date(2025, 1, 1))
    DeclarationEventFactory(
        declaration=first,
        action=DECIDED_BY[status],
        from_status=Status.AWAITING_APPROVAL,
        to_status=status,
    )
    DeclarationEventFactory(
        declaration=first,
        action=EventAction.SUPERSEDE,
        from_status=status,
        to_status=Status.SUPERSEDED,
    )
    return first


@pytest.mark.parametrize(
    ("type_", "outcome", "decision", "in_force"),
    [
        ("interest", "approval_required", "approve", Status.APPROVED),
        ("outside_work", "declare", "acknowledge", Status.RECORDED),
    ],
)
def test_an_amendment_of_an_entry_in_force_stays_with_its_approver_and_ends_when_decided(
    officer, line_manager, type_, outcome, decision, in_force
):
    left_on = today() - DAY
    first = superseded_after(in_force, officer, type_)
    amendment, (step,) = open_for(
        officer,
        outcome=outcome,
        type=type_,
        reference=first.reference,
        version=2,
        amends=first,
        date=datetime.date(2025, 1, 1),
    )
    waiting = amendment.status

    leaving = record_leaving(officer, left_on, actor=None)

    amendment.refresh_from_db()
    assert leaving is not None and leaving.withdrawn == 0
    assert amendment.status == waiting
    assert ApprovalStep.objects.get(pk=step.pk).state == StepState.PENDING

    decide(step.pk, by=line_manager, decision=decision)

    amendment.refresh_from_db()
    assert (amendment.status, amendment.ended_on) == (Status.ENDED, left_on)
    decided, ended = amendment.events.filter(to_status__in=[in_force, Status.ENDED]).order_by("pk")
    assert (decided.to_status, ended.from_status, ended.actor) == (
        in_force,
        in_force,
        line_manager.user,
    )
    assert ended.note == (
        f"Ended on {long(left_on)}. Ended because Olive Officer left on {long(left_on)}."
    )


def test_an_amendment_of_an_entry_in_force_rejected_after_they_left_stays_rejected(
    officer, line_manager
):
    first = superseded_after(Status.APPROVED, officer, "interest")
    amendment, (step,) = open_for(
        officer, type="interest", reference=first.reference, version=2, amends=first
    )
    record_leaving(officer, today(), actor=None)

    decide(step.pk, by=line_manager, decision="reject", reason="Not enough detail")

    amendment.refresh_from_db()
    assert (amendment.status, amendment.ended_on) == (Status.REJECTED, None)


def test_an_amendment_of_an_entry_never_in_force_is_withdrawn(officer):
    first = superseded_after(Status.REJECTED, officer, "interest")
    amendment, _ = open_for(
        officer, type="interest", reference=first.reference, version=2, amends=first
    )

    leaving = record_leaving(officer, today(), actor=None)

    amendment.refresh_from_db()
    assert amendment.status == Status.WITHDRAWN
    assert leaving is not None and leaving.withdrawn == 1


def test_approving_an_interest_of_someone_still_in_post_does_not_end_it(officer, line_manager):
    declaration, (step,) = open_for(officer, type="interest")

    decide(step.pk, by=line_manager, decision="approve")

    declaration.refresh_from_db()
    assert (declaration.status, declaration.ended_on) == (Status.APPROVED, None)


def test_a_leavers_date_is_never_moved_once_applied(officer):
    left_on = today() - 10 * DAY
    record_leaving(officer, left_on, actor=None)

    later = record_leaving(officer, today() - DAY, actor=None)
    cleared = record_leaving(officer, None, actor=None)
    ahead = record_leaving(officer, today() + DAY, actor=None)

    assert (later, cleared, ahead) == (None, None, None)
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, left_on)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OFFICER_LEFT).count() == 1


def test_the_schedule_applies_leaving_dates_every_hour():
    (job,) = [job for job in JOBS if job.name == "apply_leaving_dates"]

    assert (job.hour, job.minute, job.every_minutes) == (None, 15, None)
    assert job.task == "declarations.scheduling.apply_leaving_dates"
