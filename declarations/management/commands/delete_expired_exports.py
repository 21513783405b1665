"""manage.py delete_expired_exports: the exports' hourly clean-up, for cron where no
worker runs the schedule (docs/exports.md). It deletes the files of register exports
and of subject-access copies kept longer than EXPORT_KEEP_HOURS, and fails those whose
worker stopped while making them, so their pages stop waiting.

Thin: it calls declarations.register.export_jobs.tidy_exports and
declarations.privacy.subject_access_jobs.tidy_copies (what the worker's hourly
`delete_expired_exports` and `delete_expired_subject_access_copies` tasks run too) and
prints how many of each. Safe to run at any
time: each file is deleted once, each stalled export failed once, and the export's row
stays as the record of what was exported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from declarations.privacy import subject_access_jobs
from declarations.register import export_jobs


def _count(number: int, thing: str, things: str = "") -> str:
    return f"{number} {thing if number == 1 else things or thing + 's'}"


class Command(BaseCommand):
    help = (
        "Delete the files of register exports and subject-access copies whose time is up "
        "(EXPORT_KEEP_HOURS) and fail those whose worker stopped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tidied = export_jobs.tidy_exports()
        self.stdout.write(f"Deleted {_count(tidied['deleted'], 'expired export file')}.")
        self.stdout.write(f"Failed {_count(tidied['failed'], 'stalled export')}.")
        copies = subject_access_jobs.tidy_copies()
        deleted = _count(copies["deleted"], "expired copy", "expired copies")
        failed = _count(copies["failed"], "stalled copy", "stalled copies")
        self.stdout.write(f"Deleted {deleted} of someone's data (subject access).")
        self.stdout.write(f"Failed {failed} of someone's data (subject access).")
