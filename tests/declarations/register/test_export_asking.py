"""Asking for an export: a POST (with the CSRF token) to the register's export address,
the filter in the query string, answered with 303 to the progress page. Only the
register's keepers may ask; a GET offers a button instead of a dead end; a bad filter
is refused with its errors; someone with EXPORTS_AT_ONCE exports already waiting is
asked to wait (429)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import ExportState, SecurityEventKind
from declarations.models import Export, SecurityEvent
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import an_export, ask, export_of
from tests.factories import entry

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx", "pdf"]


@pytest.fixture
def cast(officer, line_manager, director, monitoring_officer, stranger):
    entry(officer, counterparty="Thurrock entry")
    return {
        "officer": officer.user,
        "line_manager": line_manager.user,
        "director": director.user,
        "monitoring_officer": monitoring_officer.user,
        "stranger": stranger.user,
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_monitoring_officer_asks_and_is_sent_to_the_progress_page(client, cast, fmt):
    client.force_login(cast["monitoring_officer"])
    response = ask(client, f"register-export-{fmt}", {"type": "gift", "page": "3"})
    export = export_of(response)
    assert response["Location"] == reverse("register-export-detail", args=[export.pk])
    assert export.requested_by == cast["monitoring_officer"]
    assert (export.register, export.format, export.organisation.code) == (
        "register",
        fmt,
        "thurrock",
    )
    assert export.query == {"type": ["gift"]}  # the page number is not part of the filter
    assert export.state == ExportState.DONE  # the immediate backend made it at once


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_anyone_else_is_refused_and_nothing_is_queued(client, cast, who, fmt):
    client.force_login(cast[who])
    response = ask(client, f"register-export-{fmt}")
    assert response.status_code == 403
    assert "You cannot see this register" in response.content.decode()
    assert not Export.objects.exists()


def test_a_director_may_ask_for_the_register_he_keeps(client, cast, director):
    client.force_login(director.user)
    slug = f"thurrock-director-{director.pk}"
    export = export_of(ask(client, "named-register-export-csv", args=[slug]))
    assert (export.register, export.state) == (slug, ExportState.DONE)


def test_a_director_may_not_ask_for_the_senior_register(client, cast, director):
    client.force_login(director.user)
    slug = "thurrock-gifts-and-hospitality-senior"
    assert ask(client, "named-register-export-csv", args=[slug]).status_code == 403


def test_a_register_no_code_names_is_not_found(client, cast):
    client.force_login(cast["monitoring_officer"])
    assert ask(client, "named-register-export-csv", args=["no-such-register"]).status_code == 404


def test_a_get_offers_a_button_not_a_dead_end(client, cast):
    client.force_login(cast["monitoring_officer"])
    response = client.get(reverse("register-export-xlsx"), {"type": "gift"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post" action="?type=gift"' in html
    assert "Make the Excel (XLSX) file" in html
    assert not Export.objects.exists()


def test_a_get_from_anyone_else_is_refused(client, cast):
    client.force_login(cast["officer"])
    assert client.get(reverse("register-export-csv")).status_code == 403


def test_a_bad_filter_is_refused_with_its_errors(client, cast):
    client.force_login(cast["monitoring_officer"])
    response = ask(client, "register-export-csv", {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert "Enter the from date as a real date" in response.content.decode()
    assert not Export.objects.exists()


def test_asking_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["monitoring_officer"])
    assert ask(client, "register-export-csv").status_code == 403
    assert not Export.objects.exists()


def test_the_register_page_asks_by_post_with_the_filter(client, cast):
    client.force_login(cast["monitoring_officer"])
    html = client.get(reverse("register"), {"type": "gift", "page": "2"}).content.decode()
    assert f'<form method="post" action="{reverse("register-export-csv")}?type=gift"' in html
    assert f'formaction="{reverse("register-export-xlsx")}?type=gift"' in html
    assert f'formaction="{reverse("register-export-pdf")}?type=gift"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count('class="register-export-form"') == 1


# --- the limit: EXPORTS_AT_ONCE queued or being made ----------------------------------------


def _waiting(user, organisation, states):
    for state in states:
        an_export(user, organisation, state=state)


def test_a_keeper_with_three_exports_waiting_is_asked_to_wait(client, cast, thurrock):
    _waiting(cast["monitoring_officer"], thurrock, [ExportState.QUEUED] * 2 + [ExportState.RUNNING])
    client.force_login(cast["monitoring_officer"])
    response = ask(client, "register-export-pdf", {"type": "gift"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You already have exports being made" in html
    assert f'href="{reverse("register-exports")}"' in html
    assert "You can have 3 exports" in html


def test_a_refused_export_is_neither_recorded_nor_logged(client, cast, thurrock):
    _waiting(cast["monitoring_officer"], thurrock, [ExportState.QUEUED] * 3)
    client.force_login(cast["monitoring_officer"])
    ask(client, "register-export-csv")
    assert Export.objects.count() == 3
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_EXPORTED).exists()


def test_finished_exports_do_not_count(client, cast, thurrock):
    _waiting(
        cast["monitoring_officer"],
        thurrock,
        [ExportState.DONE] * 5 + [ExportState.FAILED] * 5 + [ExportState.QUEUED] * 2,
    )
    client.force_login(cast["monitoring_officer"])
    export = export_of(ask(client, "register-export-csv"))
    assert export.state == ExportState.DONE


def test_other_peoples_exports_do_not_count(client, cast, thurrock, stranger):
    _waiting(cast["officer"], thurrock, [ExportState.QUEUED] * 3)
    client.force_login(cast["monitoring_officer"])
    assert ask(client, "register-export-csv").status_code == 303


def test_the_count_reads_no_more_than_the_limit(client, cast, thurrock):
    _waiting(cast["monitoring_officer"], thurrock, [ExportState.QUEUED] * 10)
    with CaptureQueriesContext(connection) as queries:
        assert export_jobs.waiting_count(cast["monitoring_officer"]) == 3
    [query] = queries
    assert "LIMIT 3" in query["sql"]
    assert '"requested_by_id" =' in query["sql"]
