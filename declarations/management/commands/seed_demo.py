"""`python manage.py seed_demo`: load the demonstration data (demo/data.toml, demo/loader.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from demo import loader

# Where the emails the demo's history would send are written: outside the project, so
# nothing lands in the working tree, and the same folder on every run.
DEFAULT_EMAIL_DIR = Path(tempfile.gettempdir()) / "conduct-register-demo-emails"
IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"


class Command(BaseCommand):
    help = (
        "Create demo employers, staff, roles and declarations in every state. Safe to run "
        "again: it creates nothing that already exists. Every demo account shares one "
        "published password, so this refuses to run with DEBUG off unless forced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a live register).",
        )
        parser.add_argument(
            "--emails-to",
            type=Path,
            default=DEFAULT_EMAIL_DIR,
            metavar="DIR",
            help=f"Where the emails the demo would send are written (default {DEFAULT_EMAIL_DIR}).",
        )

    def handle(
        self,
        *args: Any,
        quiet: bool = False,
        force: bool = False,
        emails_to: Path = DEFAULT_EMAIL_DIR,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password: it runs only with "
                "DEBUG on (or with --force on a throwaway database)."
            )
        # The demo's people are fictional: what the services would email them as the
        # history is loaded goes to files, not to anyone, nor over the logins printed below.
        # The emails are background tasks: here they run at once (no worker needed), so
        # the files are there when this ends and nothing is left queued.
        try:
            emails_to.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write the demo's emails to {emails_to}: {error}") from error
        before = set(emails_to.iterdir())
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(emails_to),
            TASKS={"default": {"BACKEND": IMMEDIATE_BACKEND, "QUEUES": settings.TASK_QUEUES}},
        ):
            report = loader.seed()
        emails = len(set(emails_to.iterdir()) - before)
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"Warning: {problem}"))
        if quiet:
            return
        created = ", ".join(f"{n} {what}" for what, n in report.created.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created or 'nothing new'})."))
        if emails:
            self.stdout.write(
                f"{emails} emails to the demo's people were written to {emails_to}/, not sent."
            )
        self.stdout.write("\nSign in as any of these:\n")
        self.stdout.write(self._table(report.logins))
        self.stdout.write(
            f"\nEvery demo account, {loader.ADMIN_USERNAME!r} included, has the password "
            f"{loader.DEMO_PASSWORD!r}. Other staff sign in as e.g. thu.head, ecc.hr, ep.legal."
        )

    @staticmethod
    def _table(rows: list[tuple[str, str, str, str]]) -> str:
        header = ("Username", "Name", "Organisation", "Role")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in [header, *rows]
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(line.rstrip() for line in lines)
