"""Spreadsheet formula injection (OWASP "CSV injection"): text a spreadsheet would run
as a formula is exported with a leading single quote, in CSV and XLSX alike, and money
stays a number."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from declarations.register import exports
from tests.factories import OfficerFactory, UserFactory, entry

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=1+2",
    "=cmd|' /C calc'!A0",
]
SAFE = ["Acme Supplies Ltd", "1 bottle", "'quoted already", "a=b", " =leading space", "£20"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_prefixed(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_is_unchanged(text):
    assert exports.neutralise(text) == text


@pytest.fixture
def hostile_register(client, monitoring_officer, thurrock):
    """One entry per hostile string, in counterparty and description, by an officer
    whose name and job title are hostile too."""
    villain = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="eve", first_name="=Eve", last_name="+Villain"),
        job_title="@Job",
        department="-Dept",
    )
    for number, text in enumerate(HOSTILE):
        entry(villain, counterparty=text, description=text, value=f"{number}.50")
    entry(villain, counterparty="Acme Supplies Ltd", description="a=b", value="7.00")
    client.force_login(monitoring_officer.user)
    return client


def test_csv_neutralises_every_text_cell(hostile_register):
    response = hostile_register.get(reverse("register-export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(HOSTILE) + 1
    hostile_rows = [row for row in rows if row["Counterparty"] != "Acme Supplies Ltd"]
    assert sorted(row["Counterparty"] for row in hostile_rows) == sorted(
        "'" + text for text in HOSTILE
    )
    for row in hostile_rows:
        assert row["Description"] == row["Counterparty"]
    for row in rows:
        for heading, value in row.items():
            assert not value.startswith(exports.FORMULA_TRIGGERS), (heading, value)
        assert row["Officer"] == "'=Eve +Villain"
        assert row["Job title"] == "'@Job"
        assert row["Department"] == "'-Dept"
    safe = next(row for row in rows if row["Counterparty"] == "Acme Supplies Ltd")
    assert safe["Description"] == "a=b"


def test_csv_money_is_an_unquoted_number(hostile_register):
    response = hostile_register.get(reverse("register-export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    # Text is quoted, numbers are not: read with QUOTE_NONNUMERIC, values come back floats.
    reader = csv.reader(io.StringIO("\n".join(lines[1:])), quoting=csv.QUOTE_NONNUMERIC)
    value_index = exports.HEADINGS.index("Value (£)")
    values = sorted(row[value_index] for row in reader)
    assert values == sorted([number + 0.5 for number in range(len(HOSTILE))] + [7.0])


def test_xlsx_neutralises_every_text_cell_and_keeps_money_numeric(hostile_register):
    response = hostile_register.get(reverse("register-export-xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2))
    headings = exports.HEADINGS
    counterparty = headings.index("Counterparty")
    value_index = headings.index("Value (£)")
    got = sorted(row[counterparty].value for row in rows)
    # XML reads a carriage return back as a line feed; the quote is there all the same.
    expected = ["'" + text.replace("\r", "\n") for text in HOSTILE] + ["Acme Supplies Ltd"]
    assert got == sorted(expected)
    for row in rows:
        for heading, cell in zip(headings, row, strict=True):
            assert cell.data_type != "f", (heading, cell.value)  # no formula cells at all
            if isinstance(cell.value, str):
                assert not cell.value.startswith(exports.FORMULA_TRIGGERS), (heading, cell.value)
        value = row[value_index]
        assert value.data_type == "n"
        assert isinstance(value.value, int | float)
        assert value.value >= 0
        assert value.number_format == "£#,##0.00"
