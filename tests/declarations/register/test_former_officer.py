"""An officer who has left (Officer.active false) is named as a former officer wherever
the register names them: its rows, a named register's, the entry page, the dashboard's
lists and the exports' "Former officer" column (labels.officer_name). No query more: the
officer's row is joined already."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations import labels
from declarations.models import Declaration, Officer
from declarations.register import exports
from tests.declarations.register.export_helpers import body, download
from tests.factories import entry

pytestmark = pytest.mark.django_db

FORMER = "Olive Officer (former officer)"


def leave(officer: Officer) -> Officer:
    Officer.objects.filter(pk=officer.pk).update(active=False, left_on=datetime.date(2026, 11, 20))
    officer.refresh_from_db()
    return officer


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_the_name_says_they_have_left(officer):
    assert labels.officer_name(officer) == "Olive Officer"
    assert labels.officer_name(leave(officer)) == FORMER
    assert labels.officer_name(None) == ""


def test_the_register_row_names_a_former_officer(mo_client, officer, line_manager):
    entry(officer, description="Wine")
    entry(line_manager, description="Flowers")
    leave(officer)
    html = mo_client.get(reverse("register")).content.decode()
    assert FORMER in html
    assert "Lee Manager (former officer)" not in html and "Lee Manager" in html


def test_a_named_registers_row_names_a_former_officer(client, officer, director):
    declaration = entry(officer, verdict={"register_keeper": "director"})
    Declaration.objects.filter(pk=declaration.pk).update(register_keeper_officer=director)
    leave(officer)
    client.force_login(director.user)
    url = reverse("named-register", args=[f"thurrock-director-{director.pk}"])
    assert FORMER in client.get(url).content.decode()


def test_the_entry_page_names_a_former_officer(mo_client, officer):
    declaration = entry(officer)
    leave(officer)
    response = mo_client.get(reverse("register-entry", args=[declaration.pk]))
    assert FORMER in response.content.decode()


def test_the_export_says_who_has_left(mo_client, officer, line_manager):
    entry(officer, description="Wine")
    entry(line_manager, description="Flowers")
    leave(officer)
    text = body(download(mo_client, "register-export-csv")).decode("utf-8").removeprefix("\ufeff")
    rows = {row["Description"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Wine"]["Former officer"] == exports.FORMER_OFFICER == "yes"
    assert rows["Wine"]["Officer"] == "Olive Officer"  # the name itself stays as it was
    assert rows["Flowers"]["Former officer"] == ""
    assert exports.HEADINGS[-1] == "Former officer"  # added at the end: the others stay put


def test_every_export_writes_the_column_alike(officer):
    """The CSV's one-pass rows and the typed rows the XLSX and PDF use agree."""
    entry(officer)
    leave(officer)
    queryset = Declaration.objects.all()
    (typed,) = list(exports.rows(queryset))
    (cells,) = list(exports.csv_rows(queryset))
    assert typed[-1] == cells[-1] == "yes"
    (pdf,) = [exports.pdf_row(row) for row in exports.export_queryset(queryset)]
    assert pdf.cells[-1] == "Yes"


def test_the_dashboard_names_a_former_officer(mo_client, officer, thurrock):
    declaration = entry(officer)
    Declaration.objects.filter(pk=declaration.pk).update(
        late=True, deadline=declaration.declared_on - datetime.timedelta(days=7)
    )
    leave(officer)
    response = mo_client.get(reverse("dashboard"), {"organisation": thurrock.code})
    (row,) = response.context["board"].late
    assert row["officer"] == FORMER


def test_a_former_officer_costs_no_query(mo_client, officer, line_manager):
    for _ in range(3):
        entry(officer)
        entry(line_manager)
    with CaptureQueriesContext(connection) as before:
        mo_client.get(reverse("register"))
    leave(officer)
    with CaptureQueriesContext(connection) as after:
        response = mo_client.get(reverse("register"))
    assert len(after) == len(before)
    assert response.content.decode().count(FORMER) == 3
