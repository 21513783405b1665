"""manage.py send_reminders, the worker's daily reminders task and approvals.reminders:
steps left open, interests nearing their deadline, never twice a day."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from declarations import labels
from declarations.approvals import reminder_tasks, reminders
from declarations.approvals.decisions import decide
from declarations.approvals.disposition import record_disposition
from declarations.choices import Status
from declarations.models import ApprovalStep, Declaration
from declarations.workflow import transition
from tests.factories import (
    DeclarationFactory,
    InterestFactory,
    make_declaration,
    make_verdict,
    open_for,
)

DAY = datetime.timedelta(days=1)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def opened_days_ago(step: ApprovalStep, days: int) -> None:
    opened = timezone.now() - days * DAY
    ApprovalStep.objects.filter(pk=step.pk).update(
        opened_at=opened, due_on=timezone.localdate(opened) + 10 * DAY
    )


# --- approvers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_step_open_five_days_is_reminded_and_four_days_is_not(officer, line_manager):
    due, (due_step,) = open_for(officer, counterparty="Five Days Ltd")
    _, (early_step,) = open_for(officer, counterparty="Four Days Ltd")
    opened_days_ago(due_step, 5)
    opened_days_ago(early_step, 4)

    output = run()

    (message,) = mail.outbox
    assert message.to == ["lee.manager@example.org"]
    assert message.subject == "Reminder: 1 declaration is waiting for your decision"
    assert due.reference in message.body
    assert "Four Days Ltd" not in message.body
    assert f"http://127.0.0.1:8000/decisions/{due_step.pk}/" in message.body
    assert "http://127.0.0.1:8000/decisions/" in message.alternatives[0][0]
    assert output.strip() == (
        "Sent 1 step reminder (1 step), 0 deadline reminders and 0 reminders to say what happened."
    )
    due_step.refresh_from_db()
    early_step.refresh_from_db()
    assert due_step.last_reminded_on == timezone.localdate()
    assert early_step.last_reminded_on is None


@pytest.mark.django_db
def test_running_twice_on_one_day_sends_nothing_twice(officer):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)

    run()
    second = run()

    assert len(mail.outbox) == 1
    assert second.strip() == (
        "Sent 0 step reminders (0 steps), 0 deadline reminders "
        "and 0 reminders to say what happened."
    )


@pytest.mark.django_db
def test_the_scheduled_task_sends_what_the_command_sends_and_not_again(officer):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)

    first = reminder_tasks.send_reminders.enqueue()
    output = run()

    (message,) = mail.outbox
    assert message.subject == "Reminder: 1 declaration is waiting for your decision"
    assert first.return_value == {
        "step_reminders": 1,
        "steps": 1,
        "deadline_reminders": 0,
        "disposition_reminders": 0,
    }
    assert output.startswith("Sent 0 step reminders (0 steps)")


@pytest.mark.django_db
def test_a_step_reminded_yesterday_is_reminded_again_today(officer):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)
    ApprovalStep.objects.filter(pk=step.pk).update(last_reminded_on=timezone.localdate() - DAY)

    run()

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_days_option_and_setting(officer, settings):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 3)

    run()
    assert mail.outbox == []

    settings.REMINDER_AFTER_DAYS = 3
    run()
    assert len(mail.outbox) == 1

    ApprovalStep.objects.filter(pk=step.pk).update(last_reminded_on=None)
    run("--days", "4")  # the option wins over the setting
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_email_per_approver_lists_all_their_steps_and_flags_overdue(officer, line_manager):
    _, (first,) = open_for(officer, counterparty="Old Co")
    _, (second,) = open_for(officer, counterparty="Older Co")
    opened_days_ago(first, 6)
    opened_days_ago(second, 12)

    output = run()

    (message,) = mail.outbox
    assert message.subject == "Reminder: 2 declarations are waiting for your decision"
    assert "Old Co" in message.body and "Older Co" in message.body
    assert "OVERDUE" in message.body
    assert "Sent 1 step reminder (2 steps)" in output


@pytest.mark.django_db
def test_steps_no_longer_waiting_are_not_reminded(officer, line_manager):
    _, (decided,) = open_for(officer)
    _, (not_open, _) = open_for(officer, route=["director", "line_manager"])
    withdrawn, (withdrawn_step,) = open_for(officer)
    transition(withdrawn, "withdraw", actor=officer.user)
    for step in (decided, withdrawn_step):
        opened_days_ago(step, 9)
    ApprovalStep.objects.filter(pk=not_open.pk).update(created_at=timezone.now() - 9 * DAY)
    decide(decided.pk, by=line_manager, decision="approve", reason="")

    output = run()

    assert mail.outbox == []
    assert "Sent 0 step reminders" in output


@pytest.mark.django_db
def test_dry_run_sends_nothing_and_marks_nothing(officer):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)

    output = run("--dry-run")

    assert mail.outbox == []
    assert "Would send 1 step reminder (1 step)" in output
    step.refresh_from_db()
    assert step.last_reminded_on is None


# --- interest deadlines --------------------------------------------------------------------


def interest_due_in(officer, days: int, status: str = Status.AWAITING_ACKNOWLEDGEMENT):
    deadline = timezone.localdate() + days * DAY
    return make_declaration(
        officer,
        outcome="declare",
        type="interest",
        status=status,
        counterparty=f"Due in {days}",
        verdict=make_verdict("declare", ["line_manager"], deadline=deadline.isoformat()),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "reminded"), [(-1, False), (0, True), (7, True), (8, False)])
def test_deadline_reminders_within_seven_days(officer, days, reminded):
    declaration = interest_due_in(officer, days)

    output = run()

    assert (len(mail.outbox) == 1) is reminded
    assert declaration.events.filter(action="deadline_reminder_sent").exists() is reminded
    declaration.refresh_from_db()
    assert declaration.deadline_reminder_sent_on == (timezone.localdate() if reminded else None)
    if reminded:
        (message,) = mail.outbox
        assert message.to == ["olive.officer@example.org"]
        assert declaration.reference in message.subject
        assert f"http://127.0.0.1:8000/declarations/{declaration.pk}/" in message.body
        assert "not yet been acknowledged" in message.body
        assert ", 1 deadline reminder and" in output


@pytest.mark.django_db
def test_deadline_days_option(officer):
    interest_due_in(officer, 10)

    run("--deadline-days", "10")

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_deadline_reminder_is_sent_once_a_day(officer):
    declaration = interest_due_in(officer, 3)

    run()
    run()

    assert len(mail.outbox) == 1
    assert declaration.events.filter(action="deadline_reminder_sent").count() == 1


@pytest.mark.django_db
def test_a_reminder_sent_on_an_earlier_day_does_not_stop_todays(officer):
    declaration = interest_due_in(officer, 3)
    Declaration.objects.filter(pk=declaration.pk).update(
        deadline_reminder_sent_on=timezone.localdate() - DAY
    )

    run()

    assert len(mail.outbox) == 1
    declaration.refresh_from_db()
    assert declaration.deadline_reminder_sent_on == timezone.localdate()


@pytest.mark.django_db
def test_the_day_recorded_on_the_declaration_is_what_stops_a_second_reminder(officer):
    declaration = interest_due_in(officer, 3)
    Declaration.objects.filter(pk=declaration.pk).update(
        deadline_reminder_sent_on=timezone.localdate()
    )

    run()

    assert mail.outbox == []


@pytest.mark.django_db
def test_only_interests_still_draft_or_awaiting_acknowledgement(officer):
    interest_due_in(officer, 3, status=Status.RECORDED)
    gift = make_declaration(
        officer,
        outcome="declare",
        verdict=make_verdict(
            "declare", ["line_manager"], deadline=(timezone.localdate() + 3 * DAY).isoformat()
        ),
    )

    run()

    assert mail.outbox == []
    assert not gift.events.exists()


@pytest.mark.django_db
def test_a_thurrock_draft_interest_is_judged_for_its_deadline(officer):
    today = timezone.localdate()
    draft = DeclarationFactory(
        officer=officer, type="interest", date=today - 25 * DAY, declared_on=today
    )
    InterestFactory(
        declaration=draft, interest_kind="financial", org_does_business_with_employer=True
    )
    assert draft.status == Status.DRAFT and draft.verdict is None

    run()

    (message,) = mail.outbox
    assert "in 3 days" in message.subject
    assert "still a draft" in message.body


@pytest.mark.django_db
def test_a_draft_without_details_is_skipped(officer):
    DeclarationFactory(officer=officer, type="interest")

    run()

    assert mail.outbox == []


# --- the functions the command calls ---------------------------------------------------------


@pytest.mark.django_db
def test_steps_due_a_reminder_are_grouped_by_approver_oldest_first(officer, line_manager, director):
    _, (newer,) = open_for(officer, counterparty="Newer Co")
    _, (older,) = open_for(officer, counterparty="Older Co")
    _, (other,) = open_for(officer, route=["director"], counterparty="Director Co")
    opened_days_ago(newer, 6)
    opened_days_ago(older, 9)
    opened_days_ago(other, 5)

    due = reminders.steps_due_reminder(timezone.localdate(), 5)

    assert {r.approver: r.steps for r in due} == {
        line_manager: [older, newer],
        director: [other],
    }
    assert len(due) == 2
    assert all(r.reachable for r in due)


@pytest.mark.django_db
def test_a_list_found_earlier_does_not_remind_anyone_twice(officer, line_manager):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)
    today = timezone.localdate()
    due = reminders.steps_due_reminder(today, 5)

    first = reminders.send_step_reminders(due, today)
    second = reminders.send_step_reminders(due, today)

    assert [r.steps for r in first] == [[step]]
    assert second == []
    assert len(mail.outbox) == 1
    assert reminders.steps_due_reminder(today, 5) == []


@pytest.mark.django_db
def test_an_approver_without_an_email_address_is_not_marked_reminded(officer, line_manager):
    _, (step,) = open_for(officer)
    opened_days_ago(step, 6)
    line_manager.user.email = ""
    line_manager.user.save(update_fields=["email"])
    today = timezone.localdate()

    (due,) = reminders.steps_due_reminder(today, 5)

    assert not due.reachable
    assert reminders.send_step_reminders([due], today) == []
    step.refresh_from_db()
    assert step.last_reminded_on is None


@pytest.mark.django_db
def test_deadlines_near_gives_each_interest_with_its_deadline(officer):
    near = interest_due_in(officer, 2)
    interest_due_in(officer, 9)
    today = timezone.localdate()

    (reminder,) = reminders.deadlines_near(today, 7)

    assert (reminder.declaration, reminder.deadline) == (near, today + 2 * DAY)


@pytest.mark.django_db
def test_a_deadline_list_found_earlier_does_not_remind_twice(officer):
    declaration = interest_due_in(officer, 2)
    today = timezone.localdate()
    near = reminders.deadlines_near(today, 7)

    assert len(reminders.send_deadline_reminders(near, today)) == 1
    assert reminders.send_deadline_reminders(near, today) == []
    assert len(mail.outbox) == 1
    assert declaration.events.filter(action="deadline_reminder_sent").count() == 1


# --- what happened to it -------------------------------------------------------------------


def untold(officer, due_in: int, counterparty: str = "Acme Supplies Ltd"):
    """A prohibited gift whose officer has still to say what happened to it, due in
    `due_in` days (negative: past its day)."""
    declaration, _ = open_for(
        officer, outcome="prohibited", route=["director"], counterparty=counterparty
    )
    Declaration.objects.filter(pk=declaration.pk).update(
        disposition_due_on=timezone.localdate() + due_in * DAY
    )
    declaration.refresh_from_db()
    return declaration


@pytest.mark.django_db
@pytest.mark.parametrize(("due_in", "reminded"), [(3, False), (2, True), (0, True), (-4, True)])
def test_an_officer_is_reminded_from_two_days_before_and_every_day_after(
    officer, director, due_in, reminded
):
    declaration = untold(officer, due_in)

    output = run()

    assert (len(mail.outbox) == 1) is reminded
    declaration.refresh_from_db()
    assert declaration.disposition_reminder_sent_on == (timezone.localdate() if reminded else None)
    assert declaration.events.filter(action="disposition_reminder_sent").exists() is reminded
    assert f"and {int(reminded)} reminder{'' if reminded else 's'} to say what happened" in output


@pytest.mark.django_db
def test_the_reminder_says_what_to_do_by_when_with_a_link(officer, director):
    declaration = untold(officer, 2)
    due = labels.long_date(declaration.disposition_due_on)

    run()

    (message,) = mail.outbox
    assert message.to == ["olive.officer@example.org"]
    assert (
        message.subject
        == f"Reminder: tell us what happened to the gift from Acme Supplies Ltd by {due}"
    )
    assert f"Your code says this must be declined. Tell us what happened to it by {due}." in (
        message.body
    )
    link = f"http://127.0.0.1:8000/declarations/{declaration.pk}/what-happened/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    event = declaration.events.get(action="disposition_reminder_sent")
    assert event.actor is None
    assert event.note == f"Reminded Olive Officer to say what happened to it: it is due by {due}."


@pytest.mark.django_db
def test_a_reminder_past_the_day_says_it_is_overdue(officer, director):
    declaration = untold(officer, -1)
    due = labels.long_date(declaration.disposition_due_on)

    run()

    (message,) = mail.outbox
    assert message.subject == "Overdue: tell us what happened to the gift from Acme Supplies Ltd"
    assert f"You were asked to tell us what happened to it by {due}." in message.body
    assert declaration.events.get(action="disposition_reminder_sent").note.endswith(
        f"it was due on {due}."
    )


@pytest.mark.django_db
def test_an_officer_is_reminded_at_most_once_a_day(officer, director):
    declaration = untold(officer, -2)

    run()
    run()

    assert len(mail.outbox) == 1
    assert declaration.events.filter(action="disposition_reminder_sent").count() == 1
    Declaration.objects.filter(pk=declaration.pk).update(
        disposition_reminder_sent_on=timezone.localdate() - DAY
    )
    run()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_nobody_is_reminded_once_they_have_told_us_or_withdrawn_it(officer, director):
    told = untold(officer, 0, counterparty="Told Ltd")
    withdrawn = untold(officer, 0, counterparty="Withdrawn Ltd")
    record_disposition(told, officer.user, "declined", told.date)
    transition(withdrawn, "withdraw", actor=officer.user)

    output = run()

    assert mail.outbox == []
    assert "and 0 reminders to say what happened" in output


@pytest.mark.django_db
def test_a_line_break_typed_in_a_name_stops_nobody_being_reminded(officer, director):
    untold(officer, 0, counterparty="Evil\r\nBcc: someone@example.org")
    untold(officer, 0, counterparty="Honest Ltd")

    output = run()

    subjects = sorted(message.subject for message in mail.outbox)
    assert any("the gift from Evil Bcc: someone@example.org by" in subject for subject in subjects)
    assert any("Honest Ltd" in subject for subject in subjects)
    assert all("\n" not in subject and "\r" not in subject for subject in subjects)
    assert "and 2 reminders to say what happened" in output


@pytest.mark.django_db
def test_a_list_found_earlier_reminds_nobody_who_has_since_withdrawn(officer, director):
    declaration = untold(officer, 0)
    found = list(reminders.dispositions_due(timezone.localdate(), 2))
    transition(declaration, "withdraw", actor=officer.user)

    sent = reminders.send_disposition_reminders(found, timezone.localdate())

    assert (sent, mail.outbox) == (0, [])
    assert not declaration.events.filter(action="disposition_reminder_sent").exists()


@pytest.mark.django_db
def test_a_dry_run_lists_the_officers_and_sends_nothing(officer, director):
    declaration = untold(officer, 1)

    output = run("--dry-run")

    assert mail.outbox == []
    assert f"Olive Officer: {declaration}, what happened to it" in output
    assert "Would send 0 step reminders (0 steps), 0 deadline reminders and 1 reminder" in output
    declaration.refresh_from_db()
    assert declaration.disposition_reminder_sent_on is None
    assert not declaration.events.filter(action="disposition_reminder_sent").exists()


@pytest.mark.django_db
def test_the_disposition_days_option(officer, director):
    untold(officer, 5)

    run("--disposition-days", "5")

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_every_officer_due_is_found_however_many_chunks_it_takes(officer, director, monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK", 2)
    made = [untold(officer, 0, counterparty=f"Giver {n}") for n in range(5)]

    found = list(reminders.dispositions_due(timezone.localdate(), 2))

    assert [reminder.declaration.pk for reminder in found] == [d.pk for d in made]
