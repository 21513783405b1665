"""Exports of a register, exactly as filtered on screen: CSV, XLSX and PDF.

CSV and XLSX hold constant memory however large the register: rows come from
``QuerySet.iterator(chunk_size=2000)`` (a server-side cursor on PostgreSQL, chunked
fetches on SQLite; see `rows_in_own_transaction` for the CSV's), the CSV is streamed
as it is written, and the workbook is
openpyxl's write-only kind (rows go to a temporary file as they are appended), saved
to a spooled temporary file and streamed from there. The PDF is laid out whole by
WeasyPrint, so it has a row limit (PDF_MAX_ROWS). Columns: COLUMNS, described in
docs/exports.md.

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

import csv
import datetime
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
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
CSV_FLUSH_BYTES = 64 * 1024  # stream the CSV in pieces of about this size
XLSX_SPOOL_BYTES = 8 * 1024 * 1024  # a bigger workbook goes to disk before streaming
PDF_MAX_ROWS = 500  # WeasyPrint lays out 20 to 40 rows a second here: see docs/exports.md
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
)
HEADINGS: tuple[str, ...] = tuple(heading for _, heading in COLUMNS)
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
    if _starts_formula(text[:1]) or _starts_formula(_first_seen(text)):
        return f"'{text}"
    return text


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
    "verdict",
    "status",
    "decided_by_name",
    "decided_at",
    "disposition",
    "disposition_on",
    "disposition_note",
    "disposition_due_on",
    "disposition_recorded_at",
)


def export_queryset(queryset: QuerySet[Declaration]) -> QuerySet:
    """The filtered, sorted register as tuples of ROW_FIELDS, in one query: the gift's
    value by a join, the latest decided approval step by subqueries (never a query per
    row)."""
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
        gift_value=F("gift_hospitality__value_gbp"),
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
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0, second=0)


def disposition_value(row: Any) -> str:
    """What happened to it, as the contract names it (`declined`,
    `given_to_named_charity`...), `awaiting` while the officer has still to say
    (entries.is_awaiting), or empty for an entry that never had to be declined."""
    if row.disposition:
        return str(row.disposition)
    if entries.is_awaiting(row.status, row.disposition_due_on, row.disposition_recorded_at):
        return entries.AWAITING
    return ""


def row_values(row: Any) -> list[Any]:
    """One declaration's cells, in COLUMNS order, typed: text, int, Decimal (value),
    date and datetime.

    Enumerations are the policy contract's names (gift, approval_required...), which
    stay the same from year to year, so the files can be filtered and compared.
    """
    verdict = row.verdict or {}
    citations = verdict.get("citations") or []
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
        verdict.get("outcome") or "",
        row.status,
        (row.decided_by_name or "").strip(),
        timezone.localtime(row.decided_at).date() if row.decided_at else None,
        verdict.get("register_keeper") or "",
        "; ".join(str(citation) for citation in citations),
        disposition_value(row),
        row.disposition_on,
        row.disposition_note,
        row.disposition_due_on,
    ]


def rows(queryset: QuerySet[Declaration]) -> Iterator[list[Any]]:
    """Every row of the filtered register, read in chunks, never all held at once."""
    for row in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield row_values(row)


def filename(stem: str, extension: str, on: datetime.date | None = None) -> str:
    """register-<organisation>-<yyyy-mm-dd>.<extension>."""
    on = on or clock.today()
    return f"{stem}-{on.isoformat()}.{extension}"


# --- CSV ------------------------------------------------------------------------------------


class Echo:
    """A file-like object whose write() hands back what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value  # int, Decimal: written as numbers, unquoted


def csv_lines(records: Iterable[list[Any]]) -> Iterator[str]:
    """The CSV text in pieces: a byte-order mark (so Excel reads UTF-8), the headings,
    then the rows. Every text cell is quoted; numbers are not."""
    writer = csv.writer(Echo(), quoting=csv.QUOTE_NONNUMERIC)
    buffer = ["\ufeff", writer.writerow(HEADINGS)]
    size = 0
    for record in records:
        line = writer.writerow([csv_cell(value) for value in record])
        buffer.append(line)
        size += len(line)
        if size >= CSV_FLUSH_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)


def rows_in_own_transaction(queryset: QuerySet[Declaration]) -> Iterator[list[Any]]:
    """`rows`, read inside a transaction that lasts as long as the stream.

    A streamed body is read after the view has returned, in autocommit mode, and there
    Django declares PostgreSQL's server-side cursor WITH HOLD (it must outlive the
    statement's own transaction). PostgreSQL materialises a holdable cursor when that
    transaction commits: the whole filtered register is computed and copied to temporary
    storage before the first row goes out, and the open cursor then belongs to no
    transaction, which a transaction-pooling proxy cannot follow (Django's docs,
    "Transaction pooling and server-side cursors"). Inside `atomic()` the cursor is an
    ordinary one: rows are produced as they are fetched and the cursor closes with the
    transaction. That transaction only reads and takes no locks; it ends with the last
    row, or when the client goes away (the response closes this generator, which rolls
    it back). DISABLE_SERVER_SIDE_CURSORS is no answer: the driver would then fetch the
    whole result into memory. (XLSX and PDF exports are built before the response is
    sent, in autocommit, so they hold no transaction while the workbook or the PDF is
    laid out.)
    """
    with transaction.atomic():
        yield from rows(queryset)


def csv_response(queryset: QuerySet[Declaration], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(rows_in_own_transaction(queryset)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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


def xlsx_response(queryset: QuerySet[Declaration], name: str) -> FileResponse:
    """Build the workbook into a spooled temporary file, then stream that file.

    Read in autocommit, outside any transaction: nothing is held open while openpyxl
    writes (on PostgreSQL the cursor is WITH HOLD, so the rows are ready on the server).
    """
    output = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
    write_workbook(rows(queryset), output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


# --- PDF ------------------------------------------------------------------------------------


class TooManyRowsForPdf(Exception):
    """The filtered register is longer than a PDF should be: narrow it or use CSV/XLSX."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"A PDF can hold up to {limit:,} entries.")


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


def pdf_rows(queryset: QuerySet[Declaration], limit: int = PDF_MAX_ROWS) -> list[PdfRow]:
    """The PDF's rows; raises TooManyRowsForPdf rather than lay out a book."""
    found = list(export_queryset(queryset)[: limit + 1])
    if len(found) > limit:
        raise TooManyRowsForPdf(limit)
    keys = [key for key, _ in COLUMNS]
    return [
        PdfRow(
            cells=[_pdf_text(key, value, d) for key, value in zip(keys, row_values(d), strict=True)]
        )
        for d in found
    ]


def render_pdf(context: dict[str, Any]) -> bytes:
    """Lay out the register's PDF (templates/register/export_pdf.html) with WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string("register/export_pdf.html", context)
    return HTML(string=html).write_pdf()


def pdf_response(
    queryset: QuerySet[Declaration], name: str, *, context: dict[str, Any]
) -> HttpResponse:
    """The filtered register as an A4 landscape PDF (raises TooManyRowsForPdf)."""
    records = pdf_rows(queryset)
    pdf = render_pdf(
        {
            **context,
            "headings": HEADINGS,
            "rows": records,
            "generated_at": timezone.localtime(),
        }
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
