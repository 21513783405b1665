"""Spreadsheet formula injection (OWASP "CSV injection"): text a spreadsheet would run
as a formula is exported with a leading single quote, in CSV and XLSX alike, and money
stays a number."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from declarations.models import Declaration
from declarations.register import exports
from tests.declarations.register.export_helpers import download
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
    " =leading space",
]
SAFE = ["Acme Supplies Ltd", "1 bottle", "'quoted already", "a=b", "£20", "", " ", "A -1 B"]


# (text as stored, what the export must write): the first character a spreadsheet reads,
# after any leading spaces, as written or as Unicode NFKC folds it.
CELLS = [
    ("=1", "'=1"),
    (" =1", "' =1"),  # a leading space
    ("   +1", "'   +1"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("\n=1", "'\n=1"),  # a line feed is a leading space too
    ("\u00a0=1", "'\u00a0=1"),  # a no-break space
    ("\u3000=1", "'\u3000=1"),  # the ideographic space
    ("\ufeff=1", "'\ufeff=1"),  # a byte-order mark, invisible
    ("\u200b@SUM(A1)", "'\u200b@SUM(A1)"),  # a zero-width space, invisible
    ("\uff1d1", "'\uff1d1"),  # FULLWIDTH EQUALS SIGN
    ("\uff0b1", "'\uff0b1"),  # FULLWIDTH PLUS SIGN
    ("\uff0d1", "'\uff0d1"),  # FULLWIDTH HYPHEN-MINUS
    ("\uff20SUM(A1)", "'\uff20SUM(A1)"),  # FULLWIDTH COMMERCIAL AT
    ("\ufe66 1", "'\ufe66 1"),  # SMALL EQUALS SIGN
    ("\u207c1", "'\u207c1"),  # SUPERSCRIPT EQUALS SIGN
    ("\u3000\uff1d1", "'\u3000\uff1d1"),  # both at once
    ("=\u0338", "'=\u0338"),  # NFKC makes this one character, "≠": the "=" still counts
    ("-1", "'-1"),  # text that looks like a negative number is text
    ("abc", "abc"),
    (" abc", " abc"),
    ("'=x", "'=x"),  # a quote already makes it text
    ("a\uff1db", "a\uff1db"),  # a look-alike later on is harmless
    ("\uff41bc", "\uff41bc"),  # full-width letters are not formulae
]


@pytest.mark.parametrize(("stored", "written"), CELLS, ids=[repr(s) for s, _ in CELLS])
def test_the_first_character_a_spreadsheet_reads_decides(stored, written):
    assert exports.neutralise(stored) == written


# (a record's cells, what a reader gets back): text "-1" is quoted, numbers stay numbers.
NUMBER_CELLS = (["-1", Decimal("-1.00"), -1, "+1", Decimal("0")], ["'-1", -1.0, -1.0, "'+1", 0.0])


def test_in_a_csv_negative_numbers_stay_numbers_and_text_like_them_is_quoted():
    record, expected = NUMBER_CELLS

    written = io.BytesIO()
    exports.write_csv([record], written)
    text = written.getvalue().decode("utf-8").lstrip("\ufeff")

    # QUOTE_NONNUMERIC reads an unquoted field as a number and a quoted one as text.
    _, row = csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC)
    assert row == expected
    assert [type(value) for value in row] == [str, float, float, str, float]


def test_in_a_workbook_negative_numbers_stay_numbers_and_text_like_them_is_quoted():
    record, expected = NUMBER_CELLS
    output = io.BytesIO()

    exports.write_workbook([record], output)

    sheet = load_workbook(output).active
    (row,) = sheet.iter_rows(min_row=2, max_col=len(record))
    assert [cell.value for cell in row] == expected
    assert [cell.data_type for cell in row] == ["s", "n", "n", "s", "n"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_prefixed(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_is_unchanged(text):
    assert exports.neutralise(text) == text


# Stored by the ORM, past every form: the export alone has to catch them.
ORM_STORED = [' =HYPERLINK("http://evil.example","Click")', "\uff1d1+1"]


@pytest.fixture
def orm_stored_register(client, monitoring_officer, officer):
    """Two entries whose descriptions were saved straight through the ORM."""
    for number, text in enumerate(ORM_STORED):
        declaration = entry(
            officer, counterparty=f"Counterparty {number}", date=datetime.date(2026, 1, number + 1)
        )
        Declaration.objects.filter(pk=declaration.pk).update(description=text)
    client.force_login(monitoring_officer.user)
    return client


def test_a_csv_export_neutralises_text_the_orm_stored(orm_stored_register):
    response = download(orm_stored_register, "register-export-csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["Description"] for row in rows) == sorted("'" + t for t in ORM_STORED)
    assert set(Declaration.objects.values_list("description", flat=True)) == set(ORM_STORED)


def test_an_xlsx_export_neutralises_text_the_orm_stored(orm_stored_register):
    response = download(orm_stored_register, "register-export-xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    description = exports.HEADINGS.index("Description")
    cells = [row[description] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted("'" + t for t in ORM_STORED)
    assert all(cell.data_type == "s" for cell in cells)


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
    response = download(hostile_register, "register-export-csv")
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
    response = download(hostile_register, "register-export-csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    # Text is quoted, numbers are not: read with QUOTE_NONNUMERIC, values come back floats.
    reader = csv.reader(io.StringIO("\n".join(lines[1:])), quoting=csv.QUOTE_NONNUMERIC)
    value_index = exports.HEADINGS.index("Value (£)")
    values = sorted(row[value_index] for row in reader)
    assert values == sorted([number + 0.5 for number in range(len(HOSTILE))] + [7.0])


def test_xlsx_neutralises_every_text_cell_and_keeps_money_numeric(hostile_register):
    response = download(hostile_register, "register-export-xlsx")
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
