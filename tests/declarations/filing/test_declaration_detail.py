"""A declaration's own page, and who may see or act on any of the filing pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from declarations.models import ApprovalStep, Declaration
from tests.declarations.filing.helpers import file_draft, visible_text
from tests.factories import DeclarationFactory, InterestFactory


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def detail_url(declaration: Declaration) -> str:
    return reverse("declaration-detail", args=[declaration.pk])


def submitted(client, kind: str, **changes: str) -> Declaration:
    declaration = file_draft(client, kind, **changes)
    client.post(reverse("declaration-submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    return declaration


# --- what it shows ----------------------------------------------------------------------


def test_it_shows_the_answers_status_verdict_and_citations(signed_in):
    declaration = submitted(signed_in, "interest")

    response = signed_in.get(detail_url(declaration))

    text = visible_text(response)
    assert response.status_code == 200
    assert declaration.reference in text
    assert "Awaiting acknowledgement" in text
    assert "Name of the company, organisation or body Thames Homes Ltd" in text
    assert "What your code says" in text
    assert "Must be declared" in text
    days = (declaration.declared_on - datetime.date(2025, 3, 29)).days
    assert f"Late: declared {days:,} days after the deadline of 29 March 2025." in text
    assert 'href="/policies/thurrock/#clause-18.2"' in response.content.decode()


def test_it_shows_the_history_who_when_what_and_why(signed_in, officer):
    declaration = submitted(signed_in, "interest")

    text = visible_text(signed_in.get(detail_url(declaration)))

    today = timezone.localdate()
    assert "History" in text
    assert f"{today.day} {today:%B %Y}" in text
    assert "Started Olive Officer" in text
    assert "Submitted Olive Officer" in text
    assert "Sent to be acknowledged Automatic The code says this must be declared." in text
    assert "The register The code says" not in text


def test_submitting_opens_the_route_and_the_page_shows_where_it_has_got_to(signed_in):
    declaration = submitted(signed_in, "interest")

    steps = list(declaration.approval_steps.order_by("order"))
    text = visible_text(signed_in.get(detail_url(declaration)))

    assert [(step.role, step.assignee.full_name) for step in steps] == [
        ("line_manager", "Lee Manager"),
        ("director", "Dana Director"),
    ]
    assert all(step.opened_at for step in steps)
    assert "Where it has got to" in text
    assert "1. Your line manager Lee Manager" in text
    assert "2. Your director Dana Director" in text
    assert (
        "Sent to Lee Manager (line manager) and Dana Director (director) to acknowledge. "
        "Olive Officer"
    ) in text
    assert "Route opened" not in text


def test_nothing_to_decide_opens_no_route(signed_in):
    declaration = submitted(
        signed_in, "outside_work", work_kind="voluntary", paid="no", hours_per_week="2"
    )

    assert declaration.status == "recorded"
    assert not ApprovalStep.objects.filter(declaration=declaration).exists()


def test_a_draft_offers_check_and_submit_change_and_withdraw_but_never_delete(signed_in):
    declaration = file_draft(signed_in, "gift")

    text = visible_text(signed_in.get(detail_url(declaration)))

    assert "Check and submit" in text
    assert "Change your answers" in text
    assert "Withdraw" in text
    assert "Amend" not in text
    assert "Delete" not in text
    assert "Your code is checked when you submit the declaration." in text


def test_an_undecided_declaration_can_be_amended_or_withdrawn(signed_in):
    declaration = submitted(signed_in, "interest")

    text = visible_text(signed_in.get(detail_url(declaration)))

    assert "Nobody has made a decision on this yet" in text
    assert "Amend" in text
    assert "Withdraw" in text
    assert "Tell us it has ended" not in text
    assert "Change your answers" not in text


def test_a_recorded_interest_can_be_amended_or_ended_but_not_withdrawn(signed_in, officer):
    declaration = DeclarationFactory(officer=officer, type="interest", status="recorded")
    InterestFactory(declaration=declaration)

    text = visible_text(signed_in.get(detail_url(declaration)))

    assert "Amend" in text
    assert "Tell us it has ended" in text
    assert "Withdraw" not in text


def test_a_recorded_gift_cannot_be_ended(signed_in, officer):
    declaration = submitted(
        signed_in, "outside_work", work_kind="voluntary", paid="no", hours_per_week="2"
    )
    gift = DeclarationFactory(officer=officer, type="gift", status="recorded")

    assert "Tell us it has ended" in visible_text(signed_in.get(detail_url(declaration)))
    assert "Tell us it has ended" not in visible_text(signed_in.get(detail_url(gift)))


def test_a_withdrawn_declaration_offers_nothing(signed_in, officer):
    declaration = DeclarationFactory(officer=officer, type="interest", status="withdrawn")
    InterestFactory(declaration=declaration)

    text = visible_text(signed_in.get(detail_url(declaration)))

    assert "Withdrawn" in text
    assert "What you can do" not in text


def test_a_prohibited_declaration_asks_the_officer_what_happened_to_it_by_when(signed_in):
    declaration = submitted(signed_in, "gift")
    declaration.refresh_from_db()

    response = signed_in.get(detail_url(declaration))

    text = visible_text(response)
    due = f"{declaration.disposition_due_on.day} {declaration.disposition_due_on:%B %Y}"
    assert f"Your code says this must be declined. Tell us what happened to it by {due}." in text
    assert "Nobody is asked to acknowledge it until you have told us." in text
    address = reverse("declaration-disposition", args=[declaration.pk])
    assert f'href="{address}"' in response.content.decode()
    assert "I have turned it down or not gone ahead" not in text


# --- who may see and act ----------------------------------------------------------------

# (method, URL name): every page for one declaration.
PAGES = [
    ("get", "declaration-detail"),
    ("get", "declaration-edit"),
    ("post", "declaration-edit"),
    ("get", "declaration-check"),
    ("post", "declaration-submit"),
    ("get", "declaration-confirmation"),
    ("get", "declaration-withdraw"),
    ("post", "declaration-withdraw"),
    ("post", "declaration-amend"),
    ("get", "declaration-end"),
    ("post", "declaration-end"),
    ("get", "declaration-disposition"),
    ("post", "declaration-disposition"),
]
PAGE_IDS = [f"{method}-{name}" for method, name in PAGES]


@pytest.fixture
def olives_interest(officer):
    declaration = DeclarationFactory(
        officer=officer, type="interest", status="recorded", date=datetime.date(2026, 1, 1)
    )
    InterestFactory(declaration=declaration)
    return declaration


@pytest.mark.parametrize(("method", "name"), PAGES, ids=PAGE_IDS)
def test_the_officer_can_use_every_page_of_their_own_declaration(
    method, name, client, officer, olives_interest
):
    client.force_login(officer.user)

    response = getattr(client, method)(reverse(name, args=[olives_interest.pk]))

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("method", "name"), PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("person", ["line_manager", "monitoring_officer", "stranger"])
def test_it_refuses_anyone_elses_declaration_as_not_found(
    person, method, name, client, request, olives_interest
):
    client.force_login(request.getfixturevalue(person).user)
    events_before = olives_interest.events.count()

    response = getattr(client, method)(reverse(name, args=[olives_interest.pk]))

    assert response.status_code == 404
    olives_interest.refresh_from_db()
    assert olives_interest.status == "recorded"
    assert olives_interest.ended_on is None
    assert olives_interest.events.count() == events_before
    assert Declaration.objects.count() == 1


def test_it_refuses_a_stranger(client, stranger, olives_interest):
    client.force_login(stranger.user)

    assert client.get(detail_url(olives_interest)).status_code == 404


@pytest.mark.parametrize(("method", "name"), PAGES, ids=PAGE_IDS)
def test_a_user_without_a_staff_record_is_refused(method, name, client, olives_interest):
    client.force_login(get_user_model().objects.create_user("no.record", password="x"))

    response = getattr(client, method)(reverse(name, args=[olives_interest.pk]))

    assert response.status_code in (403, 405)


@pytest.mark.parametrize(("method", "name"), PAGES, ids=PAGE_IDS)
def test_someone_signed_out_is_sent_to_sign_in(method, name, client, olives_interest):
    response = getattr(client, method)(reverse(name, args=[olives_interest.pk]))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["declaration-submit", "declaration-amend"])
def test_post_only_actions_refuse_get(name, signed_in, olives_interest):
    response = signed_in.get(reverse(name, args=[olives_interest.pk]))

    assert response.status_code == 405
    assert olives_interest.events.count() == 0


def test_a_declaration_that_does_not_exist_is_not_found(signed_in):
    assert signed_in.get("/declarations/999999/").status_code == 404


# --- your declarations (the home page) --------------------------------------------------


def test_your_declarations_link_to_their_pages_with_value_and_outcome(signed_in):
    gift = submitted(signed_in, "gift")
    draft = file_draft(signed_in, "interest")

    response = signed_in.get(reverse("home"))

    html = response.content.decode()
    text = visible_text(response)
    assert f'href="{detail_url(gift)}">{gift.reference}</a>' in html
    assert draft.reference == ""
    assert f'href="{detail_url(draft)}">Draft<span class="govuk-visually-hidden"> interest,' in html
    assert "Value" in text
    assert "Outcome" in text
    assert "£30.00 Must be declined" in text
    assert "Not checked yet" in text


def test_your_declarations_offer_to_make_a_declaration(signed_in):
    html = signed_in.get(reverse("home")).content.decode()

    assert f'href="{reverse("declaration-new")}"' in html
    assert "Make a declaration" in html
