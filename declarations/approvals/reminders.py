"""Reminders: approvers of steps left open, officers of interests nearing their deadline,
and officers who have not said what happened to something their code said to decline.

The register emails people as things happen; these notice that nothing has. They are
run once a day by the background worker's schedule (conduct_register/schedule.py, the
task in declarations/approvals/reminder_tasks.py) or by `manage.py send_reminders`
(docs/reminders.md); both call `send_all`. Finding who is due (`steps_due_reminder`,
`deadlines_near`, `dispositions_due`) is apart from sending (`send_step_reminders`,
`send_deadline_reminders`, `send_disposition_reminders`), so a dry run finds the same
people and sends nothing.

Never twice a day: a step reminded today (ApprovalStep.last_reminded_on), a declaration
reminded of its deadline today (Declaration.deadline_reminder_sent_on) or of what
happened to it (Declaration.disposition_reminder_sent_on) is not due again until
tomorrow, and sending records the day. "Sending" is queueing the email for the worker
(declarations/notifications.py): the queued email and the day recorded are written in
one transaction, so one is never kept without the other. Each reminder to an officer is
also written to the declaration's history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

import policies
from declarations import choices as c
from declarations import labels, notifications
from declarations.approvals import routing
from declarations.approvals.disposition import OPEN_STATUSES
from declarations.facts import facts_for
from declarations.models import ApprovalStep, Declaration, Officer
from declarations.workflow import record_event
from policies import FactsError

DEFAULT_REMINDER_AFTER_DAYS = 5
DEFAULT_DEADLINE_DAYS = 7
# Officers are reminded to say what happened to it from this many days before its day.
DEFAULT_DISPOSITION_DAYS = 2
# Declarations read at a time while finding those due, so memory stays flat.
CHUNK = 500


def reminder_after_days() -> int:
    """Days a step is open before its approver is reminded (settings.REMINDER_AFTER_DAYS,
    default 5)."""
    return int(getattr(settings, "REMINDER_AFTER_DAYS", DEFAULT_REMINDER_AFTER_DAYS))


# --- approvers ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepReminder:
    """One approver and every step they have had open too long: one email."""

    approver: Officer
    steps: list[ApprovalStep]

    @property
    def reachable(self) -> bool:
        """Whether there is an address to send it to."""
        return bool(self.approver.user.email)


def steps_due_reminder(today: datetime.date, after_days: int) -> list[StepReminder]:
    """Approvers with steps open `after_days` days or more and not reminded today, each
    with those steps, oldest first. Steps no longer waiting (decided, not yet reached,
    or their declaration moved on) are not due."""
    cutoff = today - datetime.timedelta(days=after_days)
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
    reminders: dict[int, StepReminder] = {}
    for step in due:
        approver = step.assignee
        if approver is not None:  # always, as queried: said for the type checker
            reminders.setdefault(approver.pk, StepReminder(approver, [])).steps.append(step)
    return list(reminders.values())


def send_step_reminders(
    reminders: Iterable[StepReminder], today: datetime.date
) -> list[StepReminder]:
    """Email each approver their steps and mark the steps reminded today; returns those
    sent (an approver without an email address is not marked, nor counted). A step
    reminded today since it was found is left out, so a list found earlier cannot
    remind anyone twice."""
    sent = []
    for reminder in reminders:
        reminded_today = set(
            ApprovalStep.objects.filter(
                pk__in=[step.pk for step in reminder.steps], last_reminded_on=today
            ).values_list("pk", flat=True)
        )
        steps = [step for step in reminder.steps if step.pk not in reminded_today]
        if not steps:
            continue
        with transaction.atomic():  # the email queued and the day, together
            if not notifications.send_step_reminder(reminder.approver, steps, today):
                continue
            ApprovalStep.objects.filter(pk__in=[step.pk for step in steps]).update(
                last_reminded_on=today
            )
        sent.append(StepReminder(reminder.approver, steps))
    return sent


# --- officers' deadlines ----------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineReminder:
    """An interest whose deadline is near, and the deadline."""

    declaration: Declaration
    deadline: datetime.date

    @property
    def reachable(self) -> bool:
        return bool(self.declaration.officer.user.email)


def deadline_of(declaration: Declaration) -> datetime.date | None:
    """The verdict's deadline; a draft has no stored verdict, so its code is asked now
    (a draft whose details are not filled in yet has none)."""
    verdict = declaration.verdict
    if verdict is None and declaration.status == c.Status.DRAFT:
        try:
            verdict = policies.evaluate(facts_for(declaration)).as_json()
        except (FactsError, ValueError):
            return None
    raw = (verdict or {}).get("deadline")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        return None


def deadlines_near(today: datetime.date, within: int) -> list[DeadlineReminder]:
    """Interests whose deadline is today or up to `within` days away, still draft or
    waiting to be acknowledged, not reminded today. Once per entry: an amendment in
    draft is not reminded besides what it amends."""
    candidates = (
        Declaration.objects.interests()
        .standing_or_new()
        .filter(status__in=[c.Status.DRAFT, c.Status.AWAITING_ACKNOWLEDGEMENT])
        .exclude(deadline_reminder_sent_on=today)
        .select_related("officer__user")
        .order_by("id")
    )
    near = []
    for declaration in candidates:
        deadline = deadline_of(declaration)
        if deadline is not None and 0 <= (deadline - today).days <= within:
            near.append(DeadlineReminder(declaration, deadline))
    return near


def send_deadline_reminders(
    reminders: Iterable[DeadlineReminder], today: datetime.date
) -> list[DeadlineReminder]:
    """Email each officer their deadline and record the day and an event with it;
    returns those sent. A declaration reminded today since it was found is left out."""
    sent = []
    for reminder in reminders:
        declaration, deadline = reminder.declaration, reminder.deadline
        if Declaration.objects.filter(pk=declaration.pk, deadline_reminder_sent_on=today).exists():
            continue
        with transaction.atomic():  # the email queued, the day and its event, together
            if not notifications.send_deadline_reminder(declaration, deadline, today):
                continue
            Declaration.objects.filter(pk=declaration.pk).update(deadline_reminder_sent_on=today)
            record_event(
                declaration,
                c.EventAction.DEADLINE_REMINDER_SENT,
                actor=None,
                note=f"Reminded {declaration.officer.full_name} of the deadline, "
                f"{labels.long_date(deadline)}.",
            )
        sent.append(reminder)
    return sent


# --- what happened to it ----------------------------------------------------------------


@dataclass(frozen=True)
class DispositionReminder:
    """A declaration whose officer has still to say what happened to it, due soon or past."""

    declaration: Declaration

    @property
    def due_on(self) -> datetime.date | None:
        return self.declaration.disposition_due_on

    @property
    def reachable(self) -> bool:
        return bool(self.declaration.officer.user.email)


def awaiting_disposition() -> QuerySet[Declaration]:
    """Every declaration waiting for its officer to say what happened to it: the partial
    index declaration_awaiting_disp_idx holds exactly these rows."""
    return Declaration.objects.filter(
        disposition_due_on__isnull=False, disposition_recorded_at__isnull=True
    )


def dispositions_due(today: datetime.date, within: int) -> Iterator[DispositionReminder]:
    """Declarations due to be told what happened to them within `within` days (or past
    their day), still waiting for it, whose officer was not reminded today; read
    `CHUNK` at a time in id order (no OFFSET), so any number can be gone through."""
    due = (
        awaiting_disposition()
        .filter(
            disposition_due_on__lte=today + datetime.timedelta(days=within),
            status__in=OPEN_STATUSES,
        )
        .filter(
            Q(disposition_reminder_sent_on__isnull=True) | Q(disposition_reminder_sent_on__lt=today)
        )
        .select_related("officer__user", "organisation")
        .order_by("pk")
    )
    after = 0
    while True:
        chunk = list(due.filter(pk__gt=after)[:CHUNK])
        for declaration in chunk:
            yield DispositionReminder(declaration)
        if len(chunk) < CHUNK:
            return
        after = chunk[-1].pk


def send_disposition_reminders(
    reminders: Iterable[DispositionReminder], today: datetime.date
) -> int:
    """Email each officer, record the day and an event with it; returns how many were
    sent. One told since it was found, or reminded today already, is left out."""
    sent = 0
    for reminder in reminders:
        declaration = reminder.declaration
        with transaction.atomic():  # checked, sent, its day and its event, together
            # Locked as record_disposition and withdrawing lock it: an officer who says
            # what happened (or withdraws) meanwhile is not reminded after it.
            still_due = (
                awaiting_disposition()
                .select_for_update()
                .filter(pk=declaration.pk, status__in=OPEN_STATUSES)
                .exclude(disposition_reminder_sent_on=today)
                .values_list("pk", flat=True)
                .first()
                is not None
            )
            if not still_due or not notifications.send_disposition_reminder(declaration, today):
                continue
            due_on = declaration.disposition_due_on or today  # always set, as queried
            day = labels.long_date(due_on)
            when = f"it was due on {day}" if due_on < today else f"it is due by {day}"
            Declaration.objects.filter(pk=declaration.pk).update(disposition_reminder_sent_on=today)
            record_event(
                declaration,
                c.EventAction.DISPOSITION_REMINDER_SENT,
                actor=None,
                note=f"Reminded {declaration.officer.full_name} to say what happened to it: "
                f"{when}.",
            )
        sent += 1
    return sent


# --- all of them ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """What one run sent: step reminders (each with its steps), deadline reminders and
    how many officers were reminded to say what happened."""

    steps: list[StepReminder]
    deadlines: list[DeadlineReminder]
    dispositions: int

    def as_json(self) -> dict[str, int]:
        return {
            "step_reminders": len(self.steps),
            "steps": sum(len(reminder.steps) for reminder in self.steps),
            "deadline_reminders": len(self.deadlines),
            "disposition_reminders": self.dispositions,
        }


def send_all(
    today: datetime.date,
    *,
    days: int | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
    disposition_days: int = DEFAULT_DISPOSITION_DAYS,
) -> Sent:
    """Send every reminder due today: what `manage.py send_reminders` and the scheduled
    task both do (`days` defaults to `reminder_after_days()`)."""
    if days is None:
        days = reminder_after_days()
    return Sent(
        steps=send_step_reminders(steps_due_reminder(today, days), today),
        deadlines=send_deadline_reminders(deadlines_near(today, deadline_days), today),
        dispositions=send_disposition_reminders(dispositions_due(today, disposition_days), today),
    )
