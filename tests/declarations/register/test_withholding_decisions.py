"""The monitoring officer decides requests to keep an entry out of the published
register: only theirs to decide, with a reason, once; the decision (never the reason)
goes on the entry's history, and the reason stays on the request for the officer.
What a grant does to what is already published: test_publish_redaction.py."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from declarations import clock
from declarations.models import PublicationWithholding, SecurityEvent
from declarations.register import publishing, withholding
from tests.declarations.filing.helpers import visible_text
from tests.factories import (
    OfficerFactory,
    PublicationWithholdingFactory,
    RoleAssignmentFactory,
    UserFactory,
    declare,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/register/withholding/"


def decide_url(asked: PublicationWithholding) -> str:
    return reverse("withholding-decide", args=[asked.pk])


def ask(declaration, reason: str = "My former partner is a risk", **fields):
    return PublicationWithholdingFactory(declaration=declaration, reason=reason, **fields)


@pytest.fixture
def asked(officer):
    entry = declare(officer, "outside_work", "approved", counterparty="Evening tutoring")
    return ask(entry)


@pytest.fixture
def as_monitoring_officer(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_the_monitoring_officer_sees_the_waiting_requests_oldest_first(
    as_monitoring_officer, officer, stranger
):
    later = ask(
        declare(officer, "gift", "recorded"), asked_at=clock.now() - datetime.timedelta(days=1)
    )
    earlier = ask(
        declare(officer, "interest", "recorded"),
        asked_at=clock.now() - datetime.timedelta(days=3),
    )
    elsewhere = ask(declare(stranger, "gift", "recorded"))

    response = as_monitoring_officer.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(earlier.reference) < html.index(later.reference)
    assert elsewhere.reference not in html
    assert "Olive Officer" in visible_text(response)


def test_the_list_is_bounded(monitoring_officer, officer):
    entry = declare(officer, "gift", "recorded")
    for _ in range(withholding.WAITING_LIMIT + 2):
        ask(entry)

    requests = withholding.requests_for(monitoring_officer.user)

    assert len(requests.waiting) == withholding.WAITING_LIMIT
    assert requests.more is True


def test_the_request_page_shows_the_entry_and_the_officers_reason(as_monitoring_officer, asked):
    response = as_monitoring_officer.get(decide_url(asked))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Keep this entry out of the published register?" in text
    assert "My former partner is a risk" in text
    assert "Evening tutoring" in text


def test_granting_it_moves_the_request_once_and_writes_the_event(
    as_monitoring_officer, monitoring_officer, asked
):
    response = as_monitoring_officer.post(
        decide_url(asked), {"decision": "grant", "reason": "A real risk: agreed"}
    )

    assert response.headers["Location"] == LIST_URL
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by, asked.decision_reason) == (
        "granted",
        monitoring_officer,
        "A real risk: agreed",
    )
    assert asked.decided_at is not None
    event = asked.declaration.events.get(action="withholding_granted")
    # The history others read says what was decided, not why.
    assert (event.actor, event.note) == (
        monitoring_officer.user,
        "The monitoring officer decided to keep it out of the published register.",
    )
    listed = visible_text(as_monitoring_officer.get(LIST_URL))
    assert "No request is waiting for your decision." in listed
    assert "Recent decisions" in listed
    assert "Kept out of the published register" in listed


def test_refusing_it_writes_the_refusal(as_monitoring_officer, monitoring_officer, asked):
    as_monitoring_officer.post(decide_url(asked), {"decision": "refuse", "reason": "No risk shown"})

    asked.refresh_from_db()
    assert (asked.state, asked.decision_reason) == ("refused", "No risk shown")
    event = asked.declaration.events.get(action="withholding_refused")
    assert event.note == "The monitoring officer decided to publish it as usual."
    assert not asked.declaration.events.filter(note__contains="No risk shown").exists()
    assert "To be published as usual" in visible_text(as_monitoring_officer.get(LIST_URL))


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ("grant", "will be kept out of the published register"),
        ("refuse", "will be published as usual"),
    ],
)
def test_the_officer_is_emailed_the_decision(
    as_monitoring_officer, officer, asked, decision, words
):
    as_monitoring_officer.post(decide_url(asked), {"decision": decision, "reason": "Decided"})

    [email] = mail.outbox
    assert email.to == [officer.user.email]
    assert email.subject == f"{asked.reference} {words}"
    assert f"/declarations/{asked.declaration.pk}/" in email.body
    assert "Decided" not in email.body


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        ({"decision": "grant", "reason": ""}, "Enter the reason for your decision", "id_reason"),
        ({"decision": "grant", "reason": "  "}, "Enter the reason for your decision", "id_reason"),
        (
            {"reason": "Because"},
            "Select whether to keep this entry out of the published register",
            "id_decision_0",
        ),
        (
            {"decision": "publish-it-all", "reason": "Because"},
            "Select a valid choice",
            "id_decision_0",
        ),
    ],
)
def test_a_decision_needs_a_choice_and_a_reason(
    as_monitoring_officer, asked, data, message, anchor
):
    response = as_monitoring_officer.post(decide_url(asked), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#{anchor}">{message}' in html
    asked.refresh_from_db()
    assert asked.state == "asked"
    assert not asked.declaration.events.filter(action__startswith="withholding_").exists()


def test_the_reason_typed_is_kept_when_the_choice_is_missing(as_monitoring_officer, asked):
    response = as_monitoring_officer.post(decide_url(asked), {"reason": "Kept words"})

    assert "Kept words</textarea>" in response.content.decode()


def test_it_is_decided_once(as_monitoring_officer, asked):
    as_monitoring_officer.post(decide_url(asked), {"decision": "grant", "reason": "Agreed"})

    again = as_monitoring_officer.post(
        decide_url(asked), {"decision": "refuse", "reason": "Changed my mind"}, follow=True
    )

    asked.refresh_from_db()
    assert (asked.state, asked.decision_reason) == ("granted", "Agreed")
    assert (
        "This request has already been decided: kept out of the published register."
        in visible_text(again)
    )
    assert asked.declaration.events.filter(action__startswith="withholding_").count() == 1


def test_the_service_refuses_a_second_decision(monitoring_officer, asked):
    withholding.decide(asked, monitoring_officer, withholding.REFUSE, "No")

    with pytest.raises(withholding.AlreadyDecided):
        withholding.decide(asked, monitoring_officer, withholding.GRANT, "Yes")


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_everyone_else_is_refused_and_it_is_logged(client, request, asked, who):
    someone = request.getfixturevalue(who)
    client.force_login(someone.user)

    listed = client.get(LIST_URL)
    shown = client.get(decide_url(asked))
    sent = client.post(decide_url(asked), {"decision": "grant", "reason": "Let me"})

    assert (listed.status_code, shown.status_code, sent.status_code) == (403, 403, 403)
    asked.refresh_from_db()
    assert asked.state == "asked"
    assert SecurityEvent.objects.filter(kind="access_denied").count() == 3


def test_another_organisations_monitoring_officer_is_refused(client, asked, stranger):
    other = OfficerFactory(
        organisation=stranger.organisation,
        user=UserFactory(username="other.mo"),
    )
    RoleAssignmentFactory(
        officer=other, organisation=stranger.organisation, role="monitoring_officer"
    )
    client.force_login(other.user)

    assert client.get(decide_url(asked)).status_code == 403
    assert asked.reference not in client.get(LIST_URL).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, asked):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={LIST_URL}"


@pytest.mark.parametrize("pk", [0, 999_999, 2**64])
def test_no_such_request_is_not_found(as_monitoring_officer, pk):
    assert as_monitoring_officer.get(f"/register/withholding/{pk}/").status_code == 404


@pytest.mark.parametrize(("decision", "queued"), [("grant", 1), ("refuse", 0)])
def test_a_grant_queues_the_withdrawal_from_what_is_published_for_the_worker(
    tasks_in_the_database, as_monitoring_officer, asked, decision, queued
):
    as_monitoring_officer.post(decide_url(asked), {"decision": decision, "reason": "Decided"})

    withdrawals = DBTaskResult.objects.filter(
        task_path=publishing.withdraw_from_published.module_path
    )
    assert withdrawals.count() == queued
    assert all(
        task.args_kwargs["args"] == [asked.organisation_id, [asked.reference]]
        for task in withdrawals
    )
