"""Emails: to the assignee when a step opens, to the officer on each decision.

The tests run tasks at once (tests/conftest.py): an email is queued when the transaction
commits and sent straight away. With the database queue (the last test) it is queued in
the transaction and the worker renders and sends it after the commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from declarations import labels, notifications
from declarations.approvals.decisions import AlreadyDecided, decide
from declarations.approvals.delegation import delegate
from declarations.approvals.disposition import record_disposition
from declarations.models import Declaration
from tests.e2e.helpers import file_declaration
from tests.factories import open_for
from tests.workers import run_the_worker, worker_runs

SITE = "http://127.0.0.1:8000"


def html_of(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.django_db
def test_the_assignee_is_emailed_when_a_step_opens(commit, officer, line_manager):
    declaration, (step,) = commit(open_for, officer)

    (message,) = mail.outbox
    assert message.to == ["lee.manager@example.org"]
    assert message.subject == (
        f"Approval needed: {declaration.reference}, gift from Acme Supplies Ltd"
    )
    link = f"{SITE}/decisions/{step.pk}/"
    assert link in message.body
    assert "needs your approval as line manager" in message.body
    assert f'href="{link}"' in html_of(message)
    assert "Olive Officer" in html_of(message)


@pytest.mark.django_db
def test_a_sensitive_entrys_subject_names_no_one(commit, officer, line_manager):
    """Subjects show in previews: a disclosure is named by its type alone."""
    declaration, _ = commit(
        open_for, officer, "declare", type="disclosure", counterparty="Essex Police"
    )

    (message,) = mail.outbox
    assert message.subject == f"Please acknowledge: {declaration.reference}, disclosure"


@pytest.mark.django_db
def test_the_link_uses_site_url(commit, officer, settings):
    settings.SITE_URL = "https://register.example.org/"

    _, (step,) = commit(open_for, officer)

    assert f"https://register.example.org/decisions/{step.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_nothing_is_sent_before_the_transaction_commits(officer):
    open_for(officer)  # in a test transaction that never commits

    assert mail.outbox == []


@pytest.mark.django_db
def test_an_approval_route_emails_only_the_first_approver(commit, officer):
    commit(open_for, officer, route=["line_manager", "director"])

    assert [m.to for m in mail.outbox] == [["lee.manager@example.org"]]


@pytest.mark.django_db
def test_a_declaration_emails_everyone_to_acknowledge(commit, officer):
    commit(open_for, officer, outcome="declare", route=["line_manager", "director"])

    assert sorted(m.to[0] for m in mail.outbox) == [
        "dana.director@example.org",
        "lee.manager@example.org",
    ]
    assert all(m.subject.startswith("Please acknowledge:") for m in mail.outbox)
    assert "you need to acknowledge" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_delegate_is_told_whom_they_act_for(commit, officer, line_manager, director):
    line_manager.delegations.create(
        delegate=director, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )

    commit(open_for, officer)

    (message,) = mail.outbox
    assert message.to == ["dana.director@example.org"]
    assert "as delegate for Lee Manager (line manager)" in message.body


@pytest.mark.django_db
def test_handing_steps_to_a_delegate_emails_the_delegate(commit, officer, line_manager, director):
    _, (step,) = open_for(officer)

    commit(delegate, line_manager, director, timezone.localdate(), timezone.localdate())

    (message,) = mail.outbox
    assert message.to == ["dana.director@example.org"]
    assert f"/decisions/{step.pk}/" in message.body


@pytest.mark.django_db
def test_a_prohibited_route_waits_for_the_officer_before_emailing(commit, officer):
    declaration, _ = commit(open_for, officer, outcome="prohibited")
    assert mail.outbox == []

    commit(record_disposition, declaration, officer.user, "declined", declaration.date)

    (message,) = mail.outbox
    assert message.to == ["lee.manager@example.org"]
    assert message.subject.startswith("Please acknowledge:")


@pytest.mark.django_db
def test_the_officer_is_told_what_to_do_next_and_by_when(commit, officer, director):
    declaration = commit(file_declaration, officer, "gift", status="offered")

    (message,) = mail.outbox
    due = labels.long_date(declaration.disposition_due_on)
    assert message.to == ["olive.officer@example.org"]
    assert message.subject == f"Tell us what happened to the gift from Acme Supplies Ltd by {due}"
    assert f"Your code says this must be declined. Tell us what happened to it by {due}." in (
        message.body
    )
    link = f"{SITE}/declarations/{declaration.pk}/what-happened/"
    assert link in message.body
    assert f'href="{link}"' in html_of(message)
    assert "we will send it to Dana Director (director) to acknowledge" in message.body


@pytest.mark.django_db
def test_an_officer_who_declined_it_when_filing_is_not_asked_again(commit, officer, director):
    commit(file_declaration, officer, "gift", status="declined")

    (message,) = mail.outbox
    assert message.to == ["dana.director@example.org"]
    assert message.subject.startswith("Please acknowledge:")


@pytest.mark.django_db
def test_the_officer_is_emailed_on_each_decision(commit, officer, line_manager, director):
    declaration, (first, second) = open_for(officer, route=["line_manager", "director"])

    commit(decide, first.pk, by=line_manager, decision="approve", reason="Within limits")

    to_officer, to_director = sorted(
        mail.outbox, key=lambda m: m.to[0] != "olive.officer@example.org"
    )
    assert to_officer.to == ["olive.officer@example.org"]
    assert to_officer.subject == (
        f"Your declaration {declaration.reference} was approved by Lee Manager"
    )
    assert "Note: Within limits" in to_officer.body
    assert "now awaiting approval" in to_officer.body
    link = f"{SITE}/declarations/{declaration.pk}/"
    assert link in to_officer.body
    assert f'href="{link}"' in html_of(to_officer)
    assert to_director.to == ["dana.director@example.org"]
    assert f"/decisions/{second.pk}/" in to_director.body


@pytest.mark.django_db
def test_a_rejection_email_gives_the_reason(commit, officer, line_manager):
    declaration, (step,) = open_for(officer)

    commit(decide, step.pk, by=line_manager, decision="reject", reason="Too valuable")

    (message,) = mail.outbox
    assert (
        message.subject == f"Your declaration {declaration.reference} was rejected by Lee Manager"
    )
    assert "Reason: Too valuable" in message.body
    assert "Too valuable" in html_of(message)
    assert "now rejected" in message.body


@pytest.mark.django_db
def test_a_delegates_decision_email_says_for_whom(commit, officer, line_manager, director):
    _, (step,) = open_for(officer)
    delegate(line_manager, director, timezone.localdate(), timezone.localdate())

    commit(decide, step.pk, by=director, decision="approve", reason="")

    (message,) = mail.outbox
    assert "approved by Dana Director for Lee Manager" in message.body


@pytest.mark.django_db
def test_a_refused_decision_sends_nothing(commit, officer, line_manager):
    _, (step,) = open_for(officer)
    decide(step.pk, by=line_manager, decision="approve", reason="")

    with pytest.raises(AlreadyDecided):
        commit(decide, step.pk, by=line_manager, decision="reject", reason="no")

    assert mail.outbox == []


@pytest.mark.django_db
def test_someone_without_an_email_address_is_skipped(commit, officer, line_manager):
    line_manager.user.email = ""
    line_manager.user.save()

    commit(open_for, officer)

    assert mail.outbox == []


@pytest.mark.django_db
def test_send_email_renders_both_parts(officer):
    sent = notifications.send_email(
        "deadline_reminder",
        "Subject line",
        [officer],
        {
            "declaration": open_for(officer, outcome="declare", type="interest")[0],
            "deadline": timezone.localdate(),
            "when": "today",
            "draft": True,
            "waiting_for": [],
            "link": "http://x/",
        },
    )

    assert sent == 1
    (message,) = mail.outbox
    assert "still a draft" in message.body
    assert "<!DOCTYPE html>" in html_of(message)


@worker_runs
def test_with_a_task_queue_the_email_says_where_things_stand_after_the_decision(
    tasks_in_the_database, officer, line_manager
):
    declaration, (step,) = open_for(officer)
    decide(step.pk, by=line_manager, decision="reject", reason="Too valuable")
    assert mail.outbox == []  # queued with the decision, not sent

    run_the_worker()

    # The approver is not asked about a step they have decided since it opened.
    (to_officer,) = mail.outbox
    assert to_officer.to == ["olive.officer@example.org"]
    assert to_officer.subject == (
        f"Your declaration {declaration.reference} was rejected by Lee Manager"
    )
    assert "now rejected" in to_officer.body  # rendered after the rejection was saved
    assert Declaration.objects.get(pk=declaration.pk).status == "rejected"
