"""Keyset paging of the register: forward and back across page boundaries where sort keys
tie, for every sort, with entries hosted for officers seconded in interleaved with the
organisation's own; and a cursor that is not ours (garbage, wrong types, tampered, for
another sort) gives the first page, never an error."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse

from declarations import submission
from declarations.models import Declaration
from declarations.register import queries as reg
from tests.factories import ENTRY_VERDICT, OfficerFactory, OrganisationFactory, bulk_entries

pytestmark = pytest.mark.django_db

SORTS = ["date", "-date", "reference", "-reference", "officer", "-officer", "value", "-value"]
SIZE = 7  # small pages: many boundaries, many of them between equal keys

NAMES = ["Adams, Ann", "Brown, Bob", "Adams, Ann", "Clark, Cy"]


def _make(officer, host, number: int, **fields: Any) -> Declaration:
    declaration = Declaration(
        officer=officer,
        organisation=officer.organisation,
        host_organisation=host,
        type="gift",
        status="recorded",
        reference=f"R-{number:04d}",
        counterparty=f"Donor {number}",
        description="Paged",
        # Three dates, two values and no value, four names (two the same): keys tie
        # across every page boundary and between the two parts.
        date=datetime.date(2026, 1, 1 + number % 3),
        declared_on=datetime.date(2026, 12, 31),
        verdict={**ENTRY_VERDICT, "late": number % 4 == 0},
        outcome=ENTRY_VERDICT["outcome"] if number % 5 else "prohibited",
        late=number % 4 == 0,
        value_gbp=[Decimal("5.00"), Decimal("12.50"), None][number % 3],
        officer_name=NAMES[number % len(NAMES)],
        **fields,
    )
    declaration.search_text = submission.search_text_of(declaration)
    return declaration


@pytest.fixture
def register(thurrock, officer):
    """40 own entries and 15 hosted (filed by an officer seconded in), interleaved by
    reference, and 5 of another organisation's that are not in it."""
    other = OrganisationFactory(code="ecc")
    seconded = OfficerFactory(organisation=other, seconded_to=thurrock)
    elsewhere = OfficerFactory(organisation=other)
    rows = []
    for number in range(60):
        if number % 4 == 1:
            rows.append(_make(seconded, thurrock, number))
        elif number % 12 == 3:
            rows.append(_make(elsewhere, None, number))
        else:
            rows.append(_make(officer, None, number))
    Declaration.objects.bulk_create(rows)
    return thurrock


def listing_of(organisation, params: dict[str, Any]) -> reg.Listing:
    return reg.listing(Declaration.objects.in_register(organisation), organisation, params)


def expected_order(organisation, params: dict[str, Any]) -> list[int]:
    """The whole filtered register in the database's order (the OR, as the exports read it)."""
    return [d.pk for d in listing_of(organisation, params).declarations]


def walk_forward(organisation, params: dict[str, Any]) -> list[reg.Page]:
    chosen = listing_of(organisation, params)
    pages = [reg.page(chosen, organisation, params, size=SIZE)]
    while pages[-1].has_next:
        assert len(pages) < 100
        pages.append(reg.page(chosen, organisation, {"after": pages[-1].next_cursor}, size=SIZE))
    return pages


def ids(page: reg.Page) -> list[int]:
    return [d.pk for d in page.rows]


@pytest.mark.parametrize("params", [{}, {"outcome": "prohibited"}, {"late": "true"}])
@pytest.mark.parametrize("sort", SORTS)
def test_pages_forward_give_every_entry_once_in_order(register, sort, params):
    params = {**params, "sort": sort}
    pages = walk_forward(register, params)
    shown = [pk for page in pages for pk in ids(page)]
    expected = expected_order(register, params)
    assert shown == expected
    assert all(len(page.rows) == SIZE for page in pages[:-1])
    assert not pages[0].has_previous and pages[0].is_first
    assert all(page.has_previous for page in pages[1:])


@pytest.mark.parametrize("sort", SORTS)
def test_pages_back_give_the_same_pages(register, sort):
    params = {"sort": sort}
    forward = walk_forward(register, params)
    assert len(forward) > 3
    chosen = listing_of(register, params)
    current = forward[-1]
    for earlier in reversed(forward[:-1]):
        current = reg.page(chosen, register, {"before": current.previous_cursor}, size=SIZE)
        assert ids(current) == ids(earlier)
        assert current.has_next
    assert current.is_first  # back at the start: the first page, with no previous link


def test_hosted_entries_are_interleaved_with_the_organisations_own(register):
    shown = [d for page in walk_forward(register, {"sort": "reference"}) for d in page.rows]
    references = [d.reference for d in shown]
    assert references == sorted(references)
    hosted = [d.host_organisation_id == register.pk for d in shown]
    assert hosted[:3] == [False, True, False]  # R-0000 own, R-0001 hosted, R-0002 own
    assert sum(hosted) == 15
    assert all(
        d.organisation_id == register.pk or is_hosted
        for d, is_hosted in zip(shown, hosted, strict=True)
    )


def test_no_value_comes_last_when_the_highest_come_first(register):
    shown = [d for page in walk_forward(register, {"sort": "-value"}) for d in page.rows]
    values = [d.value_gbp for d in shown]
    first_none = values.index(None)
    assert all(value is None for value in values[first_none:])
    assert values[:first_none] == sorted(values[:first_none], reverse=True)


def test_the_page_links_carry_the_filters_and_the_cursor(client, monitoring_officer, officer):
    bulk_entries(officer, 51)
    client.force_login(monitoring_officer.user)
    first = client.get(reverse("register"), {"type": "gift", "sort": "value"})
    page = first.context["page"]
    assert len(page.rows) == 50 and page.has_next and not page.has_previous
    html = first.content.decode()
    assert "Next 50" in html and "Previous 50" not in html and "First page" not in html
    second = client.get(
        reverse("register"), {"type": "gift", "sort": "value", "after": page.next_cursor}
    )
    html = second.content.decode()
    assert len(second.context["page"].rows) == 1
    assert "Previous 50" in html and "First page" in html and "Next 50" not in html
    assert "type=gift" in html and "sort=value" in html and "before=" in html
    back = client.get(
        reverse("register"),
        {"type": "gift", "sort": "value", "before": second.context["page"].previous_cursor},
    )
    assert [d.pk for d in back.context["page"].rows] == [d.pk for d in page.rows]


def test_an_old_page_number_gives_the_first_page(client, monitoring_officer, officer):
    bulk_entries(officer, 51)
    client.force_login(monitoring_officer.user)
    first = client.get(reverse("register"))
    old = client.get(reverse("register"), {"page": "2"})
    assert old.status_code == 200
    assert [d.pk for d in old.context["page"].rows] == [d.pk for d in first.context["page"].rows]


def _signed(data: Any) -> str:
    return signing.dumps(data, salt=reg.CURSOR_SALT, compress=False)


def _valid(register) -> str:
    return walk_forward(register, {"sort": "-date"})[0].next_cursor


BAD_CURSORS = {
    "garbage": lambda valid: "not-a-cursor",
    "empty": lambda valid: "",
    "huge": lambda valid: "x" * 5000,
    "tampered": lambda valid: valid[:5] + ("A" if valid[5] != "A" else "B") + valid[6:],
    "unsigned JSON": lambda valid: '{"s": "-date", "o": null, "h": null}',
    "another sort": lambda valid: _signed({"s": "value", "o": None, "h": None}),
    "not a dict": lambda valid: _signed([1, 2, 3]),
    "missing part": lambda valid: _signed({"s": "-date", "o": None}),
    "bad date": lambda valid: _signed({"s": "-date", "o": [0, ["2026-13-01", 1]], "h": None}),
    "date as number": lambda valid: _signed({"s": "-date", "o": [0, [20260101, 1]], "h": None}),
    "id as text": lambda valid: _signed({"s": "-date", "o": [0, ["2026-01-01", "1"]], "h": None}),
    "id too big": lambda valid: _signed({"s": "-date", "o": [0, ["2026-01-01", 2**70]], "h": None}),
    "negative id": lambda valid: _signed({"s": "-date", "o": [0, ["2026-01-01", -1]], "h": None}),
    "id a boolean": lambda valid: _signed(
        {"s": "-date", "o": [0, ["2026-01-01", True]], "h": None}
    ),
    "short key": lambda valid: _signed({"s": "-date", "o": [0, ["2026-01-01"]], "h": None}),
    "bad flag": lambda valid: _signed({"s": "-date", "o": [7, ["2026-01-01", 1]], "h": None}),
}
BAD_VALUE_CURSORS = [
    ["NaN", 1],
    ["Infinity", 1],
    ["1e999", 1],
    ["twelve", 1],
    [12.5, 1],
    [None, 1],
]


@pytest.mark.parametrize("kind", BAD_CURSORS)
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_cursor_that_is_not_ours_gives_the_first_page(
    client, monitoring_officer, register, kind, direction
):
    client.force_login(monitoring_officer.user)
    first = client.get(reverse("register"))
    bad = BAD_CURSORS[kind](_valid(register))
    response = client.get(reverse("register"), {direction: bad})
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"].rows] == [
        d.pk for d in first.context["page"].rows
    ]
    assert not response.context["form"].errors


@pytest.mark.parametrize("key", BAD_VALUE_CURSORS)
def test_a_value_cursor_that_is_not_an_amount_gives_the_first_page(
    client, monitoring_officer, register, key
):
    client.force_login(monitoring_officer.user)
    token = _signed({"s": "value", "o": [0, key], "h": None})
    response = client.get(reverse("register"), {"sort": "value", "after": token})
    assert response.status_code == 200
    assert response.context["page"].is_first


def test_a_cursor_round_trips_every_kind_of_key(register):
    """Dates as ISO, amounts (and -1, no value) as text, names with commas as they are."""
    for sort in SORTS:
        pages = walk_forward(register, {"sort": sort})
        cursor = reg.read_cursor(pages[0].next_cursor, sort)
        assert cursor is not None
        assert cursor.sort == sort
        assert (
            reg.read_cursor(pages[0].next_cursor, "reference" if sort != "reference" else "date")
            is None
        )
