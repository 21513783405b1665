"""manage.py delete_expired_exports: the exports' hourly clean-up, for cron where no
worker runs the schedule (docs/exports.md). It deletes the files of register exports
kept longer than EXPORT_KEEP_HOURS, and fails the exports whose worker stopped while
making them (no progress for EXPORT_STALLED_MINUTES), so their pages stop waiting.

Thin: it calls declarations.register.export_jobs.tidy_exports (what the worker's hourly
`delete_expired_exports` task runs too) and prints how many of each. Safe to run at any
time: each file is deleted once, each stalled export failed once, and the export's row
stays as the record of what was exported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from declarations.register import export_jobs


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


class Command(BaseCommand):
    help = (
        "Delete the files of register exports whose time is up (EXPORT_KEEP_HOURS) and fail "
        "the exports whose worker stopped (EXPORT_STALLED_MINUTES)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tidied = export_jobs.tidy_exports()
        self.stdout.write(f"Deleted {_count(tidied['deleted'], 'expired export file')}.")
        self.stdout.write(f"Failed {_count(tidied['failed'], 'stalled export')}.")
