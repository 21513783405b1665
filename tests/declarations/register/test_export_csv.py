"""CSV export: exactly the filtered register, streamed, read back and compared with the
database. (How much memory it takes is measured by bench/export_memory.py, not here.)"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from declarations.models import Declaration, GiftHospitality
from declarations.register import exports
from tests.factories import ApprovalStepFactory, OfficerFactory, UserFactory, bulk_entries, entry

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
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


def test_csv_is_streamed_with_the_documented_columns(mo_client, officer):
    entry(officer)
    response = mo_client.get(reverse("register-export-csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
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

    exported = read_csv(mo_client.get(reverse("register-export-csv")))
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
    (row,) = read_csv(mo_client.get(reverse("register-export-csv")))
    assert row["Decided by"] == "n.o.name"


def test_exactly_the_current_filter_and_order(mo_client, officer, stranger):
    small = entry(officer, counterparty="Small", value="1.00")
    large = entry(officer, counterparty="Large", value="50.00")
    entry(officer, type="interest", value=None, counterparty="Not a gift")
    entry(officer, status="superseded", counterparty="Old version")
    entry(officer, status="draft", counterparty="Draft")
    entry(stranger, counterparty="Another employer")
    response = mo_client.get(reverse("register-export-csv"), {"type": "gift", "sort": "-value"})
    assert [row["Reference"] for row in read_csv(response)] == [large.reference, small.reference]
    page = mo_client.get(reverse("register"), {"type": "gift", "sort": "-value"})
    assert [d.reference for d in page.context["page"].rows] == [large.reference, small.reference]


def test_an_empty_export_has_the_headings_only(mo_client):
    assert read_csv(mo_client.get(reverse("register-export-csv"))) == []


def test_a_bad_filter_is_refused_not_guessed(mo_client, officer):
    entry(officer)
    response = mo_client.get(reverse("register-export-csv"), {"date_from": "not-a-date"})
    assert response.status_code == 400
    assert "Enter the from date as a real date" in response.content.decode()


def test_two_thousand_rows_stream_in_pieces(mo_client, officer):
    """Streaming, not one string: the body arrives in several pieces, every row present."""
    made = bulk_entries(officer, 2000)
    response = mo_client.get(reverse("register-export-csv"))
    assert isinstance(response, StreamingHttpResponse)
    pieces = list(response.streaming_content)
    assert len(pieces) > 1
    text = b"".join(pieces).decode("utf-8-sig")
    data = list(csv.DictReader(io.StringIO(text)))
    assert len(data) == 2000
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


@pytest.mark.django_db(transaction=True)
def test_streams_every_row_after_the_view_has_returned(client, monitoring_officer, officer):
    """The body is read after the view has returned, outside any request transaction,
    in more than one chunk of the cursor."""
    made = bulk_entries(officer, 2500)
    client.force_login(monitoring_officer.user)
    response = client.get(reverse("register-export-csv"))
    assert {row["Reference"] for row in read_csv(response)} == {d.reference for d in made}


@pytest.mark.django_db(transaction=True)
def test_the_stream_reads_inside_a_transaction_of_its_own(client, monitoring_officer, officer):
    """So that PostgreSQL's cursor is not WITH HOLD (exports.rows_in_own_transaction), and
    the transaction ends with the stream."""
    bulk_entries(officer, 2500)
    client.force_login(monitoring_officer.user)
    response = client.get(reverse("register-export-csv"))
    assert connection.get_autocommit(), "the view itself holds no transaction"
    body = iter(response.streaming_content)
    next(body)
    next(body)  # the cursor is open, part-way through the rows
    assert connection.in_atomic_block
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%%'")
            assert cursor.fetchall() == [(False,)]
    for _ in body:
        pass
    response.close()
    assert not connection.in_atomic_block


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
        for row in read_csv(mo_client.get(reverse("register-export-csv"), {"versions": "all"}))
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
