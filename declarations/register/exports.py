"""Exports of a register, exactly as filtered on screen: CSV, XLSX and PDF, written to
a file by the background worker (export_jobs.py).

All three hold bounded memory however large the register: rows come from
``QuerySet.values_list(...).iterator(chunk_size=2000)`` (a server-side cursor on
PostgreSQL, chunked fetches on SQLite) as plain tuples; the CSV goes through
csv.writer's writerows straight to the file; the workbook is openpyxl's write-only
kind (rows go to a temporary file as they are appended); the PDF is laid out
PDF_CHUNK_ROWS rows at a time by WeasyPrint and the parts joined by pypdf. Columns:
COLUMNS, described in docs/exports.md.

Spreadsheet formula injection (OWASP "CSV injection"): every text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single
quote, so a spreadsheet shows it as text instead of running it; so does one whose first
character after leading spaces (any Unicode space, such as the ideographic space) is
one of those, or is a look-alike that Unicode NFKC folds into one (the full-width
U+FF1D, U+FF0B, U+FF0D and U+FF20, the superscript U+207C...). It is applied here, at
export, to every text cell, so it holds however the text was stored (a form, the admin,
an import, the ORM); the stored text is never changed. Money stays a number.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import re
import tempfile
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection
from django.db.models import CharField, F, Func, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from declarations import clock, labels
from declarations.choices import StepState
from declarations.models import ApprovalStep, Declaration
from declarations.register import entries

CHUNK_SIZE = 2000
PDF_CHUNK_ROWS = 500  # rows WeasyPrint lays out at once: memory stays bounded, see docs
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "£#,##0.00"

# The export's columns, in order: (key, heading). Stable: add at the end, never rename.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "Reference"),
    ("version", "Version"),
    ("organisation", "Organisation"),
    ("officer", "Officer"),
    ("job_title", "Job title"),
    ("department", "Department"),
    ("type", "Type"),
    ("counterparty", "Counterparty"),
    ("description", "Description"),
    ("value", "Value (£)"),
    ("date", "Date"),
    ("declared_on", "Declared on"),
    ("submitted_at", "Submitted at"),
    ("outcome", "Outcome"),
    ("status", "Status"),
    ("decided_by", "Decided by"),
    ("decided_on", "Decided on"),
    ("register_keeper", "Register keeper"),
    ("citations", "Citations"),
    ("disposition", "What happened to it"),
    ("disposition_on", "Date it happened"),
    ("disposition_note", "Detail"),
    ("disposition_due_on", "Due to be recorded by"),
    ("former_officer", "Former officer"),
)
HEADINGS: tuple[str, ...] = tuple(heading for _, heading in COLUMNS)
KEYS: tuple[str, ...] = tuple(key for key, _ in COLUMNS)
COLUMN_WIDTHS: dict[str, int] = {
    "reference": 18,
    "officer": 22,
    "job_title": 22,
    "department": 18,
    "counterparty": 28,
    "description": 40,
    "value": 12,
    "submitted_at": 17,
    "decided_by": 22,
    "citations": 28,
    "disposition": 22,
    "disposition_note": 28,
}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped from XLSX text only.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DECIDED_STATES = (StepState.APPROVED, StepState.REJECTED, StepState.ACKNOWLEDGED)


# Passed over when looking for the first character a spreadsheet sees: spaces (any
# Unicode space) and invisible control or format characters (a zero-width space, a
# byte-order mark), which a spreadsheet may drop or skip before reading a formula.
SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def neutralise(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would read as a formula (OWASP).

    Looks at the very first character and at the first one after leading spaces and
    invisible characters, each as written and as NFKC folds it (U+FF1D is "="), so a
    leading space or a full-width sign does not slip through. The text itself is
    returned unchanged apart from the quote.
    """
    kind = _first_character_kind(text[:1])
    if kind is _SAFE:
        return text
    if kind is _FORMULA or _starts_formula(_first_seen(text)):
        return f"'{text}"
    return text


_SAFE, _FORMULA, _LOOK_FURTHER = "safe", "formula", "look further"


@functools.cache
def _first_character_kind(character: str) -> str:
    """What a text's first character alone says (cached: an export asks millions of
    times about a few hundred characters). A visible character decides: it starts a
    formula or it does not. A space or an invisible one (or none) means looking on."""
    if _starts_formula(character):
        return _FORMULA
    if (
        not character
        or character.isspace()
        or unicodedata.category(character) in SKIPPED_CATEGORIES
    ):
        return _LOOK_FURTHER
    return _SAFE


def _first_seen(text: str) -> str:
    """The first character that is neither a space nor invisible ("" if none)."""
    for character in text:
        if not character.isspace() and unicodedata.category(character) not in SKIPPED_CATEGORIES:
            return character
    return ""


def _starts_formula(character: str) -> bool:
    """Whether this character, as written or folded by NFKC, starts a formula."""
    return bool(character) and (
        character in FORMULA_TRIGGERS
        or unicodedata.normalize("NFKC", character).startswith(FORMULA_TRIGGERS)
    )


# --- rows -----------------------------------------------------------------------------------


# What a row needs, read as plain tuples (values_list): no model instances to build.
ROW_FIELDS: tuple[str, ...] = (
    "reference",
    "version",
    "organisation__code",
    "officer__user__first_name",
    "officer__user__last_name",
    "officer__user__username",
    "officer__job_title",
    "officer__department",
    "type",
    "counterparty",
    "description",
    "gift_value",
    "date",
    "declared_on",
    "submitted_at",
    "verdict_outcome",
    "verdict_register_keeper",
    "verdict_citations",
    "status",
    "decided_by_name",
    "decided_at",
    "disposition",
    "disposition_on",
    "disposition_note",
    "disposition_due_on",
    "disposition_recorded_at",
    "officer__active",
)
FORMER_OFFICER = "yes"  # the "Former officer" column for an officer who has left


def export_queryset(queryset: QuerySet[Declaration]) -> QuerySet:
    """The filtered, sorted register as tuples of ROW_FIELDS, in one query: the latest
    decided approval step by subqueries (never a query per row)."""
    latest_decided = ApprovalStep.objects.filter(
        declaration=OuterRef("pk"), state__in=DECIDED_STATES, decided_at__isnull=False
    ).order_by("-decided_at", "-order")
    decider_name = Coalesce(
        NullIf(
            Trim(
                Concat(
                    F("decided_by__user__first_name"),
                    Value(" "),
                    F("decided_by__user__last_name"),
                    output_field=CharField(),
                )
            ),
            Value(""),
        ),
        F("decided_by__user__username"),
        output_field=CharField(),
    )
    return queryset.annotate(
        # The outcome, keeper and value from the columns submission writes them to; of
        # the verdict's JSON only its citations, as text, not the whole document (its
        # reasons and route): a list, decoded once per distinct list (`citations_text`).
        verdict_outcome=F("outcome"),
        verdict_register_keeper=F("register_keeper"),
        verdict_citations=KeyTextTransform("citations", "verdict"),
        gift_value=F("value_gbp"),
        decided_at=Subquery(latest_decided.values("decided_at")[:1]),
        decided_by_name=Subquery(
            latest_decided.annotate(name=decider_name).values("name")[:1],
            output_field=CharField(),
        ),
    ).values_list(*ROW_FIELDS, named=True)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A timestamp in the register's time zone, without tzinfo (spreadsheets have none)."""
    if moment is None:
        return None
    return moment.astimezone(_zone()).replace(tzinfo=None, microsecond=0, second=0)


@functools.cache
def _zone_named(name: str) -> datetime.tzinfo:
    return zoneinfo.ZoneInfo(name)


def _zone() -> datetime.tzinfo:
    """settings.TIME_ZONE (timezone.localtime looks it up through a context-local on
    every call, which costs more than the conversion itself)."""
    return _zone_named(settings.TIME_ZONE)


def disposition_value(row: Any) -> str:
    """What happened to it, as the contract names it (`declined`,
    `given_to_named_charity`...), `awaiting` while the officer has still to say
    (entries.is_awaiting), or empty for an entry that never had to be declined."""
    if row.disposition:
        return str(row.disposition)
    if entries.is_awaiting(row.status, row.disposition_due_on, row.disposition_recorded_at):
        return entries.AWAITING
    return ""


@functools.lru_cache(maxsize=4096)
def citations_text(citations: str | None) -> str:
    """ "thurrock:14.3; thurrock:14.5" from the verdict's citations as the database gives
    them (a JSON list, as text). A register holds few distinct lists, so each is decoded
    once, not once per row."""
    if not citations:
        return ""
    return "; ".join(str(citation) for citation in json.loads(citations) or ())


def verdict_word(value: str | None) -> str:
    """One of the verdict's words (its outcome, its keeper) as text. SQLite gives a JSON
    null as the text "null" where PostgreSQL gives NULL: no word is ever "null"."""
    return "" if value is None or value == "null" else value


def row_values(row: Any) -> list[Any]:
    """One declaration's cells, in COLUMNS order, typed: text, int, Decimal (value),
    date and datetime.

    Enumerations are the policy contract's names (gift, approval_required...), which
    stay the same from year to year, so the files can be filtered and compared.
    """
    citations = row.verdict_citations
    officer = f"{row.officer__user__first_name} {row.officer__user__last_name}".strip()
    return [
        row.reference,
        row.version,
        row.organisation__code,
        officer or row.officer__user__username,
        row.officer__job_title,
        row.officer__department,
        row.type,
        row.counterparty,
        row.description,
        row.gift_value,
        row.date,
        row.declared_on,
        _local(row.submitted_at),
        verdict_word(row.verdict_outcome),
        row.status,
        (row.decided_by_name or "").strip(),
        row.decided_at.astimezone(_zone()).date() if row.decided_at else None,
        verdict_word(row.verdict_register_keeper),
        citations_text(citations),
        disposition_value(row),
        row.disposition_on,
        row.disposition_note,
        row.disposition_due_on,
        former_officer(row.officer__active),
    ]


def former_officer(active: bool) -> str:
    """ "yes" for an officer who has left (Officer.active false), else empty."""
    return "" if active else FORMER_OFFICER


@contextlib.contextmanager
def reading_every_row() -> Iterator[None]:
    """Tell PostgreSQL that every row of the next cursors will be read.

    A cursor's plan is otherwise chosen to give its first tenth quickly
    (cursor_tuple_fraction = 0.1): nested loops and index walks, about three times
    slower over a whole register than the plan COPY or a plain query would get.
    Session-wide (the export's cursor is declared outside any transaction), put back
    afterwards. Other databases: nothing to do.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def rows(queryset: QuerySet[Declaration]) -> Iterator[list[Any]]:
    """Every row of the filtered register, read in chunks, never all held at once."""
    for row in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield row_values(row)


def filename(stem: str, extension: str, on: datetime.date | None = None) -> str:
    """register-<organisation>-<yyyy-mm-dd>.<extension>."""
    on = on or clock.today()
    return f"{stem}-{on.isoformat()}.{extension}"


# --- CSV ------------------------------------------------------------------------------------


def _csv_moment(value: datetime.datetime) -> str:
    """YYYY-MM-DD HH:MM (isoformat is C; strftime goes through the C library's locale)."""
    return value.isoformat(" ", "minutes")


# How each type of cell is written; int and Decimal as they are, unquoted numbers.
CSV_CELLS: dict[type, Callable[[Any], Any]] = {
    str: neutralise,
    type(None): lambda value: "",
    datetime.datetime: _csv_moment,
    datetime.date: datetime.date.isoformat,
}


def csv_cell(value: Any) -> Any:
    write = CSV_CELLS.get(type(value))
    return value if write is None else write(value)


# The CSV's dates and times, written as text by PostgreSQL itself (to_char, in the
# register's time zone): psycopg then hands over strings instead of building date and
# datetime objects that Python would only turn back into the same strings.
DATE_TEXT = "YYYY-MM-DD"
MOMENT_TEXT = "YYYY-MM-DD HH24:MI"
TEXT_DATES = ("date", "declared_on", "disposition_on", "disposition_due_on")


def _text(expression: Any, pattern: str, *, local: bool = False) -> Func:
    if local:
        expression = Func(Value(settings.TIME_ZONE), expression, function="timezone")
    return Func(expression, Value(pattern), function="to_char", output_field=TextField())


def csv_queryset(queryset: QuerySet[Declaration]) -> QuerySet:
    """`export_queryset`, with its dates and times as the CSV's text on PostgreSQL (the
    same text `csv_cell` writes: ISO dates, local "YYYY-MM-DD HH:MM"). Other databases
    give them typed, and `csv_rows` formats them."""
    rows = export_queryset(queryset)
    if connection.vendor != "postgresql":
        return rows
    texts = {f"{name}_text": _text(F(name), DATE_TEXT) for name in TEXT_DATES}
    texts["submitted_at_text"] = _text(F("submitted_at"), MOMENT_TEXT, local=True)
    texts["decided_on_text"] = _text(F("decided_at"), DATE_TEXT, local=True)
    fields = [
        f"{name}_text" if name in (*TEXT_DATES, "submitted_at") else name for name in ROW_FIELDS
    ]
    fields[fields.index("decided_at")] = "decided_on_text"
    return rows.annotate(**texts).values_list(*fields, named=False)


def csv_rows(queryset: QuerySet[Declaration]) -> Iterator[list[Any]]:
    """The CSV's cells of every row, straight from the query's tuples: what
    `[csv_cell(value) for value in row_values(row)]` gives (the tests hold them to
    that), in one pass instead of two, since the CSV of a whole register is the export
    people wait for. Free text goes through `neutralise`; values from the register's own
    fixed lists (the employer's code, the type, outcome, status, keeper and what
    happened, each a choice or a word the rules write) cannot start a formula and are
    written as they are."""
    zone = _zone()
    safe = neutralise
    awaiting = entries.is_awaiting

    def day(value: datetime.date | str | None) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else value.isoformat()

    def moment(value: datetime.datetime | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.astimezone(zone).isoformat(" ", "minutes")[:16]

    def decided_day(value: datetime.datetime | str | None) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else value.astimezone(zone).date().isoformat()

    for row in csv_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        (
            reference,
            version,
            organisation,
            first_name,
            last_name,
            username,
            job_title,
            department,
            kind,
            counterparty,
            description,
            gift_value,
            date,
            declared_on,
            submitted_at,
            outcome,
            keeper,
            citations,
            status,
            decided_by,
            decided_at,
            disposition,
            disposition_on,
            disposition_note,
            disposition_due_on,
            disposition_recorded_at,
            active,
        ) = row
        officer = f"{first_name} {last_name}".strip() or username
        if disposition:
            happened = str(disposition)
        elif awaiting(status, disposition_due_on, disposition_recorded_at):
            happened = entries.AWAITING
        else:
            happened = ""
        yield [
            safe(reference) if reference else "",
            version,
            organisation or "",
            safe(officer) if officer else "",
            safe(job_title) if job_title else "",
            safe(department) if department else "",
            kind or "",
            safe(counterparty) if counterparty else "",
            safe(description) if description else "",
            "" if gift_value is None else gift_value,
            day(date),
            day(declared_on),
            moment(submitted_at),
            verdict_word(outcome),
            status or "",
            safe(decided_by.strip()) if decided_by else "",
            decided_day(decided_at),
            verdict_word(keeper),
            safe(citations_text(citations)) if citations else "",
            happened,
            day(disposition_on),
            safe(disposition_note) if disposition_note else "",
            day(disposition_due_on),
            "" if active else FORMER_OFFICER,
        ]


def write_csv(records: Iterable[list[Any]], output: BinaryIO) -> None:
    """Write typed rows (`rows`) as CSV: each cell through csv_cell, then
    `write_csv_cells`."""
    get = CSV_CELLS.get
    write_csv_cells(
        (
            [value if (write := get(type(value))) is None else write(value) for value in record]
            for record in records
        ),
        output,
    )


def write_csv_cells(records: Iterable[list[Any]], output: BinaryIO) -> None:
    """Write the CSV to a binary file: a byte-order mark (so Excel reads UTF-8), the
    headings, then the rows, whose cells are ready (`csv_rows`, or csv_cell's). Every
    text cell is quoted; numbers are not. csv.writer's writerows runs the loop in C,
    over a buffered text wrapper."""
    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
    try:
        text.write("\ufeff")
        writer = csv.writer(text, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(HEADINGS)
        writer.writerows(records)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


# --- XLSX -----------------------------------------------------------------------------------


def xlsx_cells(sheet: Any, record: list[Any]) -> list[Any]:
    """Typed cells: money a number in pounds, text neutralised. Dates and times are
    left to openpyxl, which gives them its date formats (yyyy-mm-dd)."""
    cells: list[Any] = []
    for value in record:
        if isinstance(value, str):
            cells.append(neutralise(XML_ILLEGAL.sub("", value)))
        elif isinstance(value, Decimal):
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl takes Decimal
            cell.number_format = MONEY_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def write_workbook(records: Iterable[list[Any]], output: Any, title: str = "Register") -> None:
    """Write the rows to `output` as an .xlsx, one row at a time (openpyxl write-only)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, (key, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(key, 14)
    bold = Font(bold=True)
    headings = []
    for heading in HEADINGS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        headings.append(cell)
    sheet.append(headings)
    for record in records:
        sheet.append(xlsx_cells(sheet, record))
    workbook.save(output)


# --- PDF ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfRow:
    """A row for the PDF template: the export's values, formatted for reading."""

    cells: list[str]


# Columns whose stored values the PDF shows in words (the CSV and XLSX keep the values);
# what happened to it too (`_pdf_text`: the code's own words for its charity).
PDF_WORDS: dict[str, Callable[[str], str]] = {
    "type": labels.declaration_type,
    "register_keeper": labels.role,
    "outcome": labels.outcome,
    "organisation": labels.employer,
    "status": labels.status,
    "former_officer": lambda value: "Yes",
}


def _pdf_text(key: str, value: Any, row: Any) -> str:
    if value is None or value == "":
        return ""
    if key == "value":
        return f"£{Decimal(value).quantize(Decimal('0.01')):,}"
    if isinstance(value, datetime.datetime):
        return value.strftime("%-d %b %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %b %Y")
    if key == "disposition":
        if value == entries.AWAITING:
            return entries.AWAITING_WORDS
        return labels.disposition_words(str(value), row.organisation__code, row.type)
    words = PDF_WORDS.get(key)
    if words is not None:
        return words(str(value))
    return str(value)


def pdf_row(row: Any) -> PdfRow:
    """One row of the PDF, in words."""
    return PdfRow(
        cells=[_pdf_text(key, value, row) for key, value in zip(KEYS, row_values(row), strict=True)]
    )


def render_pdf(context: dict[str, Any]) -> bytes:
    """Lay out one PDF (templates/register/export_pdf.html) with WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("register/export_pdf.html", context)
    return HTML(string=html).write_pdf()


def _chunks(queryset: QuerySet[Declaration], size: int) -> Iterator[list[PdfRow]]:
    """The PDF's rows, PDF_CHUNK_ROWS at a time (an empty register: one empty chunk)."""
    chunk: list[PdfRow] = []
    for row in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        chunk.append(pdf_row(row))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_pdf(
    queryset: QuerySet[Declaration],
    output: BinaryIO,
    *,
    context: dict[str, Any],
    total: int,
    on_rows: Callable[[int], Any] = lambda done: None,
    chunk_rows: int | None = None,
) -> None:
    """The filtered register as one A4 landscape PDF, however long.

    WeasyPrint lays out a whole document in memory, so the rows are laid out
    PDF_CHUNK_ROWS at a time, each part written to a temporary file, and pypdf joins the
    parts. Pages are numbered on from one part to the next (CSS `counter-reset: page`);
    "of M" is only printed when there is one part, since the number of pages is known
    only once every part is laid out. `on_rows(done)` is called after each part.
    """
    from pypdf import PdfWriter

    size = chunk_rows or PDF_CHUNK_ROWS
    generated_at = timezone.localtime()
    single = total <= size
    common = {**context, "headings": HEADINGS, "generated_at": generated_at, "total": total}
    writer = PdfWriter()
    with contextlib.ExitStack() as stack:
        first_page, done = 1, 0
        for number, chunk in enumerate(_chunks(queryset, size) if total else iter([[]])):
            part = stack.enter_context(tempfile.TemporaryFile())
            part.write(
                render_pdf(
                    {
                        **common,
                        "rows": chunk,
                        "first_page": first_page,
                        "first_part": number == 0,
                        "single_part": single,
                    }
                )
            )
            part.seek(0)
            first_page += _append(writer, part)
            done += len(chunk)
            on_rows(done)
        writer.write(output)


def _append(writer: Any, part: BinaryIO) -> int:
    """Add one part's pages to the joined PDF; returns how many pages it had."""
    from pypdf import PdfReader

    reader = PdfReader(part)
    for page in reader.pages:
        writer.add_page(page)
    return len(reader.pages)
