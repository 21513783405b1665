"""CSV export: exactly the filtered register, made in the background, downloaded by the
person who asked, read back and compared with the database. (How much memory and time
it takes is measured by bench/export_memory.py and bench/export_speed.py, not here.)"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone

from declarations.models import Declaration, GiftHospitality
from declarations.register import exports
from tests.declarations.register.export_helpers import ask, download
from tests.factories import ApprovalStepFactory, OfficerFactory, UserFactory, bulk_entries, entry

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict[str, str]]:
    assert isinstance(response, FileResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, so Excel reads UTF-8"
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    headings = next(reader)
    assert headings == list(exports.HEADINGS)
    return [dict(zip(headings, row, strict=True)) for row in reader]


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_csv_is_a_file_with_the_documented_columns(mo_client, officer):
    entry(officer)
    response = download(mo_client, "register-export-csv")
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="register-thurrock-{today}.csv"'
    )
    assert len(read_csv(response)) == 1


def test_the_column_list_is_documented():
    text = (settings.BASE_DIR / "docs" / "exports.md").read_text(encoding="utf-8")
    for heading in exports.HEADINGS:
        assert f"| {heading} |" in text


def test_rows_match_the_database(mo_client, officer, line_manager, director):
    gift = entry(
        officer,
        counterparty="Acme Supplies Ltd",
        description="A bottle of wine",
        value="24.99",
        status="approved",
        submitted_at=datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC),
        verdict={
            "outcome": "approval_required",
            "register_keeper": "director",
            "citations": ["thurrock:14.3", "thurrock:14.6"],
        },
    )
    interest = entry(
        line_manager,
        type="interest",
        value=None,
        counterparty="Castle Housing Trust",
        verdict={"outcome": "declare", "register_keeper": None, "citations": []},
    )
    ApprovalStepFactory(
        declaration=gift,
        order=1,
        role="line_manager",
        assignee=line_manager,
        state="approved",
        decided_by=line_manager,
        decided_at=datetime.datetime(2026, 11, 4, 10, 0, tzinfo=datetime.UTC),
    )
    ApprovalStepFactory(
        declaration=gift,
        order=2,
        role="director",
        assignee=director,
        state="approved",
        decided_by=director,
        decided_at=datetime.datetime(2026, 11, 5, 23, 30, tzinfo=datetime.UTC),
    )
    ApprovalStepFactory(declaration=gift, order=3, role="hr", state="pending")

    exported = read_csv(download(mo_client, "register-export-csv"))
    data = {row["Reference"]: row for row in exported}
    assert set(data) == {gift.reference, interest.reference}
    row = data[gift.reference]
    assert row == {
        "Reference": gift.reference,
        "Version": "1",
        "Organisation": "thurrock",
        "Officer": "Olive Officer",
        "Job title": "Housing Officer",
        "Department": "Housing",
        "Type": "gift",
        "Counterparty": "Acme Supplies Ltd",
        "Description": "A bottle of wine",
        "Value (£)": "24.99",
        "Date": "2026-11-02",
        "Declared on": "2026-11-03",
        "Submitted at": "2026-11-03 09:30",  # London is on GMT in November
        "Outcome": "approval_required",
        "Status": "approved",
        "Decided by": "Dana Director",  # the latest decided step, not the first
        "Decided on": "2026-11-05",
        "Register keeper": "director",
        "Citations": "thurrock:14.3; thurrock:14.6",
        "What happened to it": "",
        "Date it happened": "",
        "Detail": "",
        "Due to be recorded by": "",
        "Former officer": "",
    }
    assert Decimal(row["Value (£)"]) == gift.gift_hospitality.value_gbp
    other = data[interest.reference]
    assert (other["Value (£)"], other["Decided by"], other["Register keeper"]) == ("", "", "")


def test_decided_by_falls_back_to_the_username(mo_client, officer):
    nameless = UserFactory(username="n.o.name", first_name="", last_name="")
    approver = OfficerFactory(organisation=officer.organisation, user=nameless)
    gift = entry(officer)
    ApprovalStepFactory(
        declaration=gift,
        assignee=approver,
        state="acknowledged",
        decided_by=approver,
        decided_at=timezone.now(),
    )
    (row,) = read_csv(download(mo_client, "register-export-csv"))
    assert row["Decided by"] == "n.o.name"


def test_exactly_the_current_filter_and_order(mo_client, officer, stranger):
    small = entry(officer, counterparty="Small", value="1.00")
    large = entry(officer, counterparty="Large", value="50.00")
    entry(officer, type="interest", value=None, counterparty="Not a gift")
    entry(officer, status="superseded", counterparty="Old version")
    entry(officer, status="draft", counterparty="Draft")
    entry(stranger, counterparty="Another employer")
    response = download(mo_client, "register-export-csv", {"type": "gift", "sort": "-value"})
    assert [row["Reference"] for row in read_csv(response)] == [large.reference, small.reference]
    page = mo_client.get(reverse("register"), {"type": "gift", "sort": "-value"})
    assert [d.reference for d in page.context["page"].rows] == [large.reference, small.reference]


def test_an_empty_export_has_the_headings_only(mo_client):
    assert read_csv(download(mo_client, "register-export-csv")) == []


def test_a_bad_filter_is_refused_not_guessed(mo_client, officer):
    entry(officer)
    response = ask(mo_client, "register-export-csv", {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert "Enter the from date as a real date" in response.content.decode()


def test_several_thousand_rows_in_full(mo_client, officer):
    """More rows than one fetch of the cursor, every one present once."""
    made = bulk_entries(officer, 2500)
    text = b"".join(download(mo_client, "register-export-csv").streaming_content).decode(
        "utf-8-sig"
    )
    data = list(csv.DictReader(io.StringIO(text)))
    assert len(data) == 2500
    assert {row["Reference"] for row in data} == {d.reference for d in made}
    values = {row["Reference"]: Decimal(row["Value (£)"]) for row in data}
    assert values == dict(
        GiftHospitality.objects.values_list("declaration__reference", "value_gbp")
    )


def test_export_rows_come_from_an_iterator(officer, monkeypatch):
    """The export reads the queryset with .iterator(chunk_size=2000), never list()."""
    bulk_entries(officer, 5)
    seen: list[int] = []
    original = type(Declaration.objects.all()).iterator

    def spy(self, chunk_size=None):
        seen.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(type(Declaration.objects.all()), "iterator", spy)
    assert len(list(exports.rows(Declaration.objects.all()))) == 5
    assert seen == [exports.CHUNK_SIZE] == [2000]


def test_the_jobs_one_pass_cells_are_the_typed_rows_cells(officer, line_manager, director):
    """exports.csv_rows (the job's, one pass) gives exactly csv_cell of row_values (what
    the XLSX and PDF read), for every kind of row: a gift decided twice, an interest
    with no value, a gift awaited, another given away, a nameless decider, text a
    spreadsheet would run."""
    gift = entry(officer, value="24.99", status="approved", counterparty="=HYPERLINK(1)")
    ApprovalStepFactory(
        declaration=gift,
        assignee=director,
        state="approved",
        decided_by=director,
        decided_at=datetime.datetime(2026, 7, 5, 23, 30, tzinfo=datetime.UTC),
    )
    nameless = OfficerFactory(
        organisation=officer.organisation,
        user=UserFactory(username="n.o.name", first_name="", last_name=""),
    )
    entry(nameless, type="interest", value=None, description=" @SUM(A1)")
    entry(line_manager, counterparty="Awaited", disposition_due_on=datetime.date(2026, 12, 1))
    entry(
        line_manager,
        disposition="given_to_named_charity",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_note="+Mayor's fund",
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition_recorded_at=timezone.now(),
        verdict={"outcome": "prohibited", "citations": ["thurrock:14.3"]},
    )
    bulk_entries(officer, 3)
    queryset = Declaration.objects.order_by("pk")
    expected = [[exports.csv_cell(value) for value in record] for record in exports.rows(queryset)]
    assert list(exports.csv_rows(queryset)) == expected
    assert len(expected) == 7


def test_the_typed_writer_and_the_jobs_cells_agree(officer):
    """write_csv (typed rows) and write_csv_cells (the job's cells) write the same text."""
    bulk_entries(officer, 3)
    queryset = Declaration.objects.order_by("pk")
    records = list(exports.rows(queryset))
    typed, cells = io.BytesIO(), io.BytesIO()
    exports.write_csv(records, typed)
    exports.write_csv_cells(exports.csv_rows(queryset), cells)
    assert typed.getvalue() == cells.getvalue()
    assert not typed.closed


# --- what happened to a declined gift -----------------------------------------------------


def test_what_happened_to_a_declined_gift_and_what_is_still_awaited(mo_client, officer):
    given = entry(
        officer,
        counterparty="Given away",
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition="given_to_named_charity",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_note="=Mayor's Charity Fund",
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )
    awaited = entry(officer, counterparty="Awaited", disposition_due_on=datetime.date(2026, 12, 1))
    withdrawn = entry(
        officer,
        counterparty="Withdrawn",
        status="withdrawn",
        disposition_due_on=datetime.date(2026, 12, 1),
    )
    plain = entry(officer, counterparty="Never declined")

    data = {
        row["Reference"]: row
        for row in read_csv(download(mo_client, "register-export-csv", {"versions": "all"}))
    }

    def happened(declaration):
        row = data[declaration.reference]
        return (
            row["What happened to it"],
            row["Date it happened"],
            row["Detail"],
            row["Due to be recorded by"],
        )

    assert happened(given) == (
        "given_to_named_charity",
        "2026-11-10",
        "'=Mayor's Charity Fund",  # neutralised like every text cell
        "2026-11-20",
    )
    assert happened(awaited) == ("awaiting", "", "", "2026-12-01")
    assert happened(withdrawn) == ("", "", "", "2026-12-01")  # no longer chased
    assert happened(plain) == ("", "", "", "")
