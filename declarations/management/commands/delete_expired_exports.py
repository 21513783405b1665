"""manage.py delete_expired_exports: delete the files of register exports kept longer
than EXPORT_KEEP_HOURS (docs/exports.md), for cron where no worker runs the schedule.

Thin: it calls declarations.register.export_jobs.delete_expired_files (what the
worker's hourly `delete_expired_exports` task runs too) and prints how many it deleted.
Safe to run at any time: each file is deleted once, and the export's row stays as the
record of what was exported.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from declarations.register import export_jobs


class Command(BaseCommand):
    help = "Delete the files of register exports whose time is up (EXPORT_KEEP_HOURS)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = export_jobs.delete_expired_files()
        self.stdout.write(f"Deleted {deleted} expired export file{'s' if deleted != 1 else ''}.")
