"""PDF export (WeasyPrint, in the background): A4 landscape, title, organisation, the
filter's dates, when it was made, page numbers, and the same rows as the register, read
back with pypdf; a long register is laid out in parts and joined, with no row limit."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from declarations.register import exports
from tests.declarations.register.export_helpers import (
    ask,
    body,
    download,
)
from tests.factories import bulk_entries, entry

pytestmark = pytest.mark.django_db


def read_pdf(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(body(response)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, text


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_pdf_of_the_register(mo_client, officer, stranger):
    gift = entry(officer, counterparty="Acme Supplies Ltd", value="24.99")
    entry(stranger, counterparty="Another employer")
    response = download(mo_client, "register-export-pdf")
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="register-thurrock-{today.isoformat()}.pdf"'
    )
    reader, text = read_pdf(response)
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    assert round(float(page.mediabox.width)) == 842  # A4: 297 mm
    assert "Register of declarations: Thurrock Council" in text
    assert "Organisation: Thurrock Council" in text
    assert "Dates: All dates" in text
    assert f"Generated: {today:%-d %B %Y}" in text
    assert "Page 1 of 1" in text
    assert gift.reference in text
    assert "Acme Supplies Ltd" in " ".join(text.split())  # the cell wraps
    assert "£24.99" in text
    assert "Another employer" not in text


def test_pdf_shows_the_filters_date_range_and_only_its_rows(mo_client, officer):
    inside = entry(officer, date=datetime.date(2026, 5, 1), counterparty="Inside")
    outside = entry(officer, date=datetime.date(2025, 5, 1), counterparty="Outside")
    response = download(
        mo_client, "register-export-pdf", {"date_from": "2026-04-01", "date_to": "2027-03-31"}
    )
    _, text = read_pdf(response)
    assert "Dates: 1 April 2026 to 31 March 2027" in text
    assert inside.reference in text
    assert outside.reference not in text


def test_page_numbers_count_every_page(mo_client, officer):
    made = bulk_entries(officer, 60)
    reader, text = read_pdf(download(mo_client, "register-export-pdf"))
    pages = len(reader.pages)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in reader.pages[number - 1].extract_text()
    for declaration in made:
        assert declaration.reference in text
    # The column headings repeat on every page.
    assert "Reference" in reader.pages[-1].extract_text()


def test_a_long_register_is_laid_out_in_parts_and_joined(mo_client, officer, monkeypatch):
    """No row limit: the rows are laid out a few at a time (here 4) and the parts joined
    into one PDF, its pages numbered on from one part to the next."""
    monkeypatch.setattr(exports, "PDF_CHUNK_ROWS", 4)
    made = bulk_entries(officer, 10)
    reader, text = read_pdf(download(mo_client, "register-export-pdf"))
    assert len(reader.pages) >= 3  # three parts, each at least a page
    for declaration in made:
        assert declaration.reference in text
    assert text.count("Register of declarations: Thurrock Council") == 1
    assert "Entries: 10." in text
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number}" in page.extract_text()


def test_a_bad_filter_is_refused(mo_client):
    response = ask(mo_client, "register-export-pdf", {"date_from": "not-a-date"})
    assert response.status_code == 400


def test_an_empty_pdf_says_so(mo_client):
    _, text = read_pdf(download(mo_client, "register-export-pdf"))
    assert "No entries match this filter." in text


def test_hostile_text_is_printed_as_text(mo_client, officer):
    """A PDF is not a spreadsheet: text is shown as typed, escaped as HTML."""
    entry(officer, counterparty='<script>alert("x")</script>', description='=HYPERLINK("x")')
    _, text = read_pdf(download(mo_client, "register-export-pdf"))
    joined = "".join(text.split())  # cells wrap: compare without the line breaks
    assert '<script>alert("x")</script>' in joined
    assert '=HYPERLINK("x")' in joined


def test_pdf_says_what_happened_in_words(mo_client, officer):
    entry(
        officer,
        counterparty="Declined Co",
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition="returned_to_giver",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )
    entry(officer, counterparty="Awaited Co", disposition_due_on=datetime.date(2026, 12, 1))
    _, text = read_pdf(download(mo_client, "register-export-pdf"))
    joined = "".join(text.split())  # cells wrap, even inside a word: compare without breaks
    assert "Whathappenedtoit" in joined
    assert "Returnedtothegiver" in joined
    assert "10Nov2026" in joined
    assert "Awaitingwhathappenedtoit" in joined
    assert "1Dec2026" in joined
