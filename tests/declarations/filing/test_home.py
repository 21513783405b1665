"""'Your declarations': the officer's own entries, grouped by status."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.choices import Status
from tests.declarations.filing.helpers import visible_text
from tests.factories import GiftFactory, InterestFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_officers_declarations_grouped_by_status(client, officer):
    GiftFactory(
        declaration__officer=officer,
        declaration__counterparty="Acme Supplies Ltd",
        value_gbp=Decimal("1250.50"),
    )
    InterestFactory(
        declaration__officer=officer,
        declaration__counterparty="Thurrock Rowing Club",
        declaration__status=Status.RECORDED,
    )
    client.force_login(officer.user)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme Supplies Ltd" in html
    assert "£1,250.50" in html
    assert "Thurrock Rowing Club" in html
    assert [status for status, _ in response.context["groups"]] == [
        Status.DRAFT,
        Status.RECORDED,
    ]


def test_a_draft_whose_date_was_not_given_says_no_date_yet(client, officer):
    """A draft's date column holds today until the officer gives a date."""
    GiftFactory(
        declaration__officer=officer,
        declaration__counterparty="Undated Ltd",
        declaration__draft_answers={"counterparty": "Undated Ltd"},
    )
    GiftFactory(
        declaration__officer=officer,
        declaration__counterparty="Dated Ltd",
        declaration__date=datetime.date(2026, 3, 27),
        declaration__draft_answers={"counterparty": "Dated Ltd", "date": ["27", "3", "2026"]},
    )
    client.force_login(officer.user)

    text = visible_text(client.get(reverse("home")))

    assert "Undated Ltd No date yet" in text
    assert "Dated Ltd 27 March 2026" in text
    assert text.count("No date yet") == 1


def test_a_submitted_declaration_shows_its_date(client, officer):
    InterestFactory(
        declaration__officer=officer,
        declaration__counterparty="Thurrock Rowing Club",
        declaration__status=Status.RECORDED,
        declaration__date=datetime.date(2025, 6, 1),
    )
    client.force_login(officer.user)

    text = visible_text(client.get(reverse("home")))

    assert "Thurrock Rowing Club 1 June 2025" in text
    assert "No date yet" not in text


def test_its_tables_scroll_in_boxes_that_hold_their_hidden_words(client, officer):
    GiftFactory(declaration__officer=officer, declaration__counterparty="Acme Supplies Ltd")
    client.force_login(officer.user)

    html = client.get(reverse("home")).content.decode()

    # Its box is positioned (register-pages.css), so hidden text cannot widen the page.
    assert 'class="register-table-scroll" role="region"' in html


def test_it_shows_what_to_do_when_there_is_nothing_yet(client, officer):
    client.force_login(officer.user)

    response = client.get(reverse("home"))

    assert "You have not made any declarations yet" in response.content.decode()


def test_it_never_shows_anyone_elses_declarations(client, officer, line_manager, stranger):
    GiftFactory(declaration__officer=line_manager, declaration__counterparty="Manager's donor")
    GiftFactory(declaration__officer=stranger, declaration__counterparty="Stranger's donor")
    client.force_login(officer.user)

    html = client.get(reverse("home")).content.decode()

    assert "Manager&#x27;s donor" not in html and "Manager's donor" not in html
    assert "Stranger" not in html


def test_a_user_without_an_officer_record_is_told_why_the_page_is_empty(client):
    client.force_login(UserFactory(username="admin.only"))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "not linked" in response.content.decode()


def test_it_sends_a_stranger_who_is_not_signed_in_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_number_of_queries_does_not_grow_with_the_declarations(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer.user)
    GiftFactory(declaration__officer=officer)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("home"))
    for _ in range(10):
        GiftFactory(declaration__officer=officer)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


# --- the navigation offers what the views open ------------------------------------------


def nav_labels(client, officer) -> list[str]:
    client.force_login(officer.user)
    return [item.label for item in client.get(reverse("home")).context["navigation"]]


def test_an_officer_is_offered_their_own_pages_only(client, officer):
    # Nobody reports to them and they hold no role: nothing is ever theirs to decide.
    assert nav_labels(client, officer) == [
        "Your declarations",
        "Annual declaration",
        "Codes of conduct",
        "Your account",
    ]


def test_a_director_is_offered_the_register_they_keep_not_the_whole_register(client, director):
    labels = nav_labels(client, director)

    assert "Registers you keep" in labels
    assert "Register" not in labels
    assert client.get(reverse("named-register-list")).status_code == 200


def test_the_monitoring_officer_is_offered_the_register_dashboard_and_reviews(
    client, monitoring_officer
):
    labels = nav_labels(client, monitoring_officer)

    for label in ("Register", "Registers you keep", "Dashboard", "Publish", "Interest reviews"):
        assert label in labels


def test_interest_reviews_are_offered_where_the_officers_code_asks_for_them(
    client, thurrock, stranger
):
    thurrock_ad = OfficerFactory(organisation=thurrock, level="assistant_director")
    stranger.level = "assistant_director"  # ECC's code asks for no interest reviews
    stranger.save()

    assert "Interest reviews" in nav_labels(client, thurrock_ad)
    assert "Interest reviews" not in nav_labels(client, stranger)
    assert client.get(reverse("interest-reviews")).status_code == 403
