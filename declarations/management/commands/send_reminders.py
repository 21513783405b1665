"""manage.py send_reminders: remind approvers of steps left open, officers of interests
nearing their deadline, and officers who have still to say what happened to something their
code says must be declined or must not go ahead (docs/reminders.md).

Thin: it reads the options, calls declarations.approvals.reminders.send_all (what the
background worker's daily schedule runs too) or, with --dry-run, lists who is due, and
prints what it did. Safe to run again the same day: nobody gets the same reminder twice.
"Sent" means queued for the background worker, which sends the emails (docs/background-work.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from declarations import clock
from declarations.approvals import reminders


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class Command(BaseCommand):
    help = (
        "Email approvers about steps open for --days or more, officers whose interest "
        "must be declared within --deadline-days, and officers who must say what happened "
        "to a declined gift or stopped activity within --disposition-days (or are past "
        "the day). Sends nothing twice on one day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=_non_negative,
            default=None,
            help="Remind about steps open this many days or more "
            "(default: settings.REMINDER_AFTER_DAYS, else 5).",
        )
        parser.add_argument(
            "--deadline-days",
            type=_non_negative,
            default=reminders.DEFAULT_DEADLINE_DAYS,
            help="Remind officers whose interest deadline is this many days away or fewer "
            "(default 7).",
        )
        parser.add_argument(
            "--disposition-days",
            type=_non_negative,
            default=reminders.DEFAULT_DISPOSITION_DAYS,
            help="Remind officers who must say what happened to it this many days before "
            "the day they must say it by, and every day after (default 2).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        if options["dry_run"]:
            self._dry_run(today, options)
            return
        sent = reminders.send_all(
            today,
            days=options["days"],
            deadline_days=options["deadline_days"],
            disposition_days=options["disposition_days"],
        )
        self._summary("Sent", sent)

    def _dry_run(self, today: datetime.date, options: dict[str, Any]) -> None:
        """List who would be reminded; send and mark nothing."""
        days = options["days"]
        if days is None:
            days = reminders.reminder_after_days()
        due = reminders.steps_due_reminder(today, days)
        near = reminders.deadlines_near(today, options["deadline_days"])
        untold = reminders.dispositions_due(today, options["disposition_days"])
        for step_reminder in due:
            listed = ", ".join(str(step.declaration) for step in step_reminder.steps)
            self.stdout.write(f"  {step_reminder.approver.full_name}: {listed}")
        for deadline_reminder in near:
            declaration = deadline_reminder.declaration
            self.stdout.write(
                f"  {declaration.officer.full_name}: {declaration}, {deadline_reminder.deadline}"
            )
        dispositions = 0
        for disposition_reminder in untold:
            declaration = disposition_reminder.declaration
            self.stdout.write(
                f"  {declaration.officer.full_name}: {declaration}, what happened to it, "
                f"due {disposition_reminder.due_on}"
            )
            dispositions += disposition_reminder.reachable
        would = reminders.Sent(
            steps=[reminder for reminder in due if reminder.reachable],
            deadlines=[reminder for reminder in near if reminder.reachable],
            dispositions=dispositions,
        )
        self._summary("Would send", would)

    def _summary(self, verb: str, sent: reminders.Sent) -> None:
        counts = sent.as_json()
        self.stdout.write(
            f"{verb} {_plural(counts['step_reminders'], 'step reminder')} "
            f"({_plural(counts['steps'], 'step')}), "
            f"{_plural(counts['deadline_reminders'], 'deadline reminder')} "
            f"and {_plural(counts['disposition_reminders'], 'reminder')} to say what happened."
        )
