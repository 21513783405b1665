"""The monitoring officer's journeys in a real browser: filter, sort and download the
register; publish it and read it as the public; read the compliance dashboard. And
someone who keeps no register is shown the 403 page, not an error.

The register (the `register_entries` fixture, tests/e2e/helpers.py `make_register`) is made
the way staff make it: drafts filed and submitted through declarations.filing.services and then
acknowledged or approved by the people their route names.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from declarations.models import Publication
from tests.e2e.helpers import DATE_FROM, DATE_TO, TODAY

pytestmark = pytest.mark.django_db(transaction=True)

# --- reading pages and files ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    reference: str
    officer: str
    type: str
    counterparty: str
    date: datetime.date
    value: Decimal | None


def money(text: str) -> Decimal | None:
    text = text.strip().replace("£", "").replace(",", "")
    return Decimal(text).quantize(Decimal("0.01")) if text else None


def screen_rows(page) -> list[Row]:
    """The register table's rows as the page shows them."""
    found = []
    for tr in page.locator("table:has(#register-caption) tbody tr").all():
        reference = tr.locator("th").inner_text().strip()
        cells = [cell.inner_text().strip() for cell in tr.locator("td").all()]
        found.append(
            Row(
                reference=reference,
                officer=cells[0].splitlines()[0],
                type=cells[1],
                counterparty=cells[2].splitlines()[0],
                date=datetime.datetime.strptime(cells[3], "%d %b %Y").date(),
                value=money(cells[4]),
            )
        )
    return found


TYPE_WORDS = {"gift": "Gift", "hospitality": "Hospitality", "interest": "Interest"}


def csv_rows(path: Path) -> list[Row]:
    text = path.read_bytes().decode("utf-8-sig")
    return [
        Row(
            reference=record["Reference"],
            officer=record["Officer"],
            type=TYPE_WORDS[record["Type"]],
            counterparty=record["Counterparty"],
            date=datetime.date.fromisoformat(record["Date"]),
            value=money(record["Value (£)"]),
        )
        for record in csv.DictReader(io.StringIO(text))
    ]


def xlsx_rows(path: Path) -> list[Row]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    workbook.close()
    headings, records = values[0], values[1:]
    found = []
    for record in records:
        # Read-only openpyxl leaves out a row's empty cells at the end.
        cells = dict(itertools.zip_longest(headings, record))
        found.append(
            Row(
                reference=cells["Reference"],
                officer=cells["Officer"],
                type=TYPE_WORDS[cells["Type"]],
                counterparty=cells["Counterparty"],
                date=cells["Date"].date() if cells["Date"] else None,
                value=_xlsx_money(cells["Value (£)"]),
            )
        )
    return found


def _xlsx_money(value: object) -> Decimal | None:
    """Money is a number in the spreadsheet (never text), so that it can be summed."""
    if value is None:
        return None
    assert isinstance(value, int | float), f"{value!r} is not a number"
    return money(str(value))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def download(page, button_name: str, folder: Path) -> Path:
    """Ask for an export with the register's button, download it from its progress page
    (tests run tasks at once, so it is ready), and go back to the register."""
    register_url = page.url
    page.get_by_role("button", name=button_name, exact=True).click()
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    downloaded = info.value
    assert downloaded.failure() is None
    path = folder / downloaded.suggested_filename
    downloaded.save_as(path)
    page.goto(register_url)
    return path


# --- 1. filter, sort and download -------------------------------------------------------------


def test_the_monitoring_officer_filters_sorts_and_downloads_the_register(
    page, register_entries, monitoring_officer, log_in, screenshot, tmp_path
):
    r = register_entries
    # Signing in with her second factor is tests/e2e/test_second_factor.py's subject.
    log_in(monitoring_officer)
    page.goto("/")
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Register of declarations")).to_be_visible()

    # Unfiltered: every Thurrock entry but the draft; nothing from ECC.
    everything = {row.reference for row in screen_rows(page)}
    thurrock = {r.ref(name) for name in r.entries if name not in ("draft", "ecc_wine")}
    assert everything == thurrock
    expect(page.locator("#register-totals")).to_contain_text("10 entries match")
    expect(page.locator("#register-totals")).to_contain_text("£205.00")
    screenshot("register")

    # Gifts, from 35 to 10 days ago.
    page.get_by_text("More filters").click()
    page.get_by_label("Type", exact=True).select_option(label="Gift")
    for name, day in (("date_from", DATE_FROM), ("date_to", DATE_TO)):
        for part, number in zip(
            ("day", "month", "year"), (day.day, day.month, day.year), strict=True
        ):
            page.locator(f'[name="{name}-{part}"]').fill(str(number))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#register-totals")).to_contain_text(
        "4 entries match, total value of gifts and hospitality £162.00."
    )
    rows = screen_rows(page)
    assert {row.reference for row in rows} == {
        r.ref(name) for name in ("wine", "diary", "flowers", "pen")
    }
    # The default order is newest first.
    assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)

    # Then a free-text search for the director's first name narrows it to her gifts.
    page.get_by_label("Search", exact=True).fill("Dana")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#register-totals")).to_contain_text(
        "3 entries match, total value of gifts and hospitality £157.00."
    )
    rows = screen_rows(page)
    assert {row.reference for row in rows} == {r.ref(n) for n in ("wine", "diary", "flowers")}
    assert {row.officer for row in rows} == {"Dana Director"}
    assert {row.type for row in rows} == {"Gift"}
    assert all(DATE_FROM <= row.date <= DATE_TO for row in rows)
    # The filter is in the address, so it can be bookmarked and shared.
    assert "type=gift" in page.url
    assert f"date_from-day={DATE_FROM.day}" in page.url
    assert "q=Dana" in page.url

    # Sort by value: ascending, then descending.
    page.get_by_role("columnheader", name="Value").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Value")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert [row.value for row in screen_rows(page)] == [
        Decimal("12.00"),
        Decimal("25.00"),
        Decimal("120.00"),
    ]
    page.get_by_role("columnheader", name="Value").get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Value")).to_have_attribute(
        "aria-sort", "descending"
    )
    on_screen = screen_rows(page)
    assert [row.counterparty for row in on_screen] == [
        "Purfleet Wines",
        "Chafford Florists",
        "Grays Print Co",
    ]
    # Sorting kept the filter.
    expect(page.locator("#register-totals")).to_contain_text("3 entries match")

    # Each download holds exactly the rows on screen, in the same order.
    csv_path = download(page, "CSV file", tmp_path)
    assert csv_path.name == f"register-thurrock-{TODAY.isoformat()}.csv"
    assert csv_rows(csv_path) == on_screen
    with csv_path.open(encoding="utf-8-sig", newline="") as opened:
        assert {record["Organisation"] for record in csv.DictReader(opened)} == {"thurrock"}

    xlsx_path = download(page, "Spreadsheet (XLSX)", tmp_path)
    assert xlsx_path.suffix == ".xlsx"
    assert xlsx_rows(xlsx_path) == on_screen

    pdf_path = download(page, "PDF", tmp_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf_path)
    assert "Entries: 3." in text
    assert f"Dates: {DATE_FROM:%-d %B %Y} to {DATE_TO:%-d %B %Y}" in text
    positions = [text.index(row.reference) for row in on_screen]
    assert positions == sorted(positions), "the PDF lists the rows in the screen's order"
    for row in on_screen:
        assert f"£{row.value:,.2f}" in text
    for name in ("notebook", "pen", "dinner", "late_interest", "draft"):
        assert r.ref(name) not in text


# --- 2. publish, then read as the public ------------------------------------------------------


def test_the_monitoring_officer_publishes_and_the_public_sees_only_what_is_public(
    page, browser, live_server, register_entries, monitoring_officer, log_in, screenshot
):
    r = register_entries
    log_in(monitoring_officer)
    page.goto("/register/")
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Publish the register")).to_be_visible()
    expect(page.get_by_text("The register has not been published before.")).to_be_visible()

    # Only directors and above: the assistant director's and managers' entries stay out.
    page.get_by_label("Publish declarations of officers at or above").select_option(
        label="Director"
    )
    page.get_by_role("button", name="Show what will be published").click()
    expect(page.locator("#publish-summary")).to_contain_text(
        "3 entries from officers at or above director level"
    )
    preview = page.locator("#publish-preview")
    for counterparty in ("Thames Stationers", "Purfleet Wines", "Basildon Builders"):
        expect(preview).to_contain_text(counterparty)
    page.get_by_role("button", name="Publish the register").click()

    expect(page).to_have_url(re.compile(r"/published/thurrock/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Thurrock Council's register is published: 3 entries."
    )
    publication = Publication.objects.get()
    assert (publication.minimum_level, publication.row_count) == ("director", 3)
    assert publication.published_by == monitoring_officer

    # Someone not signed in, in a browser of their own.
    public = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    try:
        reader = public.new_page()
        reader.goto("/published/")
        expect(reader.get_by_role("link", name="Thurrock Council")).to_be_visible()
        expect(reader.locator("#published-organisations")).to_contain_text(
            f"Last updated {TODAY.day} {TODAY:%B %Y}"
        )
        reader.get_by_role("link", name="Thurrock Council").click()
        expect(reader.get_by_role("heading", name="Register of declarations")).to_be_visible()
        expect(reader.locator("#last-updated")).to_have_text(
            f"Last updated {TODAY.day} {TODAY:%B %Y}"
        )

        table = reader.locator("#published-entries")
        body_rows = table.locator("tbody tr")
        expect(body_rows).to_have_count(3)
        published = {
            tuple(cell.inner_text().strip() for cell in tr.locator("th, td").all()[:6])
            for tr in body_rows.all()
        }
        assert published == {
            (
                "Dana Director",
                "Director of Housing",
                "Gift",
                "Thames Stationers",
                "A branded notebook and pen",
                "£8.00",
            ),
            (
                "Dana Director",
                "Director of Housing",
                "Gift (declined)",
                "Purfleet Wines",
                "A case of wine, declined",
                "£120.00",
            ),
            (
                "Dana Director",
                "Director of Housing",
                "Hospitality",
                "Basildon Builders",
                "Dinner after the site visit",
                "£35.00",
            ),
        }

        # Nothing that should not be public: a relationship, a draft, a family gift, an
        # entry not yet recorded, entries below the chosen level, another employer's,
        # and nothing about how entries were judged or by whom.
        body = reader.locator("main").inner_text()
        for never in (
            "Sam Taylor",
            "Relationship",
            "Secret Draft Ltd",
            "Chafford Florists",
            "partner",
            "Grays Print Co",
            "A pen",
            "Essex Law Society",
            "Tilbury Lettings",
            "Grays Rowing Club",
            "Lee Manager",
            "Mona Monitoring",
            "Olive Officer",
            "Sam Stranger",
            "A bottle of wine",
            "THU-",
            "Monitoring officer",
            "Must be declined",
            "Recorded",
        ):
            assert never not in body, f"{never!r} is on the public register"
        expect(reader.get_by_role("button", name="Sign out")).to_have_count(0)
        # The CSV the page offers holds the same three rows and no more.
        response = reader.request.get("/published/thurrock.csv")
        assert response.ok
        records = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
        assert {row["Counterparty"] for row in records} == {
            "Thames Stationers",
            "Purfleet Wines",
            "Basildon Builders",
        }
        assert r.ref("wine") not in response.text()
    finally:
        public.close()

    # The public register as anyone sees it, for the screenshot.
    page.context.clear_cookies()
    page.goto("/published/thurrock/")
    expect(page.locator("#published-entries tbody tr")).to_have_count(3)
    screenshot("public-register")


# --- 3. the dashboard -----------------------------------------------------------------------


def test_the_monitoring_officer_reads_the_dashboard(
    page, register_entries, monitoring_officer, log_in, screenshot
):
    r = register_entries
    log_in(monitoring_officer)
    page.goto("/")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Compliance dashboard")).to_be_visible()

    contents = page.locator("#dashboard-contents")
    expect(contents).to_contain_text("Declarations: 10")
    expect(contents).to_contain_text("Declared late: 1")
    expect(contents).to_contain_text("Interests past their 28-day deadline: 1")

    by_type = page.locator("#chart-type-table")
    for label, count in (
        ("Gift", 5),
        ("Hospitality", 1),
        ("Interest", 3),
        ("Outside work", 0),
        ("Relationship", 1),
    ):
        expect(by_type.get_by_role("row", name=label)).to_contain_text(str(count))

    late = page.locator("#late-declarations")
    expect(late.locator("tbody tr")).to_have_count(1)
    expect(late).to_contain_text(r.ref("late_interest"))
    expect(late).to_contain_text("Olive Officer")
    deadline = r["late_interest"].date + datetime.timedelta(days=28)
    expect(late).to_contain_text(f"{deadline.day} {deadline:%b %Y}")
    overdue = page.locator("#overdue-interests-table")
    expect(overdue).to_contain_text(r.ref("late_interest"))
    expect(overdue.locator("tbody tr td").last).to_have_text(str((TODAY - deadline).days))

    # The charts are SVG images with names and descriptions that read out the figures.
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(4)
    for title in (
        "Declarations by type",
        "Declarations by status",
        "Declarations by department",
        "Open approval steps by days waiting",
    ):
        expect(page.get_by_role("img", name=title)).to_be_visible()
    # Every figure is read out from the chart's <desc>, which the <svg> points to.
    chart = page.locator("svg#chart-type")
    expect(chart.locator("desc")).to_have_text(
        "Declarations by type. Gift: 5; Hospitality: 1; Interest: 3; Outside work: 0; "
        "Relationship: 1; Disclosure: 0."
    )
    described_by = " ".join(
        chart.get_attribute(name) or "" for name in ("aria-labelledby", "aria-describedby")
    ).split()
    assert chart.locator("desc").get_attribute("id") in described_by
    # The senior officers who have not made this year's annual declaration, and the
    # donor whose gifts to one officer came to more than £100 (the ECC gift not counted).
    expect(page.locator("#missing-annual")).to_contain_text("Dana Director")
    expect(page.locator("#missing-annual")).to_contain_text("Mona Monitoring")
    donors = page.locator("#repeat-donors-table tbody tr")
    expect(donors).to_have_count(1)
    expect(donors).to_contain_text("Purfleet Wines")
    expect(donors).to_contain_text("£120.00")
    screenshot("dashboard")


# --- 4. someone who keeps no register -----------------------------------------------------------


def test_an_officer_who_keeps_no_register_sees_the_403_page(page, officer, log_in):
    log_in(officer)
    response = page.goto("/register/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this register")).to_be_visible()
    expect(
        page.get_by_text("Only the monitoring officer can see the whole register.")
    ).to_be_visible()

    response = page.goto("/dashboard/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    expect(
        page.get_by_text("Only a monitoring officer can see their organisation's dashboard.")
    ).to_be_visible()
    # And no way in from the menu.
    expect(page.get_by_role("link", name="Register", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Dashboard", exact=True)).to_have_count(0)
