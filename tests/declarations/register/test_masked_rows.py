"""A sensitive entry in the register of a keeper who may not see it (a system
administrator, a named register's keeper): listed as "Sensitive entry" with its
reference, type, status and declared date and nothing else, never linked, counted in
the totals; left out of any listing that could tell whose it is or what it says (a
search, the officer, department or counterparty filters, sorting by officer or value),
so a search for a name never reveals that person has one (queries.masks_sensitive)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import Status
from declarations.register import entries
from declarations.register import queries as reg
from tests.declarations.register.sensitive_helpers import (
    KINDS,
    SECRETS,
    declared_late,
    sensitive,
)
from tests.factories import OfficerFactory, UserFactory, entry

pytestmark = pytest.mark.django_db

GIFT = "Box of chocolates"


@pytest.fixture
def admin(db):
    """A system administrator who is not the monitoring officer: keeps every register."""
    return UserFactory(username="ada.admin", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param


@pytest.fixture
def secret(officer, kind, thurrock):
    """Olive's relationship or disclosure beside her gift, in Thurrock's register."""
    entry(officer, counterparty="Acme", description=GIFT)
    return sensitive(officer, kind, status=Status.RECORDED, route=())


def page(client, **params):
    response = client.get(reverse("register"), {"organisation": "thurrock", **params})
    assert response.status_code == 200
    return response


def masked(response) -> list[entries.MaskedRow]:
    return [row for row in response.context["rows"] if isinstance(row, entries.MaskedRow)]


def test_the_row_says_what_it_is_and_no_more(admin_client, secret, kind):
    response = page(admin_client)
    (row,) = masked(response)
    assert (row.reference, row.status, row.declared_on) == (
        secret.reference_with_version,
        Status.RECORDED,
        secret.declared_on,
    )
    assert row.type_words == secret.get_type_display()
    html = response.content.decode()
    counterparty, description = SECRETS[kind]
    assert "Sensitive entry" in html and secret.reference_with_version in html
    assert counterparty not in html and description not in html
    assert not hasattr(row, "declaration")  # nothing else to show, whatever the template


def test_it_names_no_officer(admin_client, thurrock, kind):
    """A row of its own: Olive's name is on the page only if another entry of hers is."""
    author = OfficerFactory(
        organisation=thurrock, user=UserFactory(username="quentin.quiet", first_name="Quentin")
    )
    sensitive(author, kind, status=Status.RECORDED, route=())
    html = page(admin_client).content.decode()
    assert "Quentin" not in html


def test_it_is_not_linked_and_its_page_is_not_found(admin_client, secret):
    link = reverse("register-entry", args=[secret.pk])
    assert link not in page(admin_client).content.decode()
    assert admin_client.get(link).status_code == 404


def test_it_is_counted(admin_client, secret):
    assert page(admin_client).context["totals"].count == 2


def test_the_page_says_why_it_is_masked(admin_client, secret, client, monitoring_officer):
    assert 'id="register-masked"' in page(admin_client).content.decode()
    client.force_login(monitoring_officer.user)
    full = client.get(reverse("register"))
    assert 'id="register-masked"' not in full.content.decode()
    assert not masked(full)


@pytest.mark.parametrize(
    "params",
    [
        {"type": "its own"},
        {"status": Status.RECORDED},
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        {"versions": "all"},
        {"sort": "reference"},
        {"sort": "-date"},
    ],
)
def test_type_status_and_date_filters_may_list_it(admin_client, secret, kind, params):
    if "type" in params:
        params = {"type": kind}
    assert [row.reference for row in masked(page(admin_client, **params))] == [
        secret.reference_with_version
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Olive"},
        {"q": "Officer"},
        {"officer": "Olive"},
        {"department": "Housing"},
        {"outcome": "declare"},
        {"late": "on"},
        {"register_keeper": "line_manager"},
        {"sort": "officer"},
        {"sort": "-value"},
    ],
)
def test_anything_that_could_tell_whose_it_is_leaves_it_out(
    admin_client, client, monitoring_officer, officer, secret, params
):
    officer.department = "Housing"
    officer.save()
    declared_late(secret)
    assert masked(page(admin_client, **params)) == []
    client.force_login(monitoring_officer.user)  # the same filter finds it in full
    response = client.get(reverse("register"), params)
    assert secret in [row.declaration for row in response.context["rows"]]


def test_a_search_for_its_counterparty_finds_nothing(admin_client, secret, kind):
    counterparty, description = SECRETS[kind]
    for words in (counterparty, description.split()[0]):
        response = page(admin_client, q=words)
        assert masked(response) == []
        assert response.context["totals"].count == 0


def test_the_monitoring_officers_search_still_finds_it(client, monitoring_officer, secret, kind):
    client.force_login(monitoring_officer.user)
    response = client.get(reverse("register"), {"q": "Olive"})
    assert secret in [row.declaration for row in response.context["rows"]]


def test_masked_rows_page_by_keyset_like_any_other(admin, officer, kind):
    for _ in range(3):
        sensitive(officer, kind, status=Status.RECORDED, route=())
        entry(officer)
    listing = reg.whole_register_page(admin, officer.organisation, {"sort": "reference"})
    assert listing.masked
    first = reg.page(listing, officer.organisation, {}, size=4)
    second = reg.page(listing, officer.organisation, {"after": first.next_cursor}, size=4)
    seen = [d.pk for d in first.rows + second.rows]
    assert len(seen) == len(set(seen)) == 6


def queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


def test_masking_takes_no_query_per_row(admin_client, officer, kind):
    def add(count: int) -> None:
        for _ in range(count):
            sensitive(officer, kind, status=Status.RECORDED, route=())
            entry(officer)

    add(3)
    at_six = queries(lambda: page(admin_client).content)
    add(20)
    at_forty_six = queries(lambda: page(admin_client).content)
    assert at_six == at_forty_six
