"""Subject-access copies made in the background, as register exports are
(register/export_jobs.py): asked for on a page, made by the worker on the "exports"
queue, kept for EXPORT_KEEP_HOURS, downloaded only by whoever asked.

Who may ask (`may_ask`): the officer, for themselves ("Your data"), and the monitoring
officer of the officer's own employer (`officer.organisation`, the controller of their
data), today. Nobody else: not the monitoring officer of an organisation they are
seconded to (the copy holds their employer's records: relationships, disclosures,
sessions, addresses), not their line manager, not a director, not a system
administrator who is not that monitoring officer. The worker and the download ask
again, so someone who has since lost the role gets nothing.

`request_copy` refuses a second copy of the same officer for the same person while one
is waiting or being made, else records it and enqueues `make_copy` in one transaction,
and logs SUBJECT_ACCESS_REQUESTED (the officer's id and who asked: no names). The
download logs SUBJECT_ACCESS_DOWNLOADED. Any failure leaves the copy FAILED with a plain
message (the traceback goes to the worker's log) and deletes any file it saved.
`delete_expired_copies` (hourly, like `delete_expired_exports`) deletes files past
their time and fails copies whose worker stopped.

Files are saved, opened, kept and deleted as declarations.kept_files does for every
file the worker makes for one person.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import slugify
from django_tasks import task

from declarations import access, clock, kept_files, notifications
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import Officer, SubjectAccessCopy
from declarations.privacy import subject_access, subject_access_files
from declarations.security_log import record

logger = logging.getLogger(__name__)

LIST_LIMIT = 50  # the pages list this many copies, newest first
WAITING = (ExportState.QUEUED, ExportState.RUNNING)
CONTENT_TYPE = "application/zip"
NOT_ALLOWED = "You may no longer see this officer's data, so the copy was not made."
FAILED = (
    "Something went wrong while the copy was being made. Try again; if it fails again, "
    "tell your system administrator."
)
STALLED = "The worker stopped while making this copy. Ask for it again."
ALREADY_WAITING = (
    "A copy of this officer's data that you asked for is already waiting or being made. "
    "Wait for it to finish: it will be on this page."
)

Person = User | AnonymousUser | AbstractBaseUser


class AlreadyWaiting(Exception):
    """The person asking already has a copy of this officer queued or being made."""


# --- who may -----------------------------------------------------------------------------------


def may_ask(user: Person, officer: Officer) -> bool:
    """Whether `user` may have a copy of `officer`'s data today: the officer themselves,
    or the monitoring officer of their own employer. A host's monitoring officer (the
    officer seconded to it) may not: the copy is the employer's whole record of them."""
    own = access.officer_of(user)  # type: ignore[arg-type]
    if own is not None and own.pk == officer.pk:
        return True
    return officer.organisation_id in access.monitoring_officer_of(user)  # type: ignore[arg-type]


def find_officer(user: Person, staff_number: str) -> Officer | None:
    """The officer with this staff number employed by an organisation whose monitoring
    officer the user is (not those seconded in: see `may_ask`); None if there is none."""
    kept = access.monitoring_officer_of(user)  # type: ignore[arg-type]
    if not kept or not staff_number.strip():
        return None
    return (
        Officer.objects.select_related("user", "organisation", "seconded_to")
        .filter(staff_number=staff_number.strip(), organisation__in=kept)
        .order_by("pk")
        .first()
    )


# --- asking ------------------------------------------------------------------------------------


def filename_for(officer: Officer) -> str:
    staff = slugify(officer.staff_number) or str(officer.pk)
    return f"subject-access-{officer.organisation.code}-{staff}-{clock.today():%Y-%m-%d}.zip"


def request_copy(user: User, officer: Officer, *, request: Any = None) -> SubjectAccessCopy:
    """Record a copy and queue it for the worker, logging SUBJECT_ACCESS_REQUESTED.

    Raises PermissionError for someone who may not have it, AlreadyWaiting when they
    have one of this officer waiting. The requester's row is locked while it checks, so
    two clicks at once cannot make two (PostgreSQL; SQLite writes one at a time anyway).
    """
    if not may_ask(user, officer):
        raise PermissionError("You may not have a copy of this officer's data.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if SubjectAccessCopy.objects.filter(
            requested_by=user, officer=officer, state__in=WAITING
        ).exists():
            raise AlreadyWaiting(ALREADY_WAITING)
        copy = SubjectAccessCopy.objects.create(
            officer=officer, requested_by=user, filename=filename_for(officer)
        )
        record(
            SecurityEventKind.SUBJECT_ACCESS_REQUESTED,
            request=request,
            user=user,
            organisation=officer.organisation,
            officer=officer.pk,
            requested_by=user.pk,
            for_themselves=officer.user_id == user.pk,
            copy=str(copy.pk),
        )
        make_copy.enqueue(str(copy.pk))
    copy.refresh_from_db()
    return copy


def copies_asked_by(user: User, *, officer: Officer | None = None) -> list[SubjectAccessCopy]:
    """The copies this person asked for (of `officer` only, if given), newest first."""
    copies = SubjectAccessCopy.objects.filter(requested_by=user).select_related(
        "officer__user", "officer__organisation"
    )
    if officer is not None:
        copies = copies.filter(officer=officer)
    return list(copies.order_by("-requested_at")[:LIST_LIMIT])


def copy_of(user: User, copy_id: Any) -> SubjectAccessCopy | None:
    """One of this person's copies; None for anyone else's (the views answer 404)."""
    return (
        SubjectAccessCopy.objects.select_related(
            "officer__user", "officer__organisation", "officer__seconded_to"
        )
        .filter(pk=copy_id, requested_by=user)
        .first()
    )


# --- making ------------------------------------------------------------------------------------


def _words_for(copy: SubjectAccessCopy) -> tuple[str, str]:
    """(whom it is for, who asked) as the README and the page say them."""
    officer = copy.officer
    made_for = (
        f"{officer.full_name}, staff number {officer.staff_number}, {officer.organisation.name}"
    )
    if copy.requested_by_id == officer.user_id:
        asked_by = f"{officer.full_name} (the officer)"
    else:
        asker = copy.requested_by
        asked_by = f"{asker.get_full_name() or asker.get_username()} (monitoring officer)"
    return made_for, asked_by


@task(queue_name="exports")
def make_copy(copy_id: str) -> str:
    """Make one copy's ZIP (the worker runs this). Returns its final state."""
    copy = SubjectAccessCopy.objects.select_related(
        "officer__user", "officer__organisation", "requested_by"
    ).get(pk=copy_id)
    if copy.state != ExportState.QUEUED:
        return str(copy.state)  # made already (a task run twice makes one file)
    SubjectAccessCopy.objects.filter(pk=copy.pk).update(
        state=ExportState.RUNNING, started_at=clock.now()
    )
    if not may_ask(copy.requested_by, copy.officer):
        record(
            SecurityEventKind.ACCESS_DENIED,
            user=copy.requested_by,
            organisation=copy.officer.organisation,
            copy=str(copy.pk),
            officer=copy.officer_id,
            reason="may no longer have this officer's data",
        )
        return _fail(copy, NOT_ALLOWED)
    name = ""
    try:
        name, size = _write(copy)
        finished = _finish(copy, name, size)
    except Exception:
        logger.exception("Subject access copy %s failed", copy.pk)
        kept_files.discard(name)
        return _fail(copy, FAILED)
    except BaseException:
        logger.error("Subject access copy %s stopped: its worker is stopping", copy.pk)
        kept_files.discard(name)
        _fail(copy, STALLED)
        raise
    if not finished:  # the clean-up took it for stalled and failed it meanwhile
        kept_files.discard(name)
        return str(ExportState.FAILED)
    _email_link(copy)
    return str(ExportState.DONE)


def _write(copy: SubjectAccessCopy) -> tuple[str, int]:
    """Collect, write the ZIP to a temporary file, save it to the exports storage."""
    data = subject_access.collect(copy.officer)
    made_for, asked_by = _words_for(copy)
    with tempfile.TemporaryFile() as output:
        subject_access_files.write_zip(data, output, made_for=made_for, asked_by=asked_by)
        size = output.tell()
        output.seek(0)
        name = kept_files.save(output, copy.filename)
    return name, size


def _finish(copy: SubjectAccessCopy, name: str, size: int) -> bool:
    now = clock.now()
    return bool(
        SubjectAccessCopy.objects.filter(pk=copy.pk, state=ExportState.RUNNING).update(
            file=name,
            size_bytes=size,
            state=ExportState.DONE,
            finished_at=now,
            expires_at=kept_files.expiry(now),
        )
    )


def _fail(copy: SubjectAccessCopy, message: str) -> str:
    SubjectAccessCopy.objects.filter(pk=copy.pk, state__in=WAITING).update(
        state=ExportState.FAILED, error=message, finished_at=clock.now()
    )
    return str(ExportState.FAILED)


def _email_link(copy: SubjectAccessCopy) -> None:
    """Tell the person who asked that the copy is ready (no staff record: no email)."""
    copy.refresh_from_db()
    requester = Officer.objects.select_related("user").filter(user=copy.requested_by_id).first()
    if requester is None:
        return
    notifications.send_email(
        "subject_access_ready",
        "The copy of personal data you asked for is ready",
        [requester],
        {
            "officer": requester,
            "copy": copy,
            "for_themselves": requester.pk == copy.officer_id,
            "size": filesizeformat(copy.size_bytes or 0),
            "link": notifications.absolute_url(reverse("privacy-copy", args=[copy.pk])),
        },
    )


# --- keeping -----------------------------------------------------------------------------------


def progress(copy: SubjectAccessCopy) -> dict[str, Any]:
    """What the pages show: whether to keep refreshing, gone, downloadable, and the one
    heading the page's title and H1 both say."""
    waiting = copy.state in WAITING
    expired = copy.file_deleted_at is not None or kept_files.is_expired(copy)
    return {
        "waiting": waiting,
        "expired": expired,
        "downloadable": copy.state == ExportState.DONE and not kept_files.is_gone(copy),
        "heading": _heading(copy, waiting=waiting, expired=expired),
    }


def _heading(copy: SubjectAccessCopy, *, waiting: bool, expired: bool) -> str:
    if waiting:
        return (
            "Your copy is queued" if copy.state == ExportState.QUEUED else "Your copy is being made"
        )
    if copy.state == ExportState.FAILED:
        return "Your copy could not be made"
    return "Your copy has expired" if expired else "Your copy is ready"


def record_download(request: Any, copy: SubjectAccessCopy) -> None:
    record(
        SecurityEventKind.SUBJECT_ACCESS_DOWNLOADED,
        request=request,
        organisation=copy.officer.organisation,
        officer=copy.officer_id,
        requested_by=copy.requested_by_id,
        copy=str(copy.pk),
    )


# --- tidying -----------------------------------------------------------------------------------


@task()
def delete_expired_copies() -> dict[str, int]:
    """The hourly clean-up (a job in conduct_register/schedule.py names it by this
    path): delete the files past their time and fail the copies whose worker stopped."""
    return tidy_copies()


def tidy_copies(now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or clock.now()
    return {
        "deleted": kept_files.delete_expired_files(SubjectAccessCopy, now),
        "failed": fail_stalled_copies(now),
    }


def fail_stalled_copies(now: datetime.datetime | None = None) -> int:
    """Fail copies being made for longer than EXPORT_STALLED_MINUTES (one officer's data
    takes seconds: their worker was killed), so their page stops waiting."""
    cutoff = (now or clock.now()) - datetime.timedelta(minutes=settings.EXPORT_STALLED_MINUTES)
    return SubjectAccessCopy.objects.filter(
        state=ExportState.RUNNING, started_at__lt=cutoff
    ).update(state=ExportState.FAILED, error=STALLED, finished_at=clock.now())
