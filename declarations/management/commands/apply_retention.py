"""`manage.py apply_retention`: the retention schedule (declarations/privacy/retention.py).

By default a dry run: it lists each entry past its organisation's retention period and
changes nothing. With --commit it deletes them, each leaving its tombstone, as the
background worker's daily schedule does (docs/background-work.md). --today asks what
would go on another day (an auditor's "what if"): a dry run only, so --commit with a
--today other than today is refused (a later day would delete entries not yet due).
--organisation looks at one organisation's entries only. An entry that could not be
deleted is kept whole and counted; the run goes on, and ends with exit status 1.
"""

from __future__ import annotations

import datetime
import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from declarations import clock, labels
from declarations.models import Organisation
from declarations.privacy.retention import RetentionReport, apply_retention

BAD_INPUT = 2
FAILED = 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


class Command(BaseCommand):
    help = (
        "List the entries past their organisation's retention period (a dry run: nothing "
        "changes), or with --commit delete them, each leaving a tombstone with its "
        "reference, type and dates. --today is for a dry run only: with --commit it "
        "is refused unless it is today. If any entry could not be deleted, the others "
        "still are and the command ends with exit status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Delete the entries listed (without it, nothing is deleted).",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="List what the schedule would delete as on this day instead of today "
            "(e.g. what would go on a later day). A dry run only: refused with --commit "
            "unless it is today's date.",
        )
        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="Only this organisation's entries (its code, e.g. thurrock).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options.get("today"))
        commit = bool(options.get("commit"))
        if commit and today != clock.today():
            raise CommandError(
                f"--today {today} with --commit: entries are deleted only as on today "
                f"({clock.today()}); another day is a what-if, so run it without --commit. "
                "Nothing was deleted.",
                returncode=BAD_INPUT,
            )
        organisation = _organisation(options.get("organisation"))
        report = apply_retention(
            today,
            commit=commit,
            actor_name=f"manage.py apply_retention ({_who()})",
            organisation=organisation,
        )
        self._list(report)
        self._summary(report)
        if report.failed:
            raise CommandError(
                f"{_entries(len(report.failed))} could not be deleted and "
                f"{'was' if len(report.failed) == 1 else 'were'} kept whole (the log says "
                "why); the others were deleted.",
                returncode=FAILED,
            )

    def _list(self, report: RetentionReport) -> None:
        for entry in report.entries:
            what = entry.reference or "A draft with no reference"
            versions = f", {_plural(entry.versions, 'version')}" if entry.versions > 1 else ""
            gone = (
                "kept: it changed since it was found"
                if entry in report.skipped
                else "kept: it could not be deleted (see the log)"
                if entry in report.failed
                else ""
            )
            self.stdout.write(
                f"  {what} ({entry.organisation_code}, "
                f"{labels.declaration_type(entry.type).lower()}{versions}): "
                f"{entry.started_by} on {entry.retention_from}, kept {entry.years} years "
                f"to {entry.expired_on}{'; ' + gone if gone else ''}"
            )

    def _summary(self, report: RetentionReport) -> None:
        found = len(report.entries)
        if report.committed:
            self.stdout.write(
                f"Deleted {_entries(report.deleted)} "
                f"({_plural(report.versions_deleted, 'version')}, "
                f"{_plural(report.events_deleted, 'history event')}) under the retention "
                f"schedule as on {report.today}; each left a tombstone."
            )
            if report.skipped:
                self.stdout.write(
                    f"{len(report.skipped)} changed while this ran and were kept; the next "
                    "run looks again."
                )
            return
        self.stdout.write(
            f"Dry run: {_entries(found)} past the retention period as on {report.today} "
            "would be deleted. Nothing was deleted: run again with --commit to delete them."
        )


def _day(given: str | None) -> datetime.date:
    if not given:
        return clock.today()
    try:
        return datetime.date.fromisoformat(given)
    except ValueError:
        raise CommandError(
            f"--today must be a date written YYYY-MM-DD, e.g. 2032-04-01: {given!r} is not.",
            returncode=BAD_INPUT,
        ) from None


def _organisation(code: str | None) -> Organisation | None:
    if code is None:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        known = ", ".join(Organisation.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(
            f"--organisation: no organisation with the code {code!r}"
            f"{f' (the codes are: {known})' if known else ''}.",
            returncode=BAD_INPUT,
        )
    return found


def _who() -> str:
    """Who ran the command, as the machine knows them, for the security log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"
