"""'Your declarations': the officer's own entries, grouped by status, each group its
newest ten with a link to the status by itself, fifty a page."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import Status
from declarations.filing import home
from declarations.models import Declaration
from tests.declarations.filing.helpers import visible_text
from tests.factories import (
    DeclarationFactory,
    GiftFactory,
    InterestFactory,
    OfficerFactory,
    UserFactory,
    bulk_entries,
    declare,
)

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
    assert [group.status for group in response.context["groups"]] == [
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


def test_the_number_of_queries_does_not_grow_with_the_declarations(client, officer):
    client.force_login(officer.user)
    for type_ in ("gift", "hospitality", "interest", "outside_work", "relationship"):
        declare(officer, type_, status=Status.DRAFT)  # a draft's answers read its detail
        declare(officer, type_, status=Status.RECORDED)
    client.get(reverse("home"))  # anything read once per process is read now
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as few_of_one:
        assert client.get(reverse("home"), {"status": "draft"}).status_code == 200
    for type_ in ("gift", "interest", "outside_work", "relationship"):
        for _ in range(3):
            declare(officer, type_, status=Status.DRAFT)
    entries(officer, 120, Status.SUBMITTED)
    entries(officer, 30, Status.RECORDED, prefix="REC")

    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as many_of_one:
        assert client.get(reverse("home"), {"status": "submitted"}).status_code == 200

    assert len(many) == len(few)
    assert len(many_of_one) == len(few_of_one)


# --- bounded: each group's newest ten, each status fifty a page ---------------------------


def entries(
    officer, count: int, status: str = Status.SUBMITTED, prefix: str = "BULK"
) -> list[Declaration]:
    """`count` gifts in `status`, oldest first, declared a day apart in threes (so the
    paging must tell rows of one date apart by their ids); "Donor 0" is the oldest."""
    made = bulk_entries(officer, count, prefix)
    for number, declaration in enumerate(made):
        declaration.status = status
        declaration.declared_on = datetime.date(2026, 1, 1) + datetime.timedelta(days=number // 3)
    Declaration.objects.bulk_update(made, ["status", "declared_on"])
    return made


def donors(response) -> list[str]:
    """The counterparties the page lists, in its order."""
    return re.findall(
        r"<td class=\"govuk-table__cell\">(Donor \d+)</td>", response.content.decode()
    )


def link(response, rel: str) -> str:
    """The paging link with this rel ("next", "prev", "first")."""
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    assert found, f"no {rel} link"
    return reverse("home") + html.unescape(found[1])


def test_a_group_of_eleven_shows_its_newest_ten_its_count_and_a_link_to_them_all(client, officer):
    entries(officer, 11)
    client.force_login(officer.user)

    response = client.get(reverse("home"))

    assert donors(response) == [f"Donor {n}" for n in range(10, 0, -1)]
    text = visible_text(response)
    assert "Submitted (11)" in text
    assert "See all 11 submitted declarations" in text
    assert f'href="{reverse("home")}?status=submitted"' in response.content.decode()


def test_a_group_of_ten_shows_them_all_and_no_link(client, officer):
    entries(officer, 10)
    client.force_login(officer.user)

    response = client.get(reverse("home"))

    assert donors(response) == [f"Donor {n}" for n in range(9, -1, -1)]
    assert "Submitted (10)" in visible_text(response)
    assert "See all" not in visible_text(response)


def test_each_group_is_cut_by_itself_in_the_statuses_order(client, officer):
    entries(officer, 12, Status.AWAITING_APPROVAL, prefix="AWA")
    entries(officer, 3, Status.DRAFT, prefix="DRA")
    client.force_login(officer.user)

    response = client.get(reverse("home"))

    groups = response.context["groups"]
    assert [(g.status, len(g.declarations), g.total) for g in groups] == [
        (Status.DRAFT, 3, 3),
        (Status.AWAITING_APPROVAL, 10, 12),
    ]
    text = visible_text(response)
    assert "Awaiting approval (12)" in text
    assert "See all 12 declarations awaiting approval" in text


def test_a_status_by_itself_lists_fifty_newest_first_and_pages_on_and_back(client, officer):
    entries(officer, 60)
    client.force_login(officer.user)

    first = client.get(reverse("home"), {"status": "submitted"})

    assert donors(first) == [f"Donor {n}" for n in range(59, 9, -1)]
    assert "Submitted (60)" in visible_text(first)
    assert "Back to all your declarations" in visible_text(first)
    assert 'rel="prev"' not in first.content.decode()

    second = client.get(link(first, "next"))

    assert donors(second) == [f"Donor {n}" for n in range(9, -1, -1)]
    assert 'rel="next"' not in second.content.decode()

    back = client.get(link(second, "prev"))

    assert donors(back) == donors(first)
    assert 'rel="next"' in back.content.decode() and 'rel="prev"' not in back.content.decode()


def test_going_back_to_the_newest_gives_the_first_page_full(client, officer):
    """Declarations that left the status between two pages do not leave the first page
    short when the officer goes back to it."""
    entries(officer, 60)
    client.force_login(officer.user)
    second = client.get(link(client.get(reverse("home"), {"status": "submitted"}), "next"))
    officer.declarations.filter(counterparty__in=["Donor 58", "Donor 59"]).update(
        status=Status.WITHDRAWN
    )

    back = client.get(link(second, "prev"))

    assert donors(back) == [f"Donor {n}" for n in range(57, 7, -1)]
    assert 'rel="first"' not in back.content.decode()


def test_a_status_of_exactly_fifty_has_no_next_page(client, officer):
    entries(officer, 50)
    client.force_login(officer.user)

    response = client.get(reverse("home"), {"status": "submitted"})

    assert len(donors(response)) == 50
    assert "govuk-pagination" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"status": "submitted", "after": "rubbish"},
        {"status": "submitted", "after": "2026-13-45.3"},
        {"status": "submitted", "before": "2026-01-01.x"},
        {"status": "submitted", "after": "99999-01-01.99999999999999999999999"},
        {"status": "submitted", "after": "2026-01-05.1", "before": "2026-01-01.1"},
    ],
)
def test_a_damaged_cursor_gives_the_first_page(client, officer, query):
    entries(officer, 60)
    client.force_login(officer.user)

    response = client.get(reverse("home"), query)

    assert response.status_code == 200
    assert donors(response) == [f"Donor {n}" for n in range(59, 9, -1)]


@pytest.mark.parametrize("status", ["nonsense", "SUBMITTED", "", "submitted' OR 1=1"])
def test_an_unknown_status_gives_the_grouped_page(client, officer, status):
    entries(officer, 11)
    client.force_login(officer.user)

    response = client.get(reverse("home"), {"status": status, "after": "2026-01-02.1"})

    assert response.status_code == 200
    assert "page" not in response.context
    assert len(donors(response)) == 10
    assert "See all 11 submitted declarations" in visible_text(response)


def test_a_status_with_nothing_in_it_says_so(client, officer):
    entries(officer, 2)
    client.force_login(officer.user)

    response = client.get(reverse("home"), {"status": "awaiting_approval"})

    assert response.status_code == 200
    text = visible_text(response)
    assert "You have no declarations awaiting approval." in text
    assert "Back to all your declarations" in text
    assert donors(response) == []


def test_a_cursor_past_the_last_row_offers_the_first_page(client, officer):
    entries(officer, 5)
    client.force_login(officer.user)

    response = client.get(reverse("home"), {"status": "submitted", "after": "2000-01-01.1"})

    assert response.status_code == 200
    assert "There are no more submitted declarations." in visible_text(response)
    assert "Go to the first page" in visible_text(response)


def test_a_stranger_never_sees_the_officers_entries_in_either_view(client, officer, stranger):
    mine = entries(officer, 60)
    entries(stranger, 3, prefix="STR")
    cursor = f"{mine[-1].declared_on.isoformat()}.{mine[-1].pk + 1}"
    client.force_login(stranger.user)

    grouped = client.get(reverse("home"))
    by_status = client.get(reverse("home"), {"status": "submitted"})
    with_cursor = client.get(reverse("home"), {"status": "submitted", "after": cursor})
    backwards = client.get(reverse("home"), {"status": "submitted", "before": "2000-01-01.0"})

    assert donors(grouped) == donors(by_status) == ["Donor 2", "Donor 1", "Donor 0"]
    assert "Submitted (3)" in visible_text(by_status)
    assert donors(with_cursor) == ["Donor 2", "Donor 1", "Donor 0"]
    assert donors(backwards) == ["Donor 2", "Donor 1", "Donor 0"]
    shown = {
        d.pk
        for response in (grouped, by_status, with_cursor, backwards)
        for group in response.context["groups"]
        for d in group.declarations
    }
    assert shown.isdisjoint({d.pk for d in mine})


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


def test_the_groups_hold_only_the_officers_own_declarations_newest_first(officer, stranger):
    older = DeclarationFactory(officer=officer, declared_on=datetime.date(2026, 1, 5))
    newer = DeclarationFactory(officer=officer, declared_on=datetime.date(2026, 2, 5))
    withdrawn = DeclarationFactory(officer=officer, status=Status.WITHDRAWN)
    DeclarationFactory(officer=stranger)

    groups = home.status_groups(officer)

    assert [(group.status, group.declarations) for group in groups] == [
        (Status.DRAFT, [newer, older]),
        (Status.WITHDRAWN, [withdrawn]),
    ]


def test_someone_with_no_officer_record_has_no_groups():
    assert home.status_groups(None) == []
