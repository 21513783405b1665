"""Remind approvers of steps left open, and officers of interests nearing their deadline.

Run once a day (docs/reminders.md). Safe to run again the same day: a step reminded
today (ApprovalStep.last_reminded_on) or a declaration reminded of its deadline today
(Declaration.deadline_reminder_sent_on) is skipped, so nobody gets the same reminder
twice. Each reminder is also written to the declaration's history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import policies
from declarations import choices as c
from declarations import notifications
from declarations.approvals import routing
from declarations.facts import facts_for
from declarations.models import ApprovalStep, Declaration, Officer
from declarations.workflow import record_event
from policies import FactsError

DEADLINE_EVENT = c.EventAction.DEADLINE_REMINDER_SENT
DEFAULT_REMINDER_AFTER_DAYS = 5
DEFAULT_DEADLINE_DAYS = 7


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


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
            default=DEFAULT_DEADLINE_DAYS,
            help="Remind officers whose interest deadline is this many days away or fewer "
            "(default 7).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = int(getattr(settings, "REMINDER_AFTER_DAYS", DEFAULT_REMINDER_AFTER_DAYS))
        today = timezone.localdate()
        dry_run = options["dry_run"]
        people, steps = self.remind_approvers(today, days, dry_run)
        deadlines = self.remind_deadlines(today, options["deadline_days"], dry_run)
        prefix = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{prefix} {people} step reminder{'s' if people != 1 else ''} "
            f"({steps} step{'s' if steps != 1 else ''}) and {deadlines} deadline "
            f"reminder{'s' if deadlines != 1 else ''}."
        )

    def remind_approvers(self, today: datetime.date, days: int, dry_run: bool) -> tuple[int, int]:
        """One email per approver listing their steps open `days` days or more."""
        cutoff = today - datetime.timedelta(days=days)
        due = (
            ApprovalStep.objects.filter(
                state=c.StepState.PENDING,
                opened_at__isnull=False,
                opened_at__date__lte=cutoff,
                assignee__isnull=False,
                declaration__status__in=routing.AWAITING_STATUSES,
            )
            .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
            .select_related(
                "assignee__user",
                "delegated_from__user",
                "declaration__officer__user",
                "declaration__organisation",
            )
            .order_by("assignee_id", "opened_at", "id")
        )
        by_assignee: dict[int, list[ApprovalStep]] = defaultdict(list)
        assignees: dict[int, Officer] = {}
        for step in due:
            by_assignee[step.assignee_id].append(step)
            assignees[step.assignee_id] = step.assignee
        people = steps = 0
        for assignee_id, waiting in by_assignee.items():
            assignee = assignees[assignee_id]
            if dry_run:
                sent = 1 if assignee.user.email else 0
                self.stdout.write(
                    f"  {assignee.full_name}: {', '.join(str(s.declaration) for s in waiting)}"
                )
            else:
                sent = notifications.send_step_reminder(assignee, waiting, today)
                if sent:
                    ApprovalStep.objects.filter(pk__in=[s.pk for s in waiting]).update(
                        last_reminded_on=today
                    )
            if sent:
                people += 1
                steps += len(waiting)
        return people, steps

    def remind_deadlines(self, today: datetime.date, within: int, dry_run: bool) -> int:
        """Interests with a verdict deadline `within` days away, still draft or unacknowledged
        (once per entry: an amendment in draft is not reminded besides what it amends)."""
        candidates = (
            Declaration.objects.interests()
            .standing_or_new()
            .filter(status__in=[c.Status.DRAFT, c.Status.AWAITING_ACKNOWLEDGEMENT])
            .exclude(deadline_reminder_sent_on=today)
            .select_related("officer__user")
            .order_by("id")
        )
        sent_count = 0
        for declaration in candidates:
            deadline = _deadline(declaration)
            if deadline is None or not (0 <= (deadline - today).days <= within):
                continue
            if dry_run:
                self.stdout.write(f"  {declaration.officer.full_name}: {declaration}, {deadline}")
                sent = 1 if declaration.officer.user.email else 0
            else:
                sent = notifications.send_deadline_reminder(declaration, deadline, today)
                if sent:
                    with transaction.atomic():  # the day and its event, together
                        Declaration.objects.filter(pk=declaration.pk).update(
                            deadline_reminder_sent_on=today
                        )
                        record_event(
                            declaration,
                            DEADLINE_EVENT,
                            actor=None,
                            note=f"Reminded {declaration.officer.full_name} of the deadline, "
                            f"{deadline:%-d %B %Y}.",
                        )
            sent_count += 1 if sent else 0
        return sent_count


def _deadline(declaration: Declaration) -> datetime.date | None:
    """The verdict's deadline; a draft has no stored verdict, so its code is asked now."""
    verdict = declaration.verdict
    if verdict is None and declaration.status == c.Status.DRAFT:
        try:
            verdict = policies.evaluate(facts_for(declaration)).as_json()
        except (FactsError, ValueError):  # details not filled in yet: nothing to go on
            return None
    raw = (verdict or {}).get("deadline")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        return None
