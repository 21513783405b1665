"""The security log page (/register/security-log/): who may read it and what they see,
its filters, paging by cursor (never OFFSET, never COUNT), bad input, and the indexes
behind every query."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from declarations.register import security_log_queries
from declarations.register.security_log_filters import Cursor, parse_cursor
from tests.factories import (
    OrganisationFactory,
    RoleAssignmentFactory,
    SecurityEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/register/security-log/"
LONDON_NOON = datetime.datetime(2026, 6, 1, 11, 0, tzinfo=datetime.UTC)  # 12:00 BST


def event(organisation, *, at=LONDON_NOON, **fields) -> SecurityEvent:
    return SecurityEventFactory(organisation=organisation, at=at, **fields)


def shown(response) -> list[str]:
    """The paths of the events on the page (each test event gets its own path; signing
    the test's client in records a sign-in with none, left out here)."""
    return [row.event.path for row in response.context["page"].rows if row.event.path]


def all_shown(response) -> list[int]:
    return [row.event.pk for row in response.context["page"].rows]


def older_link(response) -> str | None:
    found = re.search(r'href="([^"]*before=[^"]*)"[^>]*rel="next"', response.content.decode())
    return URL + unescape(found[1]) if found else None


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


@pytest.fixture
def ecc(db):
    return OrganisationFactory(code="ecc")


# --- who may read it --------------------------------------------------------------------------


def test_the_monitoring_officer_sees_their_organisations_events(mo_client, thurrock, ecc):
    event(thurrock, path="/thurrock/")
    event(ecc, path="/ecc/")
    event(None, path="/nobody/", username="who.is.this")

    response = mo_client.get(URL)

    assert response.status_code == 200
    assert shown(response) == ["/thurrock/"]
    assert response.templates[0].name == "register/security_log.html"


@pytest.mark.parametrize("person", ["officer", "line_manager", "director", "stranger"])
def test_anyone_who_keeps_no_register_is_refused(client, request, thurrock, person):
    event(thurrock, path="/thurrock/")
    someone = request.getfixturevalue(person)
    client.force_login(someone.user)

    response = client.get(URL)

    assert response.status_code == 403
    assert "/thurrock/" not in response.content.decode()
    assert "You cannot see the security log" in response.content.decode()
    denied = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_DENIED)
    assert denied.path == URL  # the refusal is in the log too


def test_someone_not_signed_in_is_sent_to_sign_in(client, thurrock):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_employers_monitoring_officer_sees_only_their_own(client, stranger, thurrock):
    RoleAssignmentFactory(
        officer=stranger, organisation=stranger.organisation, role="monitoring_officer"
    )
    event(thurrock, path="/thurrock/")
    event(stranger.organisation, path="/ecc/")
    client.force_login(stranger.user)

    assert shown(client.get(URL)) == ["/ecc/"]
    assert shown(client.get(URL, {"organisation": "thurrock"})) == ["/ecc/"]


def test_a_system_administrator_sees_every_organisation_and_events_of_none(client, thurrock, ecc):
    admin = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    event(thurrock, path="/thurrock/", at=LONDON_NOON)
    event(ecc, path="/ecc/", at=LONDON_NOON + datetime.timedelta(minutes=1))
    event(None, path="/nobody/", at=LONDON_NOON + datetime.timedelta(minutes=2))
    client.force_login(admin)

    assert shown(client.get(URL)) == ["/nobody/", "/ecc/", "/thurrock/"]
    assert shown(client.get(URL, {"organisation": "none"})) == ["/nobody/"]
    assert shown(client.get(URL, {"organisation": "ecc"})) == ["/ecc/"]


def test_the_navigation_offers_the_log_to_register_keepers_only(
    client, monitoring_officer, officer
):
    client.force_login(monitoring_officer.user)
    assert f'href="{URL}"' in client.get(reverse("register")).content.decode()

    client.force_login(officer.user)
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


def test_the_page_is_never_cached(mo_client):
    assert "no-store" in mo_client.get(URL)["Cache-Control"]


def test_the_table_has_a_caption_and_the_page_no_inline_script_or_style(mo_client, thurrock):
    event(thurrock, path="/thurrock/", detail={"status": 403, "method": "GET"})

    html = mo_client.get(URL).content.decode()

    assert '<caption class="govuk-table__caption govuk-table__caption--m"' in html
    assert 'scope="col"' in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main
    assert "style=" not in main
    assert "Response: 403" in main


def test_detail_is_escaped(mo_client, thurrock):
    event(thurrock, username="<b>bold</b>", detail={"note": "<script>x</script>"})

    html = mo_client.get(URL).content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>x</script>" not in html


# --- filters ---------------------------------------------------------------------------------


def test_it_filters_by_kind(mo_client, thurrock):
    event(thurrock, kind="sign_in", path="/in/")
    event(thurrock, kind="access_denied", path="/denied/")

    assert shown(mo_client.get(URL, {"kind": "access_denied"})) == ["/denied/"]


def test_it_filters_by_username_exactly_or_by_its_start(mo_client, thurrock):
    event(thurrock, username="olive.officer", path="/olive/", at=LONDON_NOON)
    event(
        thurrock,
        username="olive.officer2",
        path="/olive2/",
        at=LONDON_NOON + datetime.timedelta(seconds=1),
    )
    event(thurrock, username="lee.manager", path="/lee/")

    assert shown(mo_client.get(URL, {"person": "olive.officer"})) == ["/olive/"]
    assert shown(mo_client.get(URL, {"person": " olive.officer "})) == ["/olive/"]
    assert shown(mo_client.get(URL, {"person": "olive", "starts_with": "true"})) == [
        "/olive2/",
        "/olive/",
    ]
    assert shown(mo_client.get(URL, {"person": "olive"})) == []


def test_it_filters_by_days_in_the_registers_time_zone(mo_client, thurrock):
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    event(thurrock, path="/may/", at=datetime.datetime(2026, 5, 31, 22, 30, tzinfo=datetime.UTC))
    event(thurrock, path="/june-1/", at=datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC))
    event(
        thurrock,
        path="/june-2-late/",
        at=datetime.datetime(2026, 6, 2, 22, 59, tzinfo=datetime.UTC),
    )
    event(thurrock, path="/june-3/", at=datetime.datetime(2026, 6, 2, 23, 0, tzinfo=datetime.UTC))

    response = mo_client.get(URL, {"date_from": "2026-06-01", "date_to": "02/06/2026"})

    assert shown(response) == ["/june-2-late/", "/june-1/"]
    assert shown(mo_client.get(URL, {"date_from": "2026-06-03"})) == ["/june-3/"]
    assert shown(mo_client.get(URL, {"date_to": "2026-05-31"})) == ["/may/"]


def test_filters_combine(mo_client, thurrock):
    event(thurrock, kind="sign_in", username="olive.officer", path="/yes/")
    event(thurrock, kind="sign_out", username="olive.officer", path="/other-kind/")
    event(thurrock, kind="sign_in", username="lee.manager", path="/other-person/")
    event(
        thurrock,
        kind="sign_in",
        username="olive.officer",
        path="/other-day/",
        at=LONDON_NOON - datetime.timedelta(days=3),
    )

    response = mo_client.get(
        URL,
        {
            "kind": "sign_in",
            "person": "olive.officer",
            "date_from": "2026-06-01",
            "date_to": "2026-06-01",
        },
    )

    assert shown(response) == ["/yes/"]


# --- paging ----------------------------------------------------------------------------------


def test_pages_go_back_in_time_by_cursor_and_show_each_event_once(mo_client, thurrock, ecc):
    moments = [LONDON_NOON - datetime.timedelta(minutes=n) for n in range(105)]
    # Three events share one moment, across the boundary of the first page (49, 50, 51).
    moments[50] = moments[51] = moments[49]
    for n, moment in enumerate(moments):
        event(thurrock, at=moment, path=f"/e/{n}/")
    event(ecc, path="/ecc/")
    # With the sign-in the test client's signing in recorded: 106 events at Thurrock.
    newest_first = list(
        SecurityEvent.objects.filter(organisation=thurrock)
        .order_by("-at", "-id")
        .values_list("pk", flat=True)
    )
    assert len(newest_first) == 106

    first = mo_client.get(URL)
    second = mo_client.get(older_link(first))
    third = mo_client.get(older_link(second))

    assert all_shown(first) == newest_first[:50]
    assert all_shown(second) == newest_first[50:100]
    assert all_shown(third) == newest_first[100:]
    assert older_link(third) is None
    assert "Newest events" in third.content.decode()
    assert "Newest events" not in first.content.decode()


def test_the_older_link_keeps_the_filters(mo_client, thurrock):
    for n in range(55):
        minutes_ago = LONDON_NOON - datetime.timedelta(minutes=n)
        event(thurrock, kind="access_denied", at=minutes_ago, path=f"/denied/{n}/")
        event(thurrock, kind="sign_out", at=minutes_ago, path=f"/out/{n}/")

    first = mo_client.get(URL, {"kind": "access_denied"})
    second = mo_client.get(older_link(first))

    assert "kind=access_denied" in older_link(first)
    assert shown(first) == [f"/denied/{n}/" for n in range(50)]
    assert shown(second) == [f"/denied/{n}/" for n in range(50, 55)]


def test_no_page_counts_the_table_or_skips_rows_and_queries_do_not_grow(client, thurrock, ecc):
    """A superuser's page reads each organisation, and events of none, by one query each,
    however many events there are; the page after is found by its cursor."""
    admin = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for n in range(10):
        event(thurrock, at=LONDON_NOON - datetime.timedelta(minutes=n))

    def queries(url: str, params: dict | None = None) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    few = queries(URL, {"kind": "sign_in"})
    for n in range(120):
        event(thurrock, at=LONDON_NOON - datetime.timedelta(hours=1, minutes=n))
        event(ecc, at=LONDON_NOON - datetime.timedelta(hours=1, minutes=n))
    many = queries(URL, {"kind": "sign_in"})
    older = queries(older_link(client.get(URL, {"kind": "sign_in"})))

    assert len(many) == len(few)
    log_queries = [sql for sql in many + older if "declarations_securityevent" in sql]
    assert len(log_queries) == 2 * 3  # Thurrock, ECC and events of no organisation
    assert not any("COUNT(" in sql.upper() for sql in log_queries)
    assert not any("OFFSET" in sql.upper() for sql in log_queries)
    assert all("LIMIT 51" in sql for sql in log_queries)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "31/02/2026"}, "date_from", "Enter the from date as a real date"),
        ({"date_to": "yesterday"}, "date_to", "Enter the to date as a real date"),
        ({"date_from": "9999-12-31"}, "date_from", "Enter a from date between"),
        ({"date_to": "0001-01-01"}, "date_to", "Enter a to date between"),
        (
            {"date_from": "2026-06-01", "date_to": "2026-05-31"},
            "date_to",
            "The to date must be the same as or after the from date",
        ),
        ({"kind": "sign_in_as_god"}, "kind", "Select an event from the list"),
        ({"person": "x" * 151}, "person", "Enter a username of 150 characters or fewer"),
        ({"starts_with": "true"}, "person", "Enter the start of a username"),
    ],
)
def test_bad_filters_are_named_and_not_applied(mo_client, thurrock, params, field, message):
    event(thurrock, path="/thurrock/")

    response = mo_client.get(URL, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # The error summary links to the field (a date's day box).
    anchor = f"id_{field}-day" if field.startswith("date") else f"id_{field}"
    assert f'href="#{anchor}"' in html
    assert "govuk-error-summary" in html
    assert response.context["form"].errors[field]
    assert shown(response) == ["/thurrock/"]


def test_an_organisation_not_kept_is_named_and_not_applied(client, monitoring_officer, ecc):
    RoleAssignmentFactory(officer=monitoring_officer, organisation=ecc, role="monitoring_officer")
    event(monitoring_officer.organisation, path="/thurrock/")
    client.force_login(monitoring_officer.user)

    response = client.get(URL, {"organisation": "essex-probation"})

    assert "Select an organisation from the list" in response.content.decode()
    assert 'href="#id_organisation"' in response.content.decode()
    assert shown(response) == ["/thurrock/"]
    refused = client.get(URL, {"organisation": "none"})  # events of none: superusers only
    assert "Select an organisation from the list" in refused.content.decode()
    assert shown(refused) == ["/thurrock/"]


def test_one_organisation_offers_no_choice_and_ignores_one_asked_for(mo_client, thurrock, ecc):
    event(thurrock, path="/thurrock/")
    event(ecc, path="/ecc/")

    response = mo_client.get(URL, {"organisation": "ecc"})

    assert 'name="organisation"' not in response.content.decode()
    assert "govuk-error-summary" not in response.content.decode()
    assert shown(response) == ["/thurrock/"]


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "1.2.3",
        "-5.1",
        "99999999999999999.1",  # too many digits for a moment
        "1780000000000000.99999999999999999999",  # an id beyond any
        "1780000000000000." + "9" * 19,
    ],
)
def test_a_damaged_older_events_link_says_so_and_shows_the_newest(mo_client, thurrock, cursor):
    event(thurrock, path="/thurrock/")

    response = mo_client.get(URL, {"before": cursor})

    assert response.status_code == 200
    html = response.content.decode()
    assert "link is not valid" in html
    assert shown(response) == ["/thurrock/"]


def test_a_cursor_reads_back_as_it_was_written():
    moment = datetime.datetime(2026, 6, 1, 11, 0, 5, 123456, tzinfo=datetime.UTC)
    cursor = Cursor(at=moment, id=42)

    assert parse_cursor(str(cursor)) == cursor
    assert parse_cursor(str(cursor)).at == moment


def test_odd_values_never_give_a_500(mo_client, thurrock):
    for params in (
        {"before": "\x00"},
        {"person": "%_\\"},
        {"person": "o%", "starts_with": "true"},
        {"date_from": "2026-13-01"},
        {"kind": ["sign_in", "sign_out"]},
        {"organisation": "'; DROP TABLE x; --"},
    ):
        assert mo_client.get(URL, params).status_code == 200


def test_a_percent_sign_in_a_username_prefix_is_not_a_wildcard(mo_client, thurrock):
    event(thurrock, username="olive.officer", path="/olive/")

    assert shown(mo_client.get(URL, {"person": "%", "starts_with": "true"})) == []


def test_post_is_not_allowed(mo_client):
    assert mo_client.post(URL).status_code == 405


# --- indexes ---------------------------------------------------------------------------------


KINDS = ["sign_in", "sign_out", "sign_in_failed", "access_denied", "register_exported"]


def plan(queryset) -> str:
    """The database's plan for a queryset. On PostgreSQL, with statistics taken and
    sequential scans and sorts discouraged (a tiny table would otherwise be scanned and
    sorted whatever the indexes): a Sort left in the plan means no index gives the order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE declarations_securityevent")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    return queryset.explain()


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "securityevent_org_at"),
        (
            {"date_from": datetime.date(2026, 6, 1), "date_to": datetime.date(2026, 6, 30)},
            "securityevent_org_at",
        ),
        ({"before": Cursor(at=LONDON_NOON, id=10)}, "securityevent_org_at"),
        ({"kind": "sign_in"}, "securityevent_org_kind"),
        ({"kind": "sign_in", "date_from": datetime.date(2026, 6, 1)}, "securityevent_org_kind"),
    ],
)
def test_each_filter_is_served_by_an_index_in_order(thurrock, filters, index):
    for n in range(200):
        event(thurrock, kind=KINDS[n % 5], at=LONDON_NOON - datetime.timedelta(minutes=n))

    explained = plan(security_log_queries.filtered(thurrock, filters)[:51])

    assert index in explained
    assert "TEMP B-TREE" not in explained.upper()  # SQLite: no sort of its own
    assert not re.search(r"^\s*(->\s*)?Sort\b", explained, re.MULTILINE)  # PostgreSQL


def has_index(name: str) -> bool:
    return any(index.name == name for index in SecurityEvent._meta.indexes)


@pytest.mark.skipif(
    not has_index("securityevent_org_username"),
    reason="needs the index (organisation, username varchar_pattern_ops, -at, -id)",
)
@pytest.mark.parametrize(
    "filters",
    [
        {"person": "olive.officer"},
        {"person": "olive.officer", "date_from": datetime.date(2026, 6, 1)},
    ],
)
def test_the_username_filter_is_served_by_an_index_in_order(thurrock, filters):
    for n in range(200):
        event(thurrock, username=f"user{n}", at=LONDON_NOON - datetime.timedelta(minutes=n))

    explained = plan(security_log_queries.filtered(thurrock, filters)[:51])

    assert "securityevent_org_username" in explained
    assert "TEMP B-TREE" not in explained.upper()
    assert not re.search(r"^\s*(->\s*)?Sort\b", explained, re.MULTILINE)


@pytest.mark.skipif(
    not has_index("securityevent_no_org_at"),
    reason="needs the partial index (-at, -id) WHERE organisation IS NULL",
)
def test_events_of_no_organisation_are_served_by_an_index_in_order(db):
    for n in range(30):
        event(None, at=LONDON_NOON - datetime.timedelta(minutes=n))

    explained = plan(security_log_queries.filtered(None, {})[:51])

    # SQLite reads IS NULL as an equality on (organisation, -at, -id); PostgreSQL needs
    # the partial index to walk those rows in order.
    served_by = "securityevent_no_org_at" if connection.vendor == "postgresql" else "securityevent_"
    assert served_by in explained
    assert "TEMP B-TREE" not in explained.upper()
    assert not re.search(r"^\s*(->\s*)?Sort\b", explained, re.MULTILINE)
