"""Emails about approval routes: a step to decide, a decision made, what the officer
must do next when their code says something must be declined, and reminders.

Every email has a plain-text and an HTML part (templates/emails/<name>.txt and .html)
and an absolute link built from settings.SITE_URL, since it is read outside the site.

Nothing is sent inside a request: `send_email` renders the email and queues it for the
background worker (declarations/email_delivery.py), which sends it and tries again while
the mail server is down. What the services do in a transaction (a step opens, a decision
is made, the officer must say what happened) is told by `queue_step_opened`,
`queue_decision` and `queue_disposition_due`: they queue `notify`, which the worker runs
once the transaction has committed, so the email says where things stand after it and
nobody is told of a change that was rolled back. With the database task backend the
queued task is a row written in the same transaction (it commits or rolls back with the
change); with any other backend it is queued when the transaction commits.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from declarations import choices as c
from declarations import clock, labels
from declarations.email_delivery import deliver_email
from declarations.held import held_to_the_end
from declarations.models import (
    ApprovalStep,
    Declaration,
    Officer,
    PublicationWithholding,
    RoleAssignment,
)
from policies.vocabulary import SENSITIVE_TYPES

logger = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", DEFAULT_SITE_URL)).rstrip("/")


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def step_url(step: ApprovalStep) -> str:
    return absolute_url(reverse("decision-detail", args=[step.pk]))


def declaration_url(declaration: Declaration) -> str:
    """The officer's own page for the declaration (the home page if it is not wired in)."""
    try:
        path = reverse("declaration-detail", args=[declaration.pk])
    except NoReverseMatch:
        path = reverse("home")
    return absolute_url(path)


def disposition_url(declaration: Declaration) -> str:
    """The page where the officer says what happened to it (their declaration's page if
    that page is not wired in)."""
    try:
        path = reverse("declaration-disposition", args=[declaration.pk])
    except NoReverseMatch:
        return declaration_url(declaration)
    return absolute_url(path)


def describe(declaration: Declaration) -> str:
    """ "gift from Acme Supplies Ltd" for subject lines: the name on one line, whatever
    was typed (a line break in a header is refused, and would stop the sending). A
    sensitive entry is named by its type alone: subjects show in previews and lists."""
    kind = labels.declaration_type(declaration.type).lower()
    counterparty = " ".join(declaration.counterparty.split())
    if counterparty and declaration.type not in SENSITIVE_TYPES:
        joiner = "from" if declaration.type in ("gift", "hospitality") else "with"
        return f"{kind} {joiner} {counterparty}"
    return kind


def send_email(
    template: str, subject: str, recipients: Sequence[Officer], context: dict[str, Any]
) -> int:
    """Render templates/emails/<template>.txt and .html and queue them for the worker to
    send (in the caller's transaction, with the database task backend); returns emails
    queued (1, or 0 when nobody has an address)."""
    addresses = [officer.user.email for officer in recipients if officer.user.email]
    if not addresses:
        return 0
    context = {"site_url": site_url(), "subject": subject, **context}
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    from_email = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    deliver_email.enqueue(subject, text, html, from_email, addresses)
    return 1


# --- told once the change commits ---------------------------------------------------


@task()
def notify(kind: str, pk: int, settled: list[int]) -> int:
    """The worker's half of `queue_*`: tell whoever `kind` says about the step or
    declaration `pk`, as it stands now; returns emails queued (0 if it is gone)."""
    if kind == "disposition_due":
        declaration = Declaration.objects.filter(pk=pk).first()
        return notify_disposition_due(declaration) if declaration is not None else 0
    step = ApprovalStep.objects.filter(pk=pk).first()
    if step is None:
        return 0
    if kind == "step_opened":
        return notify_step_opened(step)
    if kind == "decision":
        others = list(ApprovalStep.objects.filter(pk__in=settled))
        return notify_decision(step, others)
    raise ValueError(f"No such notification: {kind!r}")


@task()
def notify_each(notices: list[list[Any]]) -> int:
    """`notify` for each [kind, pk, settled] one change queued together (told_together);
    returns emails queued. One that fails is logged and the rest still go, as each
    would had it been its own task."""
    queued = 0
    for kind, pk, settled in notices:
        try:
            queued += notify.call(kind, pk, settled)
        except Exception:
            logger.exception("Notification %s for declaration %s failed.", kind, pk)
    return queued


# Notices held by `told_together` (None: each is queued as it is told).
_held_notices: ContextVar[list[list[Any]] | None] = ContextVar("held_notices", default=None)


@contextlib.contextmanager
def told_together() -> Iterator[None]:
    """Hold what the block tells (`queue_*`) and queue it as one task as the block ends:
    one row in the caller's transaction, not one per email, with the database task
    backend (any other queues each as before, when the transaction commits). If the
    block raises, what it told so far is still queued while the transaction can take it
    (it goes only if the caller commits). Nested blocks leave the queueing to the
    outermost.
    """
    if not _in_database():
        yield
        return
    with held_to_the_end(_held_notices, _queue_held):
        yield


def _queue_held(held: list[list[Any]]) -> None:
    if len(held) == 1:
        notify.enqueue(*held[0])
    elif held:
        notify_each.enqueue(held)


def _in_database() -> bool:
    """Whether tasks are rows in our database (written in the caller's transaction)."""
    return isinstance(task_backends[notify.backend], DatabaseBackend)


def _queue(kind: str, pk: int, settled: Sequence[int] = ()) -> None:
    """Queue `notify` so that it runs only if the caller's transaction commits: at once
    when the task is a row in the same database (it commits with the change), else when
    the transaction commits. Inside `told_together`, held for its one task."""
    held = _held_notices.get()
    if held is not None:
        held.append([kind, pk, list(settled)])
        return

    def enqueue() -> None:
        notify.enqueue(kind, pk, list(settled))

    if _in_database():
        enqueue()
    else:
        transaction.on_commit(enqueue, robust=True)


def _needs_approval(declaration: Declaration) -> bool:
    return (declaration.verdict or {}).get("outcome") == "approval_required"


# --- a step opens -------------------------------------------------------------------


def notify_step_opened(step: ApprovalStep) -> int:
    """Tell the assignee a declaration is waiting for them (as a delegate, say for whom)."""
    step = ApprovalStep.objects.select_related(
        "declaration__officer__user",
        "declaration__organisation",
        "assignee__user",
        "delegated_from__user",
    ).get(pk=step.pk)
    if step.assignee is None or step.state != c.StepState.PENDING:
        return 0
    declaration = step.declaration
    approval = _needs_approval(declaration)
    action = "Approval needed" if approval else "Please acknowledge"
    subject = f"{action}: {declaration.reference_with_version}, {describe(declaration)}"
    return send_email(
        "step_opened",
        subject,
        [step.assignee],
        {
            "step": step,
            "declaration": declaration,
            "approval": approval,
            "link": step_url(step),
            "role": labels.role(step.role).lower(),
        },
    )


def queue_step_opened(step: ApprovalStep) -> None:
    """Email the step's assignee once the transaction that opened (or handed) it commits."""
    _queue("step_opened", step.pk)


# --- a decision is made -------------------------------------------------------------


def notify_decision(step: ApprovalStep, settled: Sequence[ApprovalStep] = ()) -> int:
    """Tell the officer who decided what on their declaration, why, and where it now stands.

    `settled` are the other steps the same decision settled (the approver held them
    straight after this one): the email names every role they decided as.
    """
    step = ApprovalStep.objects.select_related(
        "declaration__officer__user", "decided_by__user", "delegated_from__user"
    ).get(pk=step.pk)
    declaration = step.declaration
    decided = labels.step_state(step.state).lower()
    by = step.decided_by.full_name if step.decided_by is not None else "the register"
    subject = f"Your declaration {declaration.reference_with_version} was {decided} by {by}"
    return send_email(
        "decision_made",
        subject,
        [declaration.officer],
        {
            "step": step,
            "declaration": declaration,
            "decided": decided,
            "by": by,
            "acting_for": (
                step.delegated_from.full_name if step.delegated_from is not None else ""
            ),
            "role": labels.in_words(
                [
                    labels.role_in_text(each.role)
                    for each in sorted([step, *settled], key=attrgetter("order"))
                ]
            ),
            "status": labels.status(declaration.status).lower(),
            "link": declaration_url(declaration),
        },
    )


def queue_decision(step: ApprovalStep, settled: Sequence[ApprovalStep] = ()) -> None:
    """Email the officer about the decision once the transaction that made it commits."""
    _queue("decision", step.pk, [each.pk for each in settled])


# --- what happened to it -----------------------------------------------------------


def _disposition_context(declaration: Declaration, today: datetime.date) -> dict[str, Any]:
    """What both the first email and its reminders say: what the code says, what to do,
    by when, and who is asked once the officer has said."""
    due_on = declaration.disposition_due_on
    outcome = (declaration.verdict or {}).get("outcome")
    waiting_for = [
        f"{step.assignee.full_name} ({labels.role(step.role).lower()})"
        for step in declaration.approval_steps.filter(
            state=c.StepState.PENDING, assignee__isnull=False
        )
        .select_related("assignee__user")
        .order_by("order")
        if step.assignee is not None
    ]
    return {
        "declaration": declaration,
        "code_says": f"Your code says this {labels.outcome_in_text(outcome, declaration.type)}.",
        "due_on": due_on,
        "overdue": bool(due_on and due_on < today),
        "waiting_for": waiting_for,
        "link": disposition_url(declaration),
    }


def notify_disposition_due(declaration: Declaration) -> int:
    """Tell the officer, as they submit, that their code says it must be declined (or must
    not go ahead), what they must do next and by when."""
    declaration = Declaration.objects.select_related("officer__user").get(pk=declaration.pk)
    if declaration.disposition_due_on is None or declaration.disposition_recorded_at:
        return 0
    due = labels.long_date(declaration.disposition_due_on)
    subject = f"Tell us what happened to the {describe(declaration)} by {due}"
    context = _disposition_context(declaration, clock.today())
    return send_email("disposition_due", subject, [declaration.officer], context)


def queue_disposition_due(declaration: Declaration) -> None:
    """Email the officer what to do next once the submission commits."""
    _queue("disposition_due", declaration.pk)


def send_disposition_reminder(declaration: Declaration, today: datetime.date) -> int:
    """Remind the officer to say what happened to it: near its day, or past it."""
    context = _disposition_context(declaration, today)
    what = describe(declaration)
    due_on = declaration.disposition_due_on
    if context["overdue"] or due_on is None:
        subject = f"Overdue: tell us what happened to the {what}"
    else:
        subject = f"Reminder: tell us what happened to the {what} by {labels.long_date(due_on)}"
    return send_email(
        "disposition_due", subject, [declaration.officer], {**context, "reminder": True}
    )


# --- reminders ----------------------------------------------------------------------


def send_step_reminder(
    assignee: Officer, steps: Sequence[ApprovalStep], today: datetime.date
) -> int:
    """One email listing every step the assignee has had open too long."""
    count = len(steps)
    noun = "declaration is" if count == 1 else "declarations are"
    subject = f"Reminder: {count} {noun} waiting for your decision"
    rows = [
        {
            "step": step,
            "declaration": step.declaration,
            "days_open": (today - step.opened_at.date()).days if step.opened_at else 0,
            "overdue": bool(step.due_on and step.due_on < today),
            "link": step_url(step),
        }
        for step in steps
    ]
    return send_email(
        "step_reminder",
        subject,
        [assignee],
        {
            "assignee": assignee,
            "rows": rows,
            "queue_link": absolute_url(reverse("decision-queue")),
        },
    )


def send_deadline_reminder(
    declaration: Declaration, deadline: datetime.date, today: datetime.date
) -> int:
    """Tell the officer their interest must be declared (and acknowledged) by its deadline."""
    days_left = (deadline - today).days
    when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
    # A draft has no reference until it is submitted.
    named = f" {declaration.reference_with_version}" if declaration.reference else ""
    subject = f"Reminder: the deadline for your declaration{named} is {when}"
    waiting_for = [
        step.assignee.full_name
        for step in declaration.approval_steps.filter(
            state=c.StepState.PENDING, assignee__isnull=False
        ).select_related("assignee__user")
        if step.assignee is not None
    ]
    return send_email(
        "deadline_reminder",
        subject,
        [declaration.officer],
        {
            "declaration": declaration,
            "deadline": deadline,
            "days_left": days_left,
            "when": when,
            "draft": declaration.status == c.Status.DRAFT,
            "waiting_for": waiting_for,
            "link": declaration_url(declaration),
        },
    )


# --- keeping an entry out of the published register ----------------------------------


def notify_withholding_asked(withholding: PublicationWithholding) -> int:
    """Tell the monitoring officers of the entry's organisation (today) that an officer
    asks for it to be kept out of the published register. Neither the officer's reason
    nor the entry is in the email (previews and forwarded mail): the link is."""
    monitoring_officers = [
        role.officer
        for role in RoleAssignment.objects.current()
        .filter(
            organisation_id=withholding.organisation_id,
            role=c.OrganisationRole.MONITORING_OFFICER,
        )
        .select_related("officer__user")
    ]
    return send_email(
        "withholding_asked",
        "An officer asks for an entry to be kept out of the published register",
        monitoring_officers,
        {
            "withholding": withholding,
            "link": absolute_url(reverse("withholding-decide", args=[withholding.pk])),
        },
    )


def notify_withholding_decided(withholding: PublicationWithholding) -> int:
    """Tell the officer who asked what the monitoring officer decided: keep it out of
    the published register, or publish it as usual. The reason is not in the email: it
    is on their entry's page, behind sign-in."""
    granted = withholding.state == c.WithholdingState.GRANTED
    subject = (
        f"{withholding.reference} will be kept out of the published register"
        if granted
        else f"{withholding.reference} will be published as usual"
    )
    return send_email(
        "withholding_decided",
        subject,
        [withholding.asked_by],
        {
            "withholding": withholding,
            "granted": granted,
            "link": declaration_url(withholding.declaration),
        },
    )
