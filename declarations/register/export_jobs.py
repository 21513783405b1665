"""Register exports made in the background: asked for on a page, made by the worker
(`manage.py db_worker`, on the "exports" queue), kept for EXPORT_KEEP_HOURS, downloaded
only by whoever asked.

`request_export` refuses someone who already has EXPORTS_AT_ONCE exports queued or being
made, else records the export and enqueues `make_export` in one transaction, and logs
REGISTER_EXPORTED (no COUNT in the request: the worker counts). `make_export` rebuilds
the listing from the stored query for the person who asked, exactly as the register page
does (`listing_of`), so someone who no longer keeps the register gets nothing (and the
refusal is a security event); it counts the rows once, writes the file (exports.py) to
the "exports" storage, reporting progress (`progressed_at`) every PROGRESS_EVERY rows,
and emails a link. Any failure leaves the export FAILED with a plain message (the
traceback goes to the worker's log, never to the page), deletes any file it saved, and
emails the person who asked. A worker killed outright (SIGKILL, out of memory) cannot
do that: the hourly `delete_expired_exports` task (`tidy_exports`) fails an export that
has shown no progress for EXPORT_STALLED_MINUTES, as well as deleting the files past
their time.

Sensitive entries (relationships and disclosures, SENSITIVE_TYPES) are left out of
every export unless the monitoring officer ticks INCLUDE_SENSITIVE on the export form
(the whole register only: a named register's exports never hold them). The choice is kept in
the export's stored query, so the worker and the download ask again whether the person
may still include them; the file's name and title say so, and the security log's
REGISTER_EXPORTED says `sensitive_entries: included`.

Files are saved, opened, kept and deleted as declarations.kept_files does for every
file the worker makes for one person.

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
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django_tasks import task

from declarations import access, clock, kept_files, labels, notifications
from declarations.choices import ExportFormat, ExportState, SecurityEventKind
from declarations.models import Export, Officer, Organisation
from declarations.register import exports, keepers, named
from declarations.register import queries as reg
from declarations.register.filters import date_range_words
from declarations.security_log import record
from policies.vocabulary import SENSITIVE_TYPES, DeclarationType

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5_000  # rows between two progress updates: bounded writes
LIST_LIMIT = 50  # the exports page shows this many, newest first
EXPORTS_AT_ONCE = 3  # queued or being made, per person: one keeper cannot fill the queue
WHOLE_REGISTER = "register"
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: exports.XLSX_CONTENT_TYPE,
    ExportFormat.PDF: "application/pdf",
}
NO_LONGER_KEPT = "You no longer keep this register, so the export was not made."
FAILED_WORDS = "Something went wrong while the file was being made. Try again"
STALLED = "The worker stopped while making this file. Ask for it again."
WAITING = (ExportState.QUEUED, ExportState.RUNNING)
# The export form's checkbox (POST) and its key in Export.query: "yes" includes the
# sensitive entries; anything else, or nothing, leaves them out.
INCLUDE_SENSITIVE = "include_sensitive"
INCLUDED = "yes"
SENSITIVE_TITLE = " (includes sensitive entries)"
SENSITIVE_STEM = "-with-sensitive-entries"
SENSITIVE_REFUSED = (
    "Only the monitoring officer can include sensitive entries in an export of their "
    "organisation's whole register."
)


def sensitive_words() -> str:
    """The sensitive types in words, in the vocabulary's order, for the checkbox's label
    and the register's notes: "relationships and disclosures"."""
    return labels.in_words(
        [
            f"{labels.declaration_type(kind).lower()}s"
            for kind in DeclarationType
            if kind in SENSITIVE_TYPES
        ]
    )


def asks_for_sensitive(data: Mapping[str, Any]) -> bool:
    """Whether the export form's checkbox was ticked (the POST's INCLUDE_SENSITIVE)."""
    return data.get(INCLUDE_SENSITIVE) == INCLUDED


def offers_sensitive(
    user: User | AnonymousUser | AbstractBaseUser, register: str, org: Organisation
) -> bool:
    """Whether to offer the checkbox: on the whole register, to its monitoring officer."""
    return register == WHOLE_REGISTER and access.sees_sensitive_entries_of(user, org)  # type: ignore[arg-type]


def failed_words(fmt: str) -> str:
    """What to say when making the file went wrong: a CSV is the simplest file to make,
    so offer it instead of an XLSX or a PDF; a failed CSV can only be tried again."""
    if fmt == ExportFormat.CSV:
        return f"{FAILED_WORDS}; if it fails again, tell your system administrator."
    return f"{FAILED_WORDS}, or ask for a CSV file instead: it is the simplest to make."


class TooManyExports(Exception):
    """The person asking already has EXPORTS_AT_ONCE exports queued or being made."""


# --- which rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One register as its keeper asked for it: the rows and how to name the file."""

    register: str  # WHOLE_REGISTER or a named register's slug
    organisation: Organisation
    listing: reg.Listing
    title: str
    stem: str
    sensitive: bool = False  # the sensitive entries are included (asked for explicitly)

    def pdf_context(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "date_range": date_range_words(self.listing.filters),
            "filters": self.listing.form,
        }


def listing_for(
    user: User | AnonymousUser | AbstractBaseUser,
    register: str,
    params: Mapping[str, Any],
    *,
    include_sensitive: bool = False,
) -> Asked:
    """The listing the register page shows this user for these parameters, without the
    sensitive entries unless `include_sensitive` (asked for explicitly).

    Raises PermissionDenied for a register they do not keep, or for sensitive entries
    asked for by anyone but the monitoring officer of that whole register (`offers_sensitive`),
    named.NoSuchRegister for a slug that names none: the views turn those into 403 and
    404, the worker into a failed export.
    """
    if register == WHOLE_REGISTER:
        organisation, _ = keepers.choose_organisation(user, params.get("organisation"))  # type: ignore[arg-type]
        if include_sensitive and not offers_sensitive(user, register, organisation):
            raise PermissionDenied(SENSITIVE_REFUSED)
        entries = reg.whole_register(user, organisation, sensitive=include_sensitive)
        suffix = (SENSITIVE_TITLE, SENSITIVE_STEM) if include_sensitive else ("", "")
        return Asked(
            register=WHOLE_REGISTER,
            organisation=organisation,
            listing=reg.listing(entries, organisation, params),
            title=f"Register of declarations: {organisation.name}{suffix[0]}",
            stem=f"register-{organisation.code}{suffix[1]}",
            sensitive=include_sensitive,
        )
    if include_sensitive:
        raise PermissionDenied(SENSITIVE_REFUSED)
    shown = named.named_register(user, register)  # type: ignore[arg-type]
    return Asked(
        register=shown.slug,
        organisation=shown.organisation,
        listing=reg.listing(shown.declarations, shown.organisation, params),
        title=f"{shown.title}: {shown.organisation.name}",
        stem=shown.slug,
    )


def stored_query(params: QueryDict, *, include_sensitive: bool = False) -> dict[str, list[str]]:
    """The query string as lists (what Export.query keeps); the page number is not a
    filter. INCLUDE_SENSITIVE is kept only as asked for on the form (`include_sensitive`),
    never from a query string: a link cannot ask for the sensitive entries."""
    query = {key: params.getlist(key) for key in params if key not in ("page", INCLUDE_SENSITIVE)}
    if include_sensitive:
        query[INCLUDE_SENSITIVE] = [INCLUDED]
    return query


def _includes_sensitive(query: Mapping[str, list[str]]) -> bool:
    return list(query.get(INCLUDE_SENSITIVE) or []) == [INCLUDED]


def _filters_only(query: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return {key: values for key, values in query.items() if key != INCLUDE_SENSITIVE}


def as_params(query: Mapping[str, list[str]]) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in query.items():
        params.setlist(key, [str(value) for value in values])
    return params


def listing_of(export: Export, user: User | AbstractBaseUser | None = None) -> Asked:
    """The export's listing as the person who asked may see it now (`user`: them, when
    the caller has them already).

    The organisation is the export's own, not whichever register they keep first: a
    keeper who has since moved to another organisation's register does not get that
    one instead. Raises PermissionDenied or named.NoSuchRegister, as listing_for does.
    """
    params = as_params(_filters_only(export.query))
    if export.register == WHOLE_REGISTER:
        params.setlist("organisation", [export.organisation.code])
    asked = listing_for(
        user or export.requested_by,
        export.register,
        params,
        include_sensitive=_includes_sensitive(export.query),
    )
    if asked.organisation.pk != export.organisation_id:
        raise PermissionDenied(NO_LONGER_KEPT)
    return asked


def still_keeps(user: User | AbstractBaseUser, export: Export) -> bool:
    """Whether `user` keeps the register the export is of, today (the file's download
    asks again: a keeper who has left the role gets nothing, even a file made before)."""
    try:
        listing_of(export, user)
    except (PermissionDenied, named.NoSuchRegister):
        return False
    return True


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

    Raises TooManyExports, with nothing recorded, for someone who already has
    EXPORTS_AT_ONCE exports queued or being made. Their user row is locked while it
    counts, so two requests at once cannot both slip under the limit (PostgreSQL; SQLite
    writes one transaction at a time anyway). The security log has who, which register,
    the filter, the sort and the format, and `sensitive_entries: included` when they
    are (never which ones); how many rows is the worker's to count (rows_total), not the
    request's.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if waiting_count(user) >= EXPORTS_AT_ONCE:
            raise TooManyExports
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
            **({"sensitive_entries": "included"} if asked.sensitive else {}),
        )
        make_export.enqueue(str(export.pk))
    export.refresh_from_db()
    return export


def waiting_count(user: User) -> int:
    """How many of this person's exports are queued or being made, counted no further
    than EXPORTS_AT_ONCE (their rows only: export_requested_by_idx)."""
    waiting = Export.objects.filter(requested_by=user, state__in=WAITING)
    return len(waiting.values_list("pk", flat=True)[:EXPORTS_AT_ONCE])


def exports_of(user: User) -> list[Export]:
    """This person's exports, newest first (at most LIST_LIMIT)."""
    return list(Export.objects.filter(requested_by=user).order_by("-requested_at")[:LIST_LIMIT])


def export_of(user: User, export_id: Any) -> Export | None:
    """One of this person's exports; None for anyone else's (the views answer 404)."""
    return (
        Export.objects.select_related("organisation")
        .filter(pk=export_id, requested_by=user)
        .first()
    )


def again_urls(export: Export) -> dict[str, str]:
    """Where to ask for the same export again (`make`, a POST) and the register it came
    from (`register`), both with the export's filter; none when they no longer keep it
    (the button would only lead to a refusal). `include_sensitive` when the export
    included the sensitive entries: making it again asks for them again, by the form
    (a hidden field), never by the link."""
    if export.error == NO_LONGER_KEPT:
        return {}
    query = _filters_only(export.query)
    if export.register == WHOLE_REGISTER:
        query["organisation"] = [export.organisation.code]
        make = reverse(f"register-export-{export.format}")
        register = reverse("register")
    else:
        make = reverse(f"named-register-export-{export.format}", args=[export.register])
        register = reverse("named-register", args=[export.register])
    query_string = urlencode(sorted(query.items()), doseq=True)  # PostgreSQL's JSON: any order
    urls = {"make": f"{make}?{query_string}", "register": f"{register}?{query_string}"}
    if _includes_sensitive(export.query):
        urls[INCLUDE_SENSITIVE] = INCLUDED
    return urls


# --- making ----------------------------------------------------------------------------------


@task(queue_name="exports")
def make_export(export_id: str) -> str:
    """Make one export's file (the worker runs this). Returns its final state.

    Whatever stops it, the export is left FAILED and any file it saved deleted: an
    ordinary error is logged and ends here; anything else (SystemExit when the worker
    is stopped a second time, KeyboardInterrupt) is raised on once that is done.
    """
    export = Export.objects.select_related("requested_by", "organisation").get(pk=export_id)
    if export.state != ExportState.QUEUED:
        return str(export.state)  # made already (a task run twice makes one file)
    now = clock.now()
    Export.objects.filter(pk=export.pk).update(
        state=ExportState.RUNNING, started_at=now, progressed_at=now
    )
    try:
        asked = listing_of(export)
    except (PermissionDenied, named.NoSuchRegister):
        record(
            SecurityEventKind.ACCESS_DENIED,
            user=export.requested_by,
            organisation=export.organisation,
            export=str(export.pk),
            register=export.register,
            reason="no longer keeps this register",
        )
        return _fail(export, NO_LONGER_KEPT)
    saved = Saved()
    try:
        _write(export, asked, saved)
        finished = _finish(export, saved)
    except Exception:
        logger.exception("Register export %s failed", export.pk)
        kept_files.discard(saved.name)
        return _fail(export, failed_words(export.format))
    except BaseException:
        logger.error("Register export %s stopped: its worker is stopping", export.pk)
        kept_files.discard(saved.name)
        _fail(export, STALLED)
        raise
    if not finished:  # the clean-up took it for stalled and failed it meanwhile
        kept_files.discard(saved.name)
        return str(ExportState.FAILED)
    _email_link(export)
    return str(ExportState.DONE)


@dataclass
class Saved:
    """The file saved to the exports storage (its name), and the rows written to it."""

    name: str = ""
    size: int = 0
    rows: int = 0


def _fail(export: Export, message: str) -> str:
    """Mark it failed (unless it has finished meanwhile) and tell the person who asked."""
    failed = Export.objects.filter(pk=export.pk, state__in=WAITING).update(
        state=ExportState.FAILED, error=message, finished_at=clock.now()
    )
    if failed:
        _email_failure(export, message)
    return str(ExportState.FAILED)


class _Progress:
    """Saves how many rows are done, with the time (`progressed_at`: a sign of life)."""

    def __init__(self, export: Export, saved: Saved) -> None:
        self.export, self.saved = export, saved

    def __call__(self, done: int) -> None:
        self.saved.rows = done
        Export.objects.filter(pk=self.export.pk).update(rows_done=done, progressed_at=clock.now())

    def rows(self, records: Iterator[list[Any]]) -> Iterator[list[Any]]:
        """Pass the rows through, saving how many are done every PROGRESS_EVERY rows."""
        done = 0
        for done, record_ in enumerate(records, start=1):
            yield record_
            if done % PROGRESS_EVERY == 0:
                self(done)
        self(done)


def _write(export: Export, asked: Asked, saved: Saved) -> None:
    """Count, write the file to a temporary file, then save it to the exports storage."""
    declarations = asked.listing.declarations
    total = declarations.order_by().count()
    Export.objects.filter(pk=export.pk).update(rows_total=total, progressed_at=clock.now())
    progress = _Progress(export, saved)
    with tempfile.TemporaryFile() as output, exports.reading_every_row():
        if export.format == ExportFormat.CSV:
            exports.write_csv_cells(progress.rows(exports.csv_rows(declarations)), output)
        elif export.format == ExportFormat.XLSX:
            exports.write_workbook(progress.rows(exports.rows(declarations)), output)
        else:
            exports.write_pdf(
                declarations, output, context=asked.pdf_context(), total=total, on_rows=progress
            )
        saved.size = output.tell()
        output.seek(0)
        saved.name = kept_files.save(output, export.filename)


def _finish(export: Export, saved: Saved) -> bool:
    """Mark it done with its file. The row count is the rows written, not the COUNT made
    before (a separate snapshot: entries may have come or gone in between). False when
    it is no longer being made (the clean-up failed it as stalled)."""
    now = clock.now()
    return bool(
        Export.objects.filter(pk=export.pk, state=ExportState.RUNNING).update(
            file=saved.name,
            size_bytes=saved.size,
            rows_done=saved.rows,
            rows_total=saved.rows,
            state=ExportState.DONE,
            progressed_at=now,
            finished_at=now,
            expires_at=kept_files.expiry(now),
        )
    )


def _officer_of(export: Export) -> Officer | None:
    """Whom to email about an export: the person who asked, if they have a staff record."""
    return Officer.objects.select_related("user").filter(user=export.requested_by_id).first()


def _page_link(export: Export) -> str:
    return notifications.absolute_url(reverse("register-export-detail", args=[export.pk]))


def _email_link(export: Export) -> None:
    """Tell the person who asked that the file is ready (no Officer: no email)."""
    export.refresh_from_db()
    officer = _officer_of(export)
    if officer is None:
        return
    notifications.send_email(
        "export_ready",
        f"Your register export is ready: {export.filename}",
        [officer],
        {
            "officer": officer,
            "export": export,
            "rows": size_words(export),
            "link": _page_link(export),
        },
    )


def _email_failure(export: Export, message: str) -> None:
    """Tell the person who asked that the file could not be made, and why (no Officer:
    no email). They may have left the progress page, trusting the email to come."""
    officer = _officer_of(export)
    if officer is None:
        return
    notifications.send_email(
        "export_failed",
        f"Your register export could not be made: {export.filename}",
        [officer],
        {"officer": officer, "export": export, "reason": message, "link": _page_link(export)},
    )


def rows_words(count: int) -> str:
    return labels.how_many(count, "row")


def size_words(export: Export) -> str:
    """ "1,234 rows, 56.7 KB": what a made file holds, as the page and the email say it."""
    return f"{rows_words(export.rows_total or 0)}, {filesizeformat(export.size_bytes or 0)}"


# --- keeping ---------------------------------------------------------------------------------


def progress(export: Export) -> dict[str, Any]:
    """What the progress page shows: rows done of rows total while it is made, how many
    rows once it is; whether to refresh."""
    total = export.rows_total
    waiting = export.state in WAITING
    if export.state == ExportState.DONE:
        words = rows_words(export.rows_total or 0)
    elif total is not None:
        words = f"{export.rows_done:,} of {rows_words(total)}"
    else:
        words = ""
    return {
        "waiting": waiting,
        "expired": export.file_deleted_at is not None or kept_files.is_expired(export),
        "done": export.rows_done,
        "total": total,
        "words": words,
        "downloadable": export.state == ExportState.DONE and not kept_files.is_gone(export),
    }


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


# --- tidying ---------------------------------------------------------------------------------


@task()
def delete_expired_exports() -> dict[str, int]:
    """The hourly clean-up (conduct_register/schedule.py names it by this path): delete
    the files past their time and fail the exports whose worker stopped. Returns how
    many of each."""
    return tidy_exports()


def tidy_exports(now: datetime.datetime | None = None) -> dict[str, int]:
    """What `delete_expired_exports` (the task and the command) does."""
    now = now or clock.now()
    return {
        "deleted": kept_files.delete_expired_files(Export, now),
        "failed": fail_stalled_exports(now),
    }


def fail_stalled_exports(now: datetime.datetime | None = None) -> int:
    """Fail the exports being made that have shown no progress for EXPORT_STALLED_MINUTES
    (their worker was killed: SIGKILL, out of memory, the machine gone), so that their
    page stops waiting and the person who asked is told. Returns how many.

    Each is failed only if it is still stalled at that moment: an export that moved on
    meanwhile is left alone, and one this fails that later finishes after all is not
    marked done (make_export's `_finish`)."""
    cutoff = (now or clock.now()) - datetime.timedelta(minutes=settings.EXPORT_STALLED_MINUTES)
    stalled = Q(state=ExportState.RUNNING) & (
        Q(progressed_at__lt=cutoff) | Q(progressed_at__isnull=True, started_at__lt=cutoff)
    )
    failed = 0
    for export in Export.objects.filter(stalled).select_related("organisation"):
        logger.warning("Register export %s stalled: its worker stopped", export.pk)
        if Export.objects.filter(stalled, pk=export.pk).update(
            state=ExportState.FAILED, error=STALLED, finished_at=clock.now()
        ):
            _email_failure(export, STALLED)
            failed += 1
    return failed
