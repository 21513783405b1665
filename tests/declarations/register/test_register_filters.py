"""The register's filters and search, as plain functions over querysets and through the
page: each filter narrows to exactly the entries it names."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from declarations.models import Declaration
from declarations.register import filters
from declarations.register import queries as reg
from tests.factories import OfficerFactory, UserFactory, entry

pytestmark = pytest.mark.django_db


def counterparties(organisation, params: dict[str, Any]) -> list[str]:
    listing = reg.listing(Declaration.objects.in_register(organisation), organisation, params)
    assert not listing.form.errors, listing.form.errors
    return sorted(d.counterparty for d in listing.declarations)


@pytest.fixture
def cast(thurrock, officer, line_manager, director):
    """A small register with one entry that each filter singles out."""
    finance = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="fay.finance", first_name="Fay", last_name="Accountant"),
        department="Finance",
    )
    entry(
        officer,
        counterparty="Acme Supplies Ltd",
        description="A bottle of wine",
        date=datetime.date(2026, 1, 10),
        verdict={"outcome": "declare", "register_keeper": "director"},
    )
    entry(
        officer,
        type="hospitality",
        counterparty="Borough Catering",
        description="Dinner at the annual awards",
        date=datetime.date(2026, 2, 10),
        status="approved",
        verdict={"outcome": "approval_required", "register_keeper": "director", "late": True},
    )
    entry(
        line_manager,
        type="interest",
        value=None,
        counterparty="Castle Housing Trust",
        description="Trustee",
        date=datetime.date(2026, 3, 10),
        verdict={"outcome": "declare", "register_keeper": "line_manager"},
    )
    entry(
        finance,
        type="outside_work",
        value=None,
        counterparty="Delta Consulting",
        description="Weekend bookkeeping",
        date=datetime.date(2026, 4, 10),
        status="awaiting_approval",
        verdict={"outcome": "approval_required", "register_keeper": None},
    )
    entry(
        director,
        counterparty="Eagle Tickets",
        description="Cup final tickets",
        date=datetime.date(2026, 5, 10),
        status="rejected",
        verdict={"outcome": "prohibited", "register_keeper": "monitoring_officer"},
    )
    return thurrock


ALL = [
    "Acme Supplies Ltd",
    "Borough Catering",
    "Castle Housing Trust",
    "Delta Consulting",
    "Eagle Tickets",
]


def test_no_filter_lists_everything(cast):
    assert counterparties(cast, {}) == ALL


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "hospitality"}, ["Borough Catering"]),
        ({"type": "gift"}, ["Acme Supplies Ltd", "Eagle Tickets"]),
        ({"status": "approved"}, ["Borough Catering"]),
        ({"status": "awaiting_approval"}, ["Delta Consulting"]),
        ({"outcome": "prohibited"}, ["Eagle Tickets"]),
        ({"outcome": "approval_required"}, ["Borough Catering", "Delta Consulting"]),
        ({"department": "Finance"}, ["Delta Consulting"]),
        ({"officer": "olive"}, ["Acme Supplies Ltd", "Borough Catering"]),
        ({"officer": "Lee Manager"}, ["Castle Housing Trust"]),
        ({"officer": "fay accountant"}, ["Delta Consulting"]),
        ({"officer": "Olive Manager"}, []),  # every word must match
        ({"counterparty": "cater"}, ["Borough Catering"]),
        (
            {"date_from": "2026-03-10"},
            ["Castle Housing Trust", "Delta Consulting", "Eagle Tickets"],
        ),
        ({"date_to": "2026-02-10"}, ["Acme Supplies Ltd", "Borough Catering"]),
        (
            {"date_from-day": "10", "date_from-month": "3", "date_from-year": "2026"},
            ["Castle Housing Trust", "Delta Consulting", "Eagle Tickets"],
        ),
        (
            {"date_to-day": "10", "date_to-month": "2", "date_to-year": "2026"},
            ["Acme Supplies Ltd", "Borough Catering"],
        ),
        (
            {"date_from": "10/02/2026", "date_to": "2026-03-10"},
            ["Borough Catering", "Castle Housing Trust"],
        ),
        ({"register_keeper": "line_manager"}, ["Castle Housing Trust"]),
        ({"register_keeper": "monitoring_officer"}, ["Eagle Tickets"]),
        ({"late": "true"}, ["Borough Catering"]),
        ({"late": ""}, ALL),
        ({"type": "gift", "status": "rejected"}, ["Eagle Tickets"]),
    ],
)
def test_each_filter(cast, params, expected):
    assert counterparties(cast, params) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("wine", ["Acme Supplies Ltd"]),  # description
        ("castle", ["Castle Housing Trust"]),  # counterparty
        ("Accountant", ["Delta Consulting"]),  # officer's last name
        ("dana", ["Eagle Tickets"]),  # officer's first name
        ("olive dinner", ["Borough Catering"]),  # every word, any field
        ("nothing-like-this", []),
    ],
)
def test_free_text_search(cast, q, expected):
    assert counterparties(cast, {"q": q}) == expected


def test_search_finds_a_reference(cast):
    reference = Declaration.objects.in_register(cast).get(counterparty="Delta Consulting").reference
    assert counterparties(cast, {"q": reference.lower()}) == ["Delta Consulting"]


def test_the_department_list_comes_from_the_organisations_officers(cast, stranger):
    """Its own officers' departments and those of officers seconded in (not another
    organisation's), read from the officers, not from a DISTINCT over the register."""
    OfficerFactory(organisation=cast, department="Legal")  # no entries yet: still listed
    OfficerFactory(organisation=stranger.organisation, seconded_to=cast, department="Adults")
    OfficerFactory(organisation=stranger.organisation, department="Highways")
    form = reg.listing(Declaration.objects.in_register(cast), cast, {}).form
    values = [value for value, _ in form.fields["department"].choices]
    assert values == ["", "Adults", "Finance", "Housing", "Legal"]


def test_invalid_fields_are_errors_and_the_rest_still_apply(cast):
    listing = reg.listing(
        Declaration.objects.in_register(cast), cast, {"date_from": "soon", "type": "hospitality"}
    )
    assert "date_from" in listing.form.errors
    assert [d.counterparty for d in listing.declarations] == ["Borough Catering"]


def test_a_date_missing_its_year_is_named_and_not_applied(cast):
    listing = reg.listing(
        Declaration.objects.in_register(cast),
        cast,
        {"date_from-day": "10", "date_from-month": "3", "date_from-year": "", "type": "gift"},
    )

    assert listing.form.errors["date_from"] == ["The from date must include a year"]
    assert [d.counterparty for d in listing.declarations] == ["Eagle Tickets", "Acme Supplies Ltd"]


def test_the_date_filters_are_govuk_date_inputs_and_a_bad_one_links_to_its_day_box(
    client, monitoring_officer, cast
):
    client.force_login(monitoring_officer.user)

    html = client.get(reverse("register"), {"date_to": "2026-02-31"}).content.decode()

    for name in ("date_from", "date_to"):
        for part in ("day", "month", "year"):
            assert f'id="id_{name}-{part}" name="{name}-{part}"' in html
    assert '<a href="#id_date_to-day">Enter the to date as a real date' in html
    assert html.count("Enter the to date as a real date") == 2  # summary and field, once each


def test_a_filter_by_date_boxes_alone_counts_as_filtering():
    assert filters.is_filtering({"date_from-year": "2026"})
    assert filters.is_filtering({"date_to": "2026-01-01"})
    assert not filters.is_filtering({"sort": "value"})


def test_filters_through_the_page(client, monitoring_officer, cast):
    client.force_login(monitoring_officer.user)
    response = client.get(reverse("register"), {"outcome": "prohibited", "q": "cup"})
    assert [d.counterparty for d in response.context["page"].rows] == ["Eagle Tickets"]
    html = response.content.decode()
    assert '<option value="prohibited" selected>' in html
    assert 'value="cup"' in html


def test_filters_combine_with_latest_version_only(cast, officer):
    entry(officer, counterparty="Acme Supplies Ltd", status="superseded")
    assert counterparties(cast, {"counterparty": "acme"}) == ["Acme Supplies Ltd"]
    assert counterparties(cast, {"counterparty": "acme", "versions": "all"}) == [
        "Acme Supplies Ltd",
        "Acme Supplies Ltd",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "-date"),
        ("", "-date"),
        ("evil", "-date"),
        ("--date", "-date"),
        ("value", "value"),
        ("-officer", "-officer"),
        # Type and status have filters; no index would serve them as sorts.
        ("type", "-date"),
        ("-status", "-date"),
    ],
)
def test_clean_sort_whitelist(value, expected):
    assert reg.clean_sort(value) == expected


def test_date_range_words():
    assert filters.date_range_words({}) == "All dates"
    assert (
        filters.date_range_words(
            {"date_from": datetime.date(2026, 4, 1), "date_to": datetime.date(2027, 3, 31)}
        )
        == "1 April 2026 to 31 March 2027"
    )
    assert filters.date_range_words({"date_from": datetime.date(2026, 4, 1)}) == "From 1 April 2026"
