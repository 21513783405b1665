"""The register page: a monitoring officer's whole register, latest versions, keyset
paging without counting, bounded totals, sorting, and bad parameters that never cause a 500."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import Declaration
from declarations.register import queries as reg
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
)

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[str]:
    """The references on a register page, in order."""
    return [d.reference_with_version for d in response.context["page"].rows]


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_monitoring_officer_sees_the_register(mo_client, officer, thurrock):
    gift = entry(officer, counterparty="Acme Supplies Ltd", value="12.50")
    response = mo_client.get(reverse("register"))
    assert response.status_code == 200
    assert rows_of(response) == [gift.reference]
    assert response.context["organisation"] == thurrock
    html = response.content.decode()
    assert "Acme Supplies Ltd" in html
    assert "£12.50" in html
    assert 'class="govuk-table ' in html


def test_other_organisations_entries_are_not_in_the_register(mo_client, officer, stranger):
    own = entry(officer)
    entry(stranger)
    assert rows_of(mo_client.get(reverse("register"))) == [own.reference]


def test_officers_seconded_in_appear(mo_client, thurrock):
    seconded = OfficerFactory(
        organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock, department="Adults"
    )
    declaration = entry(seconded)
    response = mo_client.get(reverse("register"))
    assert rows_of(response) == [declaration.reference]
    assert "(seconded in)" in response.content.decode()


def test_latest_version_only_unless_asked(mo_client, officer):
    first = entry(officer, status="superseded", counterparty="Old version")
    second = entry(officer, amends=first, version=2, counterparty="New version")
    Declaration.objects.filter(pk=second.pk).update(reference=first.reference)
    assert rows_of(mo_client.get(reverse("register"))) == [f"{first.reference} v2"]
    everything = rows_of(mo_client.get(reverse("register"), {"versions": "all"}))
    assert sorted(everything) == sorted([first.reference, f"{first.reference} v2"])
    superseded = rows_of(mo_client.get(reverse("register"), {"status": "superseded"}))
    assert superseded == [first.reference]


def test_drafts_are_not_in_the_register(mo_client, officer):
    entry(officer, status="draft")
    submitted = entry(officer, status="awaiting_approval")
    assert rows_of(mo_client.get(reverse("register"))) == [submitted.reference]


def test_fifty_a_page_with_a_next_page_found_without_counting(mo_client, officer):
    for day in range(51):
        entry(officer, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    first = mo_client.get(reverse("register"))
    assert len(first.context["page"].rows) == reg.PAGE_SIZE == 50
    assert first.context["page"].has_next
    html = first.content.decode()
    assert 'rel="next"' in html
    assert "Next 50" in html
    assert "after=" in html
    second = mo_client.get(reverse("register"), {"after": first.context["page"].next_cursor})
    assert len(second.context["page"].rows) == 1
    assert not second.context["page"].has_next
    assert second.context["page"].has_previous
    assert "First page" in second.content.decode()
    assert not set(rows_of(first)) & set(rows_of(second))


def test_exactly_one_full_page_has_no_next_page(mo_client, officer):
    for _ in range(50):
        entry(officer)
    page = mo_client.get(reverse("register")).context["page"]
    assert len(page.rows) == 50
    assert not page.has_next


def test_paging_never_counts_or_skips(officer):
    """A page is two queries (own entries, hosted ones): LIMIT page size + 1, with no
    COUNT and no OFFSET."""
    for _ in range(3):
        entry(officer)
    listing = reg.listing(
        Declaration.objects.in_register(officer.organisation), officer.organisation, {}
    )
    with CaptureQueriesContext(connection) as queries:
        reg.page(listing, officer.organisation, {})
    assert len(queries) == 2
    for query in queries:
        sql = query["sql"].upper()
        assert "COUNT(" not in sql
        assert "OFFSET" not in sql
        assert "LIMIT 51" in sql


def test_totals_count_and_value_of_the_filtered_set(mo_client, officer):
    entry(officer, value="10.00")
    entry(officer, value="2.50", type="hospitality")
    entry(officer, type="interest", value=None)
    entry(officer, value="1000.00", status="superseded")  # not the latest version
    response = mo_client.get(reverse("register"))
    totals = response.context["totals"]
    assert not totals.more_than_limit
    assert totals.count == 3
    assert totals.value == Decimal("12.50")
    assert "£12.50" in response.content.decode()
    gifts = mo_client.get(reverse("register"), {"type": "gift"}).context["totals"]
    assert (gifts.count, gifts.value) == (1, Decimal("10.00"))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # One index serves both directions: no value sorts as -1, so it comes last
        # when the highest come first and first when the lowest do.
        ("value", ["none", "small", "large"]),
        ("-value", ["large", "small", "none"]),
        ("date", ["large", "none", "small"]),
        ("-date", ["small", "none", "large"]),
        # Sorting by type went (a filter does it; no index would serve it): the default.
        ("type", ["small", "none", "large"]),
    ],
)
def test_sorting(mo_client, officer, sort, expected):
    entry(officer, counterparty="small", value="1.00", date=datetime.date(2026, 3, 1))
    entry(officer, counterparty="large", value="99.00", date=datetime.date(2026, 1, 1))
    entry(officer, counterparty="none", type="interest", value=None, date=datetime.date(2026, 2, 1))
    response = mo_client.get(reverse("register"), {"sort": sort})
    assert [d.counterparty for d in response.context["page"].rows] == expected


def test_sort_by_officer_and_reference(mo_client, officer, line_manager):
    mine = entry(officer)
    managers = entry(line_manager)
    by_officer = rows_of(mo_client.get(reverse("register"), {"sort": "officer"}))
    assert by_officer == [managers.reference, mine.reference]  # Manager before Officer
    by_reference = rows_of(mo_client.get(reverse("register"), {"sort": "-reference"}))
    assert by_reference == sorted([mine.reference, managers.reference], reverse=True)


def test_sort_links_toggle_and_announce(mo_client, officer):
    entry(officer)
    response = mo_client.get(reverse("register"), {"sort": "value"})
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=-value" in html
    assert response.context["sorting"]["value"]["next"] == "-value"


def test_type_and_status_headers_do_not_sort(mo_client, officer):
    entry(officer)
    html = mo_client.get(reverse("register")).content.decode()
    assert "sort=type" not in html
    assert "sort=status" not in html
    assert '<th scope="col" class="govuk-table__header">Type</th>' in html
    assert '<th scope="col" class="govuk-table__header">Status</th>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "evil"},
        {"sort": "-officer__user__password"},
        {"sort": "value; DROP TABLE declarations_declaration"},
        {"page": "abc"},
        {"page": "-5"},
        {"page": "0"},
        {"page": str(10**30)},
        {"after": "garbage"},
        {"before": "x" * 5000},
        {"type": "cash"},
        {"status": "bogus"},
        {"outcome": "maybe"},
        {"register_keeper": "nobody"},
        {"department": "Nowhere"},
        {"versions": "some"},
        {"date_from": "not-a-date"},
        {"date_to": "2026-02-30"},
        {"date_from": "2027-01-01", "date_to": "2026-01-01"},
        {"q": "x" * 500},
        {"late": "maybe"},
    ],
)
def test_bad_parameters_never_cause_a_500(mo_client, officer, params):
    entry(officer)
    response = mo_client.get(reverse("register"), params)
    assert response.status_code == 200


def test_a_bad_date_is_shown_as_a_gov_uk_error_and_not_applied(mo_client, officer):
    gift = entry(officer)
    response = mo_client.get(reverse("register"), {"date_from": "not-a-date", "type": "gift"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the from date as a real date" in html
    assert "govuk-form-group--error" in html
    assert response.context["form"].errors["date_from"]
    assert rows_of(response) == [gift.reference]  # the valid filter still applies
    assert "<title>Error:" in html


def test_dates_in_the_wrong_order_are_an_error(mo_client, officer):
    response = mo_client.get(
        reverse("register"), {"date_from": "2027-01-01", "date_to": "2026-01-01"}
    )
    assert "must be the same as or after the from date" in response.content.decode()


def test_superuser_chooses_the_organisation(client, officer, stranger):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    thurrock_entry = entry(officer)
    ecc_entry = entry(stranger)
    chosen = client.get(reverse("register"), {"organisation": "ecc"})
    assert chosen.status_code == 200
    assert rows_of(chosen) == [ecc_entry.reference]
    other = client.get(reverse("register"), {"organisation": "thurrock"})
    assert rows_of(other) == [thurrock_entry.reference]
    assert 'name="organisation"' in other.content.decode()


def test_keeper_of_several_registers_defaults_to_the_first_and_can_switch(
    client, monitoring_officer, officer, stranger
):
    RoleAssignmentFactory(
        officer=monitoring_officer, organisation=stranger.organisation, role="monitoring_officer"
    )
    client.force_login(monitoring_officer.user)
    thurrock_entry = entry(officer)
    ecc_entry = entry(stranger)
    first = client.get(reverse("register"))
    # Organisations are ordered by name: "Essex County Council" before "Thurrock Council".
    assert first.context["organisation"].code == "ecc"
    assert rows_of(first) == [ecc_entry.reference]
    assert first.context["organisation_choice"]
    switched = client.get(reverse("register"), {"organisation": "thurrock"})
    assert rows_of(switched) == [thurrock_entry.reference]
    html = switched.content.decode()
    assert 'type="hidden" name="organisation" value="thurrock"' in html


def test_an_organisation_not_kept_is_forbidden(mo_client):
    assert mo_client.get(reverse("register"), {"organisation": "ecc"}).status_code == 403
    assert mo_client.get(reverse("register"), {"organisation": "nowhere"}).status_code == 403


def test_export_links_carry_the_filter(mo_client, officer):
    entry(officer)
    response = mo_client.get(reverse("register"), {"type": "gift", "page": "1"})
    html = response.content.decode()
    assert f'{reverse("register-export-csv")}?type=gift"' in html
    assert f'{reverse("register-export-xlsx")}?type=gift"' in html
    assert f'{reverse("register-export-pdf")}?type=gift"' in html


def test_declared_late_is_tagged(mo_client, officer):
    entry(officer, verdict={"late": True})
    assert 'govuk-tag--red">Late' in mo_client.get(reverse("register")).content.decode()
