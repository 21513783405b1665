"""Exports and publications go in the security log. Asking for an export:
REGISTER_EXPORTED with who, which register, which filter, which format and the export's
id, recorded when it is asked for, without counting (the worker counts: the export's
rows_total); downloading it: EXPORT_DOWNLOADED. Publishing: REGISTER_PUBLISHED with the
organisation and how many entries. What is refused or fails is not an export."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import Export, Publication, SecurityEvent
from declarations.register import publishing
from tests.declarations.register.export_helpers import (
    ask,
    body,
    download,
    export_of,
    file_url,
)
from tests.factories import UserFactory, entry

pytestmark = pytest.mark.django_db

PUBLISH_URL = "/register/publish/"
SENIOR_GIFTS = "thurrock-gifts-and-hospitality-senior"


def exported() -> SecurityEvent:
    return SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_EXPORTED)


def csv_rows(response) -> int:
    text = body(response).decode("utf-8").removeprefix("\ufeff")
    return len(list(csv.reader(io.StringIO(text)))) - 1


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


@pytest.fixture
def register(officer, line_manager, director):
    """Five entries at Thurrock: three gifts (one of them the director's), two interests."""
    entry(officer, counterparty="Acme")
    entry(line_manager, counterparty="Acme Ltd")
    entry(director, counterparty="Director's gift")
    entry(officer, type="interest", counterparty="School governors")
    entry(line_manager, type="interest", counterparty="Parish council")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_an_export_is_recorded_with_who_what_filter_and_format(
    mo_client, monitoring_officer, register, fmt
):
    export = export_of(
        ask(mo_client, f"register-export-{fmt}", {"type": "gift", "date_from": "2000-01-01"})
    )

    event = exported()
    assert event.user == monitoring_officer.user
    assert event.username == "mona.monitoring"
    assert event.organisation == monitoring_officer.organisation
    assert event.ip_address == "127.0.0.1"
    assert event.path == f"/register/export.{fmt}"
    assert event.detail == {
        "register": "register",
        "format": fmt,
        "export": str(export.pk),
        "filters": {"type": "gift", "date_from": "2000-01-01"},
        "sort": "-date",
    }
    assert export.rows_total == 3  # counted by the worker


def test_asking_counts_nothing_in_the_request(mo_client, register, tasks_in_the_database):
    """The COUNT is the worker's: the request that asks runs none."""
    with CaptureQueriesContext(connection) as queries:
        export = export_of(ask(mo_client, "register-export-csv"))
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert export.rows_total is None


def test_the_rows_counted_are_the_rows_sent(mo_client, register):
    response = download(mo_client, "register-export-csv", {"q": "acme"})

    export = Export.objects.get()
    assert export.rows_total == export.rows_done == csv_rows(response) == 2


def test_an_unfiltered_export_records_an_empty_filter(mo_client, register):
    body(download(mo_client, "register-export-csv"))

    assert exported().detail["filters"] == {}
    assert Export.objects.get().rows_total == 5


def test_a_named_registers_export_names_the_register(mo_client, register):
    response = download(mo_client, "named-register-export-csv", args=[SENIOR_GIFTS])

    event = exported()
    assert event.detail["register"] == SENIOR_GIFTS
    assert Export.objects.get().rows_total == csv_rows(response) == 1


def test_the_export_log_line_is_json_with_the_same_facts(mo_client, register, caplog):
    caplog.set_level(logging.INFO, logger="conduct_register.security")

    export = export_of(ask(mo_client, "register-export-xlsx", {"type": "interest"}))

    [line] = [
        json.loads(r.getMessage())
        for r in caplog.records
        if r.name == "conduct_register.security" and "register_exported" in r.getMessage()
    ]
    assert line["event"] == "register_exported"
    assert line["username"] == "mona.monitoring"
    assert line["organisation"] == "thurrock"
    assert line["format"] == "xlsx"
    assert line["export"] == str(export.pk)
    assert line["filters"] == {"type": "interest"}


def test_a_download_is_recorded(mo_client, monitoring_officer, register):
    export = export_of(ask(mo_client, "register-export-csv"))
    body(mo_client.get(file_url(export)))

    event = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT_DOWNLOADED)
    assert event.user == monitoring_officer.user
    assert event.path == file_url(export)
    assert event.detail == {
        "export": str(export.pk),
        "register": "register",
        "format": "csv",
        "rows": 5,
    }


def test_a_refused_filter_is_not_an_export(mo_client, register):
    response = ask(mo_client, "register-export-csv", {"date_from": "31/02/2026"})

    assert response.status_code == 400
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_EXPORTED).exists()
    assert not Export.objects.exists()


def test_someone_refused_the_export_exports_nothing(client, officer, register):
    client.force_login(officer.user)

    assert ask(client, "register-export-csv").status_code == 403
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_EXPORTED).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED).exists()
    assert not Export.objects.exists()


def test_the_published_registers_public_csv_is_not_logged(client, thurrock, monitoring_officer):
    """Anyone may download what was published, without signing in: it is not an export of
    the register, and logging it would let anyone fill the log."""
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(reverse("published-register-csv", args=["thurrock"]))

    assert response.status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_EXPORTED).exists()


# --- publications ---------------------------------------------------------------------------


def test_a_publication_is_recorded_with_the_organisation_and_rows(
    mo_client, monitoring_officer, director, thurrock
):
    entry(director, counterparty="Published gift")
    entry(director, type="hospitality", counterparty="Published dinner")

    response = mo_client.post(PUBLISH_URL, {"organisation": "thurrock", "minimum_level": "staff"})

    assert response.status_code == 302
    publication = Publication.objects.get()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_PUBLISHED)
    assert event.user == monitoring_officer.user
    assert event.organisation == thurrock
    assert event.ip_address == "127.0.0.1"
    assert event.path == PUBLISH_URL
    assert event.detail == {
        "publication": publication.pk,
        "minimum_level": "staff",
        "rows": publication.row_count,
    }
    assert publication.row_count == 2


def test_a_system_administrators_publication_is_theirs(client, thurrock, stranger):
    admin = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    client.force_login(admin)

    client.post(PUBLISH_URL, {"organisation": "ecc", "minimum_level": "staff"})

    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_PUBLISHED)
    assert event.user == admin
    assert event.organisation.code == "ecc"


def test_publishing_from_code_is_recorded_too(thurrock, monitoring_officer):
    publication = publishing.publish(thurrock, by=monitoring_officer)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_PUBLISHED)
    assert event.user == monitoring_officer.user
    assert event.organisation == thurrock
    assert event.detail["rows"] == publication.row_count == 0


def test_a_publication_refused_as_out_of_date_is_not_recorded(mo_client, thurrock, director):
    preview = mo_client.get(PUBLISH_URL)
    entry(director, counterparty="Recorded since")

    mo_client.post(
        PUBLISH_URL,
        {
            "organisation": "thurrock",
            "minimum_level": "head_of_service",
            "fingerprint": preview.context["fingerprint"],
        },
    )

    assert not Publication.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_PUBLISHED).exists()
