"""Register exports made in the background: asked for on a page, made by the worker
(`manage.py db_worker`), kept for EXPORT_KEEP_HOURS, downloaded only by whoever asked.

`request_export` records the export and enqueues `make_export` in one transaction, and
logs REGISTER_EXPORTED (no COUNT in the request: the worker counts). `make_export`
rebuilds the listing from the stored query for the person who asked, exactly as the
register page does (`listing_for`), so someone who no longer keeps the register gets
nothing; it counts the rows once, writes the file (exports.py) to the "exports"
storage, reporting progress every PROGRESS_EVERY rows, and emails a link. Any failure
leaves the export FAILED with a plain message (the traceback goes to the worker's log,
never to the page). `delete_expired_exports` deletes the files past their time.

Files are saved, opened and deleted through `storages["exports"]` itself, looked up
when used: Export.file's storage is fixed when the model class is loaded, so a setting
changed later (a test's folder) would not reach it.

The rows are read in autocommit, not inside one long transaction: the progress
updates must be seen by the progress page while the file is written. On PostgreSQL
that makes Django's server-side cursor WITH HOLD (the result is computed once, then
fetched in chunks), which is fine in a worker: no proxy sits between it and the
database for long, and the cursor closes with the export.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django_tasks import task

from declarations import clock, notifications
from declarations.choices import ExportFormat, ExportState, SecurityEventKind
from declarations.models import Declaration, Export, Officer, Organisation
from declarations.register import exports, keepers, named
from declarations.register import queries as reg
from declarations.register.filters import date_range_words
from declarations.security_log import record

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5_000  # rows between two progress updates: bounded writes
LIST_LIMIT = 50  # the exports page shows this many, newest first
WHOLE_REGISTER = "register"
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: exports.XLSX_CONTENT_TYPE,
    ExportFormat.PDF: "application/pdf",
}
NO_LONGER_KEPT = "You no longer keep this register, so the export was not made."
FAILED_WORDS = "Something went wrong while the file was being made. Try again, or ask for a CSV."


class ExportRefused(Exception):
    """The person who asked may not have this register any more (or it is gone)."""


# --- which rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One register as its keeper asked for it: the rows and how to name the file."""

    register: str  # WHOLE_REGISTER or a named register's slug
    organisation: Organisation
    listing: reg.Listing
    title: str
    stem: str

    def pdf_context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "date_range": date_range_words(self.listing.filters),
            "filters": self.listing.form,
        }


def listing_for(
    user: User | AnonymousUser | AbstractBaseUser, register: str, params: Mapping[str, Any]
) -> Asked:
    """The listing the register page shows this user for these parameters.

    Raises PermissionDenied for a register they do not keep, named.NoSuchRegister for a
    slug that names none: the views turn those into 403 and 404, the worker into a
    failed export.
    """
    if register == WHOLE_REGISTER:
        organisation, _ = keepers.choose_organisation(user, params.get("organisation"))  # type: ignore[arg-type]
        return Asked(
            register=WHOLE_REGISTER,
            organisation=organisation,
            listing=reg.listing(
                Declaration.objects.in_register(organisation), organisation, params
            ),
            title=f"Register of declarations: {organisation.name}",
            stem=f"register-{organisation.code}",
        )
    shown = named.named_register(user, register)  # type: ignore[arg-type]
    return Asked(
        register=shown.slug,
        organisation=shown.organisation,
        listing=reg.listing(shown.declarations, shown.organisation, params),
        title=f"{shown.title}: {shown.organisation.name}",
        stem=shown.slug,
    )


def stored_query(params: QueryDict) -> dict[str, list[str]]:
    """The query string as lists (what Export.query keeps); the page number is not a filter."""
    return {key: params.getlist(key) for key in params if key != "page"}


def as_params(query: Mapping[str, list[str]]) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in query.items():
        params.setlist(key, [str(value) for value in values])
    return params


# --- asking ----------------------------------------------------------------------------------


def request_export(
    user: User,
    asked: Asked,
    fmt: str,
    query: dict[str, list[str]],
    *,
    request: Any = None,
) -> Export:
    """Record the export, queue its making and log it, all in one transaction.

    The security log has who, which register, the filter, the sort and the format; how
    many rows is the worker's to count (rows_total), not the request's.
    """
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=user,
            organisation=asked.organisation,
            register=asked.register,
            format=fmt,
            query=query,
            title=asked.title,
            filename=exports.filename(asked.stem, fmt),
        )
        record(
            SecurityEventKind.REGISTER_EXPORTED,
            request=request,
            user=user,
            organisation=asked.organisation,
            register=asked.register,
            format=fmt,
            export=str(export.pk),
            filters=asked.listing.filters,
            sort=asked.listing.sort,
        )
        make_export.enqueue(str(export.pk))
    export.refresh_from_db()
    return export


def exports_of(user: User) -> list[Export]:
    """This person's exports, newest first (at most LIST_LIMIT)."""
    return list(Export.objects.filter(requested_by=user).order_by("-requested_at")[:LIST_LIMIT])


def export_of(user: User, export_id: Any) -> Export | None:
    """One of this person's exports; None for anyone else's (the views answer 404)."""
    return Export.objects.filter(pk=export_id, requested_by=user).first()


# --- making ----------------------------------------------------------------------------------


@task()
def make_export(export_id: str) -> str:
    """Make one export's file (the worker runs this). Returns its final state."""
    export = Export.objects.select_related("requested_by", "organisation").get(pk=export_id)
    if export.state != ExportState.QUEUED:
        return str(export.state)  # made already (a task run twice makes one file)
    Export.objects.filter(pk=export.pk).update(state=ExportState.RUNNING, started_at=clock.now())
    try:
        asked = listing_for(export.requested_by, export.register, as_params(export.query))
    except (PermissionDenied, named.NoSuchRegister):
        return _fail(export, NO_LONGER_KEPT)
    try:
        _write(export, asked)
    except Exception:
        logger.exception("Register export %s failed", export.pk)
        return _fail(export, FAILED_WORDS)
    _email_link(export)
    return str(ExportState.DONE)


def _fail(export: Export, message: str) -> str:
    Export.objects.filter(pk=export.pk).update(
        state=ExportState.FAILED, error=message, finished_at=clock.now()
    )
    return str(ExportState.FAILED)


def _progress(export: Export, records: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """Pass the rows through, saving how many are done every PROGRESS_EVERY rows."""
    done = 0
    for done, record_ in enumerate(records, start=1):
        yield record_
        if done % PROGRESS_EVERY == 0:
            Export.objects.filter(pk=export.pk).update(rows_done=done)
    Export.objects.filter(pk=export.pk).update(rows_done=done)


def _write(export: Export, asked: Asked) -> None:
    """Count, write the file to a temporary file, then save it to the exports storage."""
    declarations = asked.listing.declarations
    total = declarations.order_by().count()
    Export.objects.filter(pk=export.pk).update(rows_total=total)
    with tempfile.TemporaryFile() as output, exports.reading_every_row():
        if export.format == ExportFormat.CSV:
            exports.write_csv_cells(_progress(export, exports.csv_rows(declarations)), output)
        elif export.format == ExportFormat.XLSX:
            exports.write_workbook(_progress(export, exports.rows(declarations)), output)
        else:
            exports.write_pdf(
                declarations,
                output,
                context=asked.pdf_context(),
                total=total,
                on_rows=lambda done: Export.objects.filter(pk=export.pk).update(rows_done=done),
            )
        size = output.tell()
        output.seek(0)
        name = storages["exports"].save(f"{clock.now():%Y/%m/%d}/{export.filename}", File(output))
    now = clock.now()
    Export.objects.filter(pk=export.pk).update(
        file=name,
        size_bytes=size,
        state=ExportState.DONE,
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS),
    )


def _email_link(export: Export) -> None:
    """Tell the person who asked that the file is ready (no Officer: no email)."""
    export.refresh_from_db()
    officer = Officer.objects.select_related("user").filter(user=export.requested_by).first()
    if officer is None:
        return
    notifications.send_email(
        "export_ready",
        f"Your register export is ready: {export.filename}",
        [officer],
        {
            "officer": officer,
            "export": export,
            "rows": _rows_words(export.rows_total or 0),
            "link": notifications.absolute_url(reverse("register-export-detail", args=[export.pk])),
        },
    )


def _rows_words(count: int) -> str:
    return f"{count:,} {'row' if count == 1 else 'rows'}"


# --- keeping ---------------------------------------------------------------------------------


def progress(export: Export) -> dict[str, Any]:
    """What the progress page shows: rows done of rows total, and whether to refresh."""
    total = export.rows_total
    waiting = export.state in (ExportState.QUEUED, ExportState.RUNNING)
    return {
        "waiting": waiting,
        "expired": export.file_deleted_at is not None or is_expired(export),
        "done": export.rows_done,
        "total": total,
        "words": f"{export.rows_done:,} of {_rows_words(total)}" if total is not None else "",
        "downloadable": export.state == ExportState.DONE and not is_gone(export),
    }


def is_expired(export: Export, now: datetime.datetime | None = None) -> bool:
    return export.expires_at is not None and export.expires_at <= (now or clock.now())


def is_gone(export: Export) -> bool:
    """The file was deleted, or is past its time (deleted at the next sweep)."""
    return export.file_deleted_at is not None or is_expired(export) or not export.file


def open_file(export: Export) -> Any:
    return storages["exports"].open(export.file.name, "rb")


def content_type(export: Export) -> str:
    return CONTENT_TYPES[ExportFormat(export.format)]


def record_download(request: Any, export: Export) -> None:
    record(
        SecurityEventKind.EXPORT_DOWNLOADED,
        request=request,
        organisation=export.organisation,
        export=str(export.pk),
        register=export.register,
        format=export.format,
        rows=export.rows_total,
    )


@task()
def delete_expired_exports() -> int:
    """Delete the files of exports past their time; returns how many were deleted.

    The rows stay, as the record of what was exported; file_deleted_at says when it went.
    """
    return delete_expired_files()


def delete_expired_files(now: datetime.datetime | None = None) -> int:
    now = now or clock.now()
    storage = storages["exports"]
    deleted = 0
    expired = Export.objects.filter(file_deleted_at__isnull=True, expires_at__lte=now)
    for export in expired.iterator():
        if export.file.name:
            storage.delete(export.file.name)
        Export.objects.filter(pk=export.pk).update(file_deleted_at=now)
        deleted += 1
    return deleted
