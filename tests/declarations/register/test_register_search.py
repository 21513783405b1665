"""The register's search reads `search_text` (a trigram index on PostgreSQL): every word
must match, case does not matter, and words too short for the index are left out with
a note under the search box. The filters read the columns recorded at submission, not
the verdict's JSON; the totals count at most 1,000 entries."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Declaration
from declarations.register import queries as reg
from tests.factories import OfficerFactory, OrganisationFactory, UserFactory, bulk_entries, entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def found(organisation, params: dict[str, Any]) -> list[str]:
    listing = reg.listing(Declaration.objects.in_register(organisation), organisation, params)
    return sorted(d.counterparty for d in listing.declarations)


@pytest.fixture
def entries(thurrock, officer):
    entry(officer, counterparty="Acme Supplies Ltd", description="A bottle of wine")
    entry(officer, counterparty="Borough Catering", description="Dinner at the awards")
    writer = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="wyn", first_name="Wynona", last_name="Ashworth-Smythe"),
    )
    entry(writer, counterparty="Castle Trust", description="100% of the shares")
    return thurrock


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ACME", ["Acme Supplies Ltd"]),  # case does not matter
        ("acme wine", ["Acme Supplies Ltd"]),  # every word...
        ("acme dinner", []),  # ...must match
        ("BOTTLE", ["Acme Supplies Ltd"]),  # the description
        ("catering", ["Borough Catering"]),  # who was involved
        ("olive", ["Acme Supplies Ltd", "Borough Catering"]),  # the officer's first name
        ("ashworth-smythe", ["Castle Trust"]),  # the officer's last name
        ("100%", ["Castle Trust"]),  # % is a character, not a wildcard
        ("1_0", []),  # and so is _
    ],
)
def test_every_word_must_match_in_any_case(entries, q, expected):
    assert found(entries, {"q": q}) == expected


def test_a_reference_is_found(entries):
    reference = Declaration.objects.get(counterparty="Castle Trust").reference
    assert found(entries, {"q": reference}) == ["Castle Trust"]
    assert found(entries, {"q": reference.lower()}) == ["Castle Trust"]


def test_words_too_short_for_the_index_are_left_out_and_the_page_says_so(mo_client, entries):
    response = mo_client.get(reverse("register"), {"q": "a of acme"})
    assert [d.counterparty for d in response.context["page"].rows] == ["Acme Supplies Ltd"]
    assert response.context["left_out_words"] == ("a", "of")
    html = response.content.decode()
    assert "Words of fewer than 3 letters are left out of the search: “a”, “of”." in html


def test_only_short_words_search_for_nothing_and_say_so(mo_client, entries):
    response = mo_client.get(reverse("register"), {"q": "ab"})
    assert len(response.context["page"].rows) == 3
    assert "left out of the search: “ab”" in response.content.decode()


def test_no_note_when_no_word_is_left_out(mo_client, entries):
    response = mo_client.get(reverse("register"), {"q": "acme"})
    assert "left out of the search:" not in response.content.decode()


def test_the_search_reads_the_search_text_column(entries):
    """What submission recorded is searched, not the columns as they are now."""
    acme = Declaration.objects.get(counterparty="Acme Supplies Ltd")
    Declaration.objects.filter(pk=acme.pk).update(search_text="recorded words only")
    assert found(entries, {"q": "acme"}) == []
    assert found(entries, {"q": "recorded"}) == ["Acme Supplies Ltd"]


def test_the_search_is_a_like_on_search_text(entries):
    listing = reg.listing(Declaration.objects.in_register(entries), entries, {"q": "acme wine"})
    where = str(listing.declarations.query).lower().split(" where ", 1)[1]
    assert len(re.findall(r'"search_text"(::text)? like', where)) == 2
    assert "counterparty" not in where
    assert "first_name" not in where


def test_the_officer_filter_finds_officers_by_their_names(entries):
    assert found(entries, {"officer": "ashworth"}) == ["Castle Trust"]
    assert found(entries, {"officer": "OLIVE officer"}) == ["Acme Supplies Ltd", "Borough Catering"]
    assert found(entries, {"officer": "olive ashworth"}) == []  # every word must match


def test_the_officer_filter_is_a_subquery_over_the_staff(entries):
    listing = reg.listing(Declaration.objects.in_register(entries), entries, {"officer": "olive"})
    where = str(listing.declarations.query).lower().split(" where ", 1)[1]
    assert '"officer_id" in (select' in where


# --- the filters read the columns --------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "column", "verdict"),
    [
        ({"late": "true"}, {"late": True}, {"late": False}),
        ({"outcome": "prohibited"}, {"outcome": "prohibited"}, {"outcome": "declare"}),
        (
            {"register_keeper": "monitoring_officer"},
            {"register_keeper": "monitoring_officer"},
            {"register_keeper": "director"},
        ),
    ],
)
def test_filters_read_the_columns_not_the_verdict(thurrock, officer, params, column, verdict):
    """One entry whose column matches but whose verdict does not is listed; one whose
    verdict matches but whose column does not is not."""
    by_column = entry(officer, counterparty="By column")
    by_verdict = entry(officer, counterparty="By verdict")
    Declaration.objects.filter(pk=by_column.pk).update(**column)
    Declaration.objects.filter(pk=by_verdict.pk).update(
        verdict={**by_verdict.verdict, **column},
        **verdict,
    )
    assert found(thurrock, params) == ["By column"]


def test_the_value_shown_and_sorted_is_the_column(mo_client, officer):
    high = entry(officer, counterparty="High in column", value="1.00")
    entry(officer, counterparty="Low in column", value="50.00")
    Declaration.objects.filter(pk=high.pk).update(value_gbp=Decimal("99.00"))
    response = mo_client.get(reverse("register"), {"sort": "-value"})
    assert [d.counterparty for d in response.context["page"].rows] == [
        "High in column",
        "Low in column",
    ]
    assert "£99.00" in response.content.decode()


def test_the_rows_query_does_not_join_the_gift_table_or_read_json(mo_client, officer):
    entry(officer)
    with CaptureQueriesContext(connection) as queries:
        mo_client.get(
            reverse("register"),
            {"sort": "-value", "outcome": "declare", "late": "true", "register_keeper": "director"},
        )
    register_sql = [q["sql"] for q in queries if "declarations_declaration" in q["sql"]]
    assert register_sql
    for sql in register_sql:
        assert "giftHospitality".lower() not in sql.lower()
        assert "verdict" not in sql.split("WHERE", 1)[-1]


# --- bounded totals --------------------------------------------------------------------------


def test_a_thousand_entries_are_counted_and_totalled(mo_client, officer):
    bulk_entries(officer, 1000)
    response = mo_client.get(reverse("register"))
    totals = response.context["totals"]
    assert (totals.count, totals.more_than_limit) == (1000, False)
    assert totals.value == Decimal("124875.00")  # 0.00 + 0.25 + ... + 249.75
    html = response.content.decode()
    assert "<strong>1,000</strong> entries match" in html
    assert "£124,875.00" in html or "£124875.00" in html


def test_more_than_a_thousand_says_so_and_gives_no_total(mo_client, officer):
    bulk_entries(officer, 1001)
    response = mo_client.get(reverse("register"))
    totals = response.context["totals"]
    assert totals.more_than_limit
    assert totals.value is None
    html = response.content.decode()
    assert "<strong>More than 1,000</strong> entries match" in html
    assert "total value of gifts and hospitality" not in html


def test_hosted_entries_count_towards_the_limit(thurrock, officer):
    bulk_entries(officer, 999)
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    entry(seconded, value="1.00")
    listing = reg.listing(Declaration.objects.in_register(thurrock), thurrock, {})
    at_limit = reg.totals(listing.declarations, thurrock)
    assert (at_limit.count, at_limit.more_than_limit) == (1000, False)
    entry(seconded, value="1.00", date=datetime.date(2026, 5, 5))
    assert reg.totals(listing.declarations, thurrock).more_than_limit


def test_the_totals_are_one_bounded_statement(officer):
    bulk_entries(officer, 5)
    listing = reg.listing(
        Declaration.objects.in_register(officer.organisation), officer.organisation, {}
    )
    with CaptureQueriesContext(connection) as queries:
        reg.totals(listing.declarations, officer.organisation, limit=3)
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert sql.count("LIMIT 4") == 2
    assert reg.totals(listing.declarations, officer.organisation, limit=5).count == 5
    assert reg.totals(listing.declarations, officer.organisation, limit=4).more_than_limit


def test_each_part_reads_its_own_column_without_the_registers_or(officer):
    """in_register's "organisation or host" is taken out of each part, which puts its own
    condition in its place (left in, PostgreSQL misjudges how many rows a part holds)."""
    organisation = officer.organisation
    listing = reg.listing(Declaration.objects.in_register(organisation), organisation, {})
    own, hosted = reg.parts(listing.declarations, organisation)
    own_sql, hosted_sql = (str(part.query).split(" WHERE ", 1)[1] for part in (own, hosted))
    assert "host_organisation_id" not in own_sql
    assert " OR " not in own_sql and " OR " not in hosted_sql
    assert "host_organisation_id" in hosted_sql


def test_a_like_shaped_filter_on_another_tables_columns_stays(officer):
    """Only in_register's own OR is taken out of a part: the same shape on the officer's
    organisation is a different filter, and a part keeps it."""
    organisation = officer.organisation
    shaped = Declaration.objects.filter(
        Q(officer__organisation=organisation) | Q(host_organisation=organisation)
    )
    own, _ = reg.parts(shaped, organisation)
    assert " OR " in str(own.query).split(" WHERE ", 1)[1]
