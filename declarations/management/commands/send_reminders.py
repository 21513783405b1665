"""manage.py send_reminders: remind approvers of steps left open, and officers of interests
nearing their deadline (docs/reminders.md).

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
        "Email approvers about steps open for --days or more, and officers whose interest "
        "must be declared within --deadline-days. Sends nothing twice on one day."
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
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = reminders.reminder_after_days()
        today = clock.today()
        due = reminders.steps_due_reminder(today, days)
        near = reminders.deadlines_near(today, options["deadline_days"])
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
        else:
            steps_sent = reminders.send_step_reminders(due, today)
            deadlines_sent = reminders.send_deadline_reminders(near, today)
        step_count = sum(len(reminder.steps) for reminder in steps_sent)
        self.stdout.write(
            f"{'Would send' if options['dry_run'] else 'Sent'} "
            f"{_plural(len(steps_sent), 'step reminder')} ({_plural(step_count, 'step')}) "
            f"and {_plural(len(deadlines_sent), 'deadline reminder')}."
        )
