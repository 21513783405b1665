"""Asking for an entry to be kept out of the published register (for the officer's
safety): only the officer who declared it asks, with a reason, and only for an entry
that publishing lists; the monitoring officer decides
(tests/declarations/register/test_withholding_decisions.py), and the officer reads the
decision and its reason on their entry's page.

The director (tests/conftest.py) is senior enough to be published at the default level;
the officer is not."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from declarations import clock
from declarations.models import (
    Declaration,
    DeclarationEvent,
    Publication,
    PublicationWithholding,
)
from tests.declarations.filing.helpers import visible_text
from tests.factories import PublicationWithholdingFactory, declare

pytestmark = pytest.mark.django_db

LINK = "Ask for this entry to be kept out of the published register"


def ask_url(declaration: Declaration) -> str:
    return reverse("declaration-withhold", args=[declaration.pk])


def detail_url(declaration: Declaration) -> str:
    return reverse("declaration-detail", args=[declaration.pk])


@pytest.fixture
def outside_work(director):
    return declare(director, "outside_work", "approved", counterparty="Evening tutoring")


@pytest.fixture
def signed_in(client, director):
    client.force_login(director.user)
    return client


def decided(declaration, state: str, reason: str = "Decided", **fields):
    return PublicationWithholdingFactory(
        declaration=declaration,
        state=state,
        decided_at=clock.now(),
        decision_reason=reason,
        **fields,
    )


def test_the_entry_page_offers_the_link(signed_in, outside_work):
    page = visible_text(signed_in.get(detail_url(outside_work)))

    assert LINK in page


def test_the_page_says_the_monitoring_officer_decides_and_the_entry_stays(signed_in, outside_work):
    response = signed_in.get(ask_url(outside_work))

    text = visible_text(response)
    assert response.status_code == 200
    assert "The monitoring officer decides." in text
    assert "It stays in the register itself" in text


def test_the_officer_asks_with_a_reason(signed_in, director, outside_work):
    response = signed_in.post(ask_url(outside_work), {"reason": "My former partner is a risk"})

    assert response.headers["Location"] == detail_url(outside_work)
    asked = PublicationWithholding.objects.get()
    assert (asked.declaration, asked.organisation, asked.reference) == (
        outside_work,
        outside_work.organisation,
        outside_work.reference,
    )
    assert (asked.asked_by, asked.state, asked.reason) == (
        director,
        "asked",
        "My former partner is a risk",
    )
    event = outside_work.events.get(action="withholding_asked")
    assert event.actor == director.user
    # The history others read does not carry the officer's reason.
    assert "partner" not in event.note
    page = visible_text(signed_in.get(detail_url(outside_work)))
    assert "The monitoring officer has not decided yet." in page
    assert LINK not in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required_and_the_field_named(signed_in, outside_work, reason):
    response = signed_in.post(ask_url(outside_work), {"reason": reason})

    html = response.content.decode()
    assert response.status_code == 400
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

    assert response.status_code == 400
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


@pytest.mark.parametrize("who", ["officer", "line_manager", "monitoring_officer", "stranger"])
def test_nobody_else_may_ask(client, request, outside_work, who):
    someone = request.getfixturevalue(who)
    client.force_login(someone.user)

    shown = client.get(ask_url(outside_work))
    sent = client.post(ask_url(outside_work), {"reason": "Not mine to ask"})

    assert (shown.status_code, sent.status_code) == (404, 404)
    assert not PublicationWithholding.objects.exists()


@pytest.mark.parametrize(
    ("type_", "status", "detail"),
    [
        ("relationship", "recorded", None),
        ("disclosure", "recorded", None),
        ("gift", "draft", None),
        ("gift", "withdrawn", None),
        ("gift", "rejected", None),
        # About people who are not officers: publishing leaves them out.
        ("gift", "recorded", {"offered_to": "family"}),
        ("hospitality", "approved", {"offered_to": "family"}),
        ("interest", "recorded", {"held_by": "relative"}),
        ("interest", "recorded", {"held_by": "spouse_or_partner"}),
    ],
)
def test_not_for_an_entry_that_is_never_published(signed_in, director, type_, status, detail):
    entry = declare(director, type_, status, detail=detail)

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


def test_no_request_on_a_newer_version_once_one_is_granted(signed_in, director, outside_work):
    decided(outside_work, "granted")
    newer = declare(
        director,
        "outside_work",
        "recorded",
        reference=outside_work.reference,
        version=2,
        amends=outside_work,
    )

    page = visible_text(signed_in.get(detail_url(newer)))
    signed_in.post(ask_url(newer), {"reason": "Again"})

    assert "the monitoring officer decided to keep this entry out" in page
    assert LINK not in page
    assert PublicationWithholding.objects.count() == 1


def test_after_a_refusal_the_officer_reads_the_reason_and_may_ask_again(signed_in, outside_work):
    with clock.set_to(datetime.datetime(2026, 11, 3, 10, tzinfo=datetime.UTC)):
        decided(outside_work, "refused", reason="No risk was shown")

    page = visible_text(signed_in.get(detail_url(outside_work)))
    signed_in.post(ask_url(outside_work), {"reason": "Things have changed"})

    assert (
        "On 3 November 2026 the monitoring officer decided to publish it as usual: "
        "No risk was shown" in page
    )
    assert "Ask again for this entry to be kept out of the published register" in page
    assert PublicationWithholding.objects.filter(state="asked").count() == 1


def test_after_a_grant_the_officer_reads_that_it_is_kept_out_and_when(signed_in, outside_work):
    with clock.set_to(datetime.datetime(2026, 11, 4, 10, tzinfo=datetime.UTC)):
        decided(outside_work, "granted", reason="A real risk")

    page = visible_text(signed_in.get(detail_url(outside_work)))

    assert (
        "On 4 November 2026 the monitoring officer decided to keep this entry out of the "
        "published register: A real risk" in page
    )
    assert LINK not in page


def test_not_for_an_officer_below_the_level_the_register_is_published_at(client, officer, thurrock):
    entry = declare(officer, "outside_work", "approved")
    client.force_login(officer.user)

    before = visible_text(client.get(detail_url(entry)))
    Publication.objects.create(organisation=thurrock, minimum_level="staff")
    after = visible_text(client.get(detail_url(entry)))

    # The default level (head of service) leaves a staff officer out; a register
    # published at staff level lists them.
    assert LINK not in before
    assert LINK in after


def test_for_a_version_of_a_kind_never_published_when_an_earlier_one_may_have_been(
    signed_in, director
):
    published = declare(director, "gift", "superseded", detail={"offered_to": "self"})
    # Changed since to say it was offered to family: left out of the next publication,
    # but the earlier version may be in those already made.
    newer = declare(
        director,
        "gift",
        "recorded",
        detail={"offered_to": "family"},
        reference=published.reference,
        version=2,
        amends=published,
    )

    page = visible_text(signed_in.get(detail_url(newer)))
    signed_in.post(ask_url(newer), {"reason": "My former partner is a risk"})

    assert LINK in page
    assert PublicationWithholding.objects.get().reference == published.reference


def test_not_for_a_version_when_no_version_was_ever_of_a_kind_published(signed_in, director):
    draft_like = declare(director, "gift", "withdrawn", detail={"offered_to": "self"})
    newer = declare(
        director,
        "gift",
        "recorded",
        detail={"offered_to": "family"},
        reference=draft_like.reference,
        version=2,
        amends=draft_like,
    )

    page = visible_text(signed_in.get(detail_url(newer)))

    assert LINK not in page
