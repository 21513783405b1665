"""manage.py send_reminders: remind approvers of steps left open, officers of interests
nearing their deadline, and officers who have still to say what happened to something their
code says must be declined or must not go ahead (docs/reminders.md).

Thin: it reads the options, asks declarations.approvals.reminders who is due, sends (or,
with --dry-run, lists) and prints what it did. Safe to run again the same day: nobody
gets the same reminder twice.
"""

from __future__ import annotations

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
        days = options["days"]
        if days is None:
            days = reminders.reminder_after_days()
        today = clock.today()
        due = reminders.steps_due_reminder(today, days)
        near = reminders.deadlines_near(today, options["deadline_days"])
        untold = reminders.dispositions_due(today, options["disposition_days"])
        if options["dry_run"]:
            for step_reminder in due:
                listed = ", ".join(str(step.declaration) for step in step_reminder.steps)
                self.stdout.write(f"  {step_reminder.approver.full_name}: {listed}")
            for deadline_reminder in near:
                declaration = deadline_reminder.declaration
                self.stdout.write(
                    f"  {declaration.officer.full_name}: {declaration}, "
                    f"{deadline_reminder.deadline}"
                )
            steps_sent = [reminder for reminder in due if reminder.reachable]
            deadlines_sent = [reminder for reminder in near if reminder.reachable]
            dispositions_sent = 0
            for disposition_reminder in untold:
                declaration = disposition_reminder.declaration
                self.stdout.write(
                    f"  {declaration.officer.full_name}: {declaration}, what happened to it, "
                    f"due {disposition_reminder.due_on}"
                )
                dispositions_sent += disposition_reminder.reachable
        else:
            steps_sent = reminders.send_step_reminders(due, today)
            deadlines_sent = reminders.send_deadline_reminders(near, today)
            dispositions_sent = reminders.send_disposition_reminders(untold, today)
        step_count = sum(len(reminder.steps) for reminder in steps_sent)
        self.stdout.write(
            f"{'Would send' if options['dry_run'] else 'Sent'} "
            f"{_plural(len(steps_sent), 'step reminder')} ({_plural(step_count, 'step')}), "
            f"{_plural(len(deadlines_sent), 'deadline reminder')} "
            f"and {_plural(dispositions_sent, 'reminder')} to say what happened."
        )
