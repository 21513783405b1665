"""XLSX export: a write-only workbook made in the background, downloaded by the person
who asked, read back with openpyxl and compared with the database: money is a number in
pounds, dates are dates."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.http import FileResponse
from django.utils import timezone
from openpyxl import load_workbook

from declarations.models import GiftHospitality
from declarations.register import exports
from tests.declarations.register.export_helpers import ask, download
from tests.factories import ApprovalStepFactory, bulk_entries, entry

pytestmark = pytest.mark.django_db


def read_xlsx(response):
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(exports.HEADINGS)
    return sheet, rows[1:]


def by_heading(row) -> dict:
    return dict(zip(exports.HEADINGS, row, strict=True))


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_xlsx_is_a_file_response_named_for_the_organisation(mo_client, officer):
    entry(officer)
    response = download(mo_client, "register-export-xlsx")
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="register-thurrock-{today}.xlsx"'
    )
    _, rows = read_xlsx(response)
    assert len(rows) == 1


def test_cells_match_the_database_and_are_typed(mo_client, officer, director):
    gift = entry(
        officer,
        value="1234.5",
        status="approved",
        submitted_at=datetime.datetime(2026, 7, 1, 8, 15, tzinfo=datetime.UTC),
        verdict={"outcome": "approval_required", "citations": ["thurrock:14.3", "thurrock:14.6"]},
    )
    ApprovalStepFactory(
        declaration=gift,
        role="director",
        assignee=director,
        state="approved",
        decided_by=director,
        decided_at=datetime.datetime(2026, 7, 2, 9, 0, tzinfo=datetime.UTC),
    )
    interest = entry(officer, type="interest", value=None, counterparty="Trust")
    sheet, rows = read_xlsx(download(mo_client, "register-export-xlsx"))
    cells = {by_heading(row)["Reference"].value: by_heading(row) for row in rows}
    assert set(cells) == {gift.reference, interest.reference}
    row = cells[gift.reference]
    value = row["Value (£)"]
    assert value.data_type == "n"
    assert value.value == pytest.approx(1234.5)
    assert Decimal(str(value.value)) == gift.gift_hospitality.value_gbp
    assert value.number_format == "£#,##0.00"
    assert row["Version"].value == 1
    assert row["Date"].value == datetime.datetime(2026, 11, 2)  # Excel dates read back as datetimes
    assert row["Date"].number_format == "yyyy-mm-dd"
    assert row["Submitted at"].value == datetime.datetime(2026, 7, 1, 9, 15)  # BST
    assert row["Decided by"].value == "Dana Director"
    assert row["Decided on"].value == datetime.datetime(2026, 7, 2)
    assert row["Outcome"].value == "approval_required"
    assert row["Citations"].value == "thurrock:14.3; thurrock:14.6"
    assert row["Officer"].value == "Olive Officer"
    assert cells[interest.reference]["Value (£)"].value is None
    assert sheet.freeze_panes == "A2"


def test_exactly_the_current_filter(mo_client, officer, stranger):
    wanted = entry(officer, type="hospitality", counterparty="Borough Catering")
    entry(officer, counterparty="Acme")
    entry(stranger, type="hospitality", counterparty="Borough Catering")
    response = download(mo_client, "register-export-xlsx", {"type": "hospitality"})
    _, rows = read_xlsx(response)
    assert [by_heading(row)["Reference"].value for row in rows] == [wanted.reference]


def test_two_thousand_rows_read_back(mo_client, officer):
    made = bulk_entries(officer, 2000)
    _, rows = read_xlsx(download(mo_client, "register-export-xlsx"))
    assert len(rows) == 2000
    got = {by_heading(r)["Reference"].value: by_heading(r)["Value (£)"].value for r in rows}
    expected = dict(GiftHospitality.objects.values_list("declaration__reference", "value_gbp"))
    assert set(got) == {d.reference for d in made}
    assert all(Decimal(str(got[ref])) == value for ref, value in expected.items())


def test_characters_xml_cannot_hold_are_dropped_not_a_500(mo_client, officer):
    entry(officer, description="Bell\x07 and vertical tab\x0b")
    response = download(mo_client, "register-export-xlsx")
    _, rows = read_xlsx(response)
    assert by_heading(rows[0])["Description"].value == "Bell and vertical tab"


def test_a_bad_filter_is_refused(mo_client):
    response = ask(mo_client, "register-export-xlsx", {"date_to": "31/02/2026"})
    assert response.status_code == 400


def test_what_happened_to_a_declined_gift_is_typed(mo_client, officer):
    given = entry(
        officer,
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition="declined",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )
    awaited = entry(officer, disposition_due_on=datetime.date(2026, 12, 1))
    _, rows = read_xlsx(download(mo_client, "register-export-xlsx"))
    cells = {by_heading(row)["Reference"].value: by_heading(row) for row in rows}
    row = cells[given.reference]
    assert row["What happened to it"].value == "declined"
    assert row["Date it happened"].value == datetime.datetime(2026, 11, 10)
    assert row["Date it happened"].number_format == "yyyy-mm-dd"
    assert row["Due to be recorded by"].value == datetime.datetime(2026, 11, 20)
    waiting = cells[awaited.reference]
    assert waiting["What happened to it"].value == "awaiting"
    assert waiting["Date it happened"].value is None
    assert waiting["Due to be recorded by"].value == datetime.datetime(2026, 12, 1)
