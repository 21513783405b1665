"""Files the background worker makes for one person and keeps for a while: register
exports (register.export_jobs) and subject-access copies (privacy.subject_access_jobs).

Each is a row with its `file`, kept until `expires_at` (EXPORT_KEEP_HOURS after it was
made); then the hourly clean-up deletes the file and stamps `file_deleted_at`, and the
row stays as the record that it was made. Files are saved, opened and deleted through
`storages["exports"]` itself, looked up when used: a FileField's storage is fixed when
the model class is loaded, so a setting changed later (a test's folder) would not reach
it.
"""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages

from declarations import clock, scheduling
from declarations.choices import ExportState
from declarations.models import Export, SubjectAccessCopy

Kept = Export | SubjectAccessCopy


def save(output: IO[bytes], filename: str) -> str:
    """Save a finished file under the day's folder; returns the name it was saved as."""
    return str(storages["exports"].save(f"{clock.now():%Y/%m/%d}/{filename}", File(output)))


def discard(name: str) -> None:
    """Delete a file saved for work that did not finish: no row names it, so the expiry
    would never find it."""
    if name:
        storages["exports"].delete(name)


def expiry(now: datetime.datetime) -> datetime.datetime:
    """When a file made `now` is deleted."""
    return now + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)


def is_expired(kept: Kept, now: datetime.datetime | None = None) -> bool:
    return kept.expires_at is not None and kept.expires_at <= (now or clock.now())


def is_gone(kept: Kept) -> bool:
    """The file was deleted, or is past its time (deleted at the next sweep)."""
    return kept.file_deleted_at is not None or is_expired(kept) or not kept.file


def no_worker(kept: Kept) -> bool:
    """Queued with no worker seen lately: its page should say it may never start."""
    return kept.state == ExportState.QUEUED and not scheduling.worker_seen_lately()


def open_file(kept: Kept) -> Any:
    return storages["exports"].open(kept.file.name, "rb")


def delete_expired_files(
    model: type[Export] | type[SubjectAccessCopy], now: datetime.datetime | None = None
) -> int:
    """Delete the files past their time; returns how many. The rows stay, as the record
    of what was made; `file_deleted_at` says when the file went."""
    now = now or clock.now()
    storage = storages["exports"]
    deleted = 0
    expired = model.objects.filter(file_deleted_at__isnull=True, expires_at__lte=now)
    for kept in expired.only("pk", "file").iterator(chunk_size=100):
        if kept.file.name:
            storage.delete(kept.file.name)
        model.objects.filter(pk=kept.pk).update(file_deleted_at=now)
        deleted += 1
    return deleted
