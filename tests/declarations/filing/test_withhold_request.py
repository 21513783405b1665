"""Asking for an entry to be kept out of the published register (for the officer's
safety): only the officer who declared it asks, with a reason; the monitoring officer
decides (tests/declarations/register/test_withholding_decisions.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from declarations.models import Declaration, DeclarationEvent, PublicationWithholding
from tests.declarations.filing.helpers import visible_text
from tests.factories import declare

pytestmark = pytest.mark.django_db

LINK = "Ask for this entry to be kept out of the published register"


def ask_url(declaration: Declaration) -> str:
    return reverse("declaration-withhold", args=[declaration.pk])


def detail_url(declaration: Declaration) -> str:
    return reverse("declaration-detail", args=[declaration.pk])


@pytest.fixture
def outside_work(officer):
    return declare(officer, "outside_work", "approved", counterparty="Evening tutoring")


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def test_the_entry_page_offers_the_link(signed_in, outside_work):
    page = visible_text(signed_in.get(detail_url(outside_work)))

    assert LINK in page


def test_the_page_says_the_monitoring_officer_decides_and_the_entry_stays(signed_in, outside_work):
    response = signed_in.get(ask_url(outside_work))

    text = visible_text(response)
    assert response.status_code == 200
    assert "The monitoring officer decides." in text
    assert "It stays in the register itself" in text


def test_the_officer_asks_with_a_reason(signed_in, officer, outside_work):
    response = signed_in.post(ask_url(outside_work), {"reason": "My former partner is a risk"})

    assert response.headers["Location"] == detail_url(outside_work)
    asked = PublicationWithholding.objects.get()
    assert (asked.declaration, asked.organisation, asked.reference) == (
        outside_work,
        outside_work.organisation,
        outside_work.reference,
    )
    assert (asked.asked_by, asked.state, asked.reason) == (
        officer,
        "asked",
        "My former partner is a risk",
    )
    event = outside_work.events.get(action="withholding_asked")
    assert event.actor == officer.user
    # The history others read does not carry the officer's reason.
    assert "partner" not in event.note
    page = visible_text(signed_in.get(detail_url(outside_work)))
    assert "The monitoring officer has not decided yet." in page
    assert LINK not in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required_and_the_field_named(signed_in, outside_work, reason):
    response = signed_in.post(ask_url(outside_work), {"reason": reason})

    html = response.content.decode()
    assert response.status_code == 200
    # The summary links to the field, and the field says what is wrong.
    assert (
        '<a href="#id_reason">Enter why this entry should be kept out of the published '
        "register</a>" in html
    )
    assert "Error:</span> Enter why this entry should be kept out" in html
    assert not PublicationWithholding.objects.exists()


def test_a_reason_that_is_too_long_is_refused_and_kept(signed_in, outside_work):
    reason = "Danger " * 400

    response = signed_in.post(ask_url(outside_work), {"reason": reason})

    assert "The reason must be 2,000 characters or fewer" in visible_text(response)
    assert "Danger Danger Danger" in response.content.decode()
    assert not PublicationWithholding.objects.exists()


def test_the_monitoring_officer_is_emailed_without_the_reason(
    signed_in, outside_work, monitoring_officer
):
    signed_in.post(ask_url(outside_work), {"reason": "My former partner is a risk"})

    [email] = mail.outbox
    asked = PublicationWithholding.objects.get()
    assert email.to == [monitoring_officer.user.email]
    assert outside_work.reference in email.body
    assert f"/register/withholding/{asked.pk}/" in email.body
    assert "partner" not in email.body


@pytest.mark.parametrize("who", ["line_manager", "director", "monitoring_officer", "stranger"])
def test_nobody_else_may_ask(client, request, outside_work, who):
    someone = request.getfixturevalue(who)
    client.force_login(someone.user)

    shown = client.get(ask_url(outside_work))
    sent = client.post(ask_url(outside_work), {"reason": "Not mine to ask"})

    assert (shown.status_code, sent.status_code) == (404, 404)
    assert not PublicationWithholding.objects.exists()


@pytest.mark.parametrize(
    ("type_", "status"),
    [
        ("relationship", "recorded"),
        ("disclosure", "recorded"),
        ("gift", "draft"),
        ("gift", "withdrawn"),
        ("gift", "rejected"),
    ],
)
def test_not_for_an_entry_that_is_never_published(signed_in, officer, type_, status):
    entry = declare(officer, type_, status)

    page = visible_text(signed_in.get(detail_url(entry)))
    response = signed_in.post(ask_url(entry), {"reason": "Please"})

    assert LINK not in page
    assert response.headers["Location"] == detail_url(entry)
    assert not PublicationWithholding.objects.exists()
    assert not DeclarationEvent.objects.filter(action="withholding_asked").exists()


def test_no_second_request_while_one_waits(signed_in, outside_work):
    signed_in.post(ask_url(outside_work), {"reason": "First"})

    again = signed_in.post(ask_url(outside_work), {"reason": "Second"})

    assert again.headers["Location"] == detail_url(outside_work)
    assert PublicationWithholding.objects.count() == 1
    page = visible_text(signed_in.get(detail_url(outside_work)))
    assert "You have already asked" in page


def test_no_request_on_a_newer_version_once_one_is_granted(signed_in, officer, outside_work):
    PublicationWithholding.objects.create(
        declaration=outside_work,
        organisation=outside_work.organisation,
        reference=outside_work.reference,
        asked_by=officer,
        reason="x",
        state="granted",
        decided_at=outside_work.submitted_at,
    )
    newer = declare(
        officer,
        "outside_work",
        "recorded",
        reference=outside_work.reference,
        version=2,
        amends=outside_work,
    )

    page = visible_text(signed_in.get(detail_url(newer)))
    signed_in.post(ask_url(newer), {"reason": "Again"})

    assert "The monitoring officer has agreed to keep this entry out" in page
    assert LINK not in page
    assert PublicationWithholding.objects.count() == 1


def test_after_a_refusal_the_officer_may_ask_again(signed_in, officer, outside_work):
    PublicationWithholding.objects.create(
        declaration=outside_work,
        organisation=outside_work.organisation,
        reference=outside_work.reference,
        asked_by=officer,
        reason="x",
        state="refused",
        decided_at=outside_work.submitted_at,
    )

    assert LINK in visible_text(signed_in.get(detail_url(outside_work)))
    signed_in.post(ask_url(outside_work), {"reason": "Things have changed"})
    assert PublicationWithholding.objects.filter(state="asked").count() == 1
