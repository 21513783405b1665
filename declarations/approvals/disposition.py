"""What happened to it: the officer says what became of a gift, offer or activity their
code says must be declined or must not go ahead.

A prohibited verdict leaves its route waiting (routing.open_route opens no step) and
gives the officer a day to say by (submission.disposition_due_on). They choose from
the options their own employer's code offers for the type (policies, the duties'
`dispositions`; a seconded officer's are their home employer's), say when and add a
note; `record_disposition` writes it on the declaration and in its history, then opens
the waiting steps for the people who acknowledge it (or records the entry if nobody
needs to). Each refusal is a DispositionError naming the question at fault, in words fit
to show on the page.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

import policies
from declarations import choices as c
from declarations import clock, labels
from declarations.approvals import delegation
from declarations.approvals.routing import (
    AWAITING_STATUSES,
    RouteError,
    as_user,
    open_step,
    outcome_of,
    people_asked,
)
from declarations.models import Declaration, DeclarationEvent, Officer
from declarations.submission import disposition_due_on
from declarations.workflow import record_event, transition
from policies.duties import DispositionOption
from policies.vocabulary import Disposition, Outcome

__all__ = [
    "DispositionError",
    "awaiting_disposition",
    "disposition_due_on",
    "disposition_options",
    "disposition_problems",
    "record_disposition",
]

# The statuses in which the officer can still say what happened (before anyone decides).
OPEN_STATUSES: tuple[str, ...] = (c.Status.SUBMITTED, *AWAITING_STATUSES)
NOTE_MAX = Declaration._meta.get_field("disposition_note").max_length or 500
# Options that mean nothing without the note: which charity.
NOTE_REQUIRED: dict[Disposition, str] = {
    Disposition.GIVEN_TO_CHARITY: "Enter the name of the charity you gave it to",
}


class DispositionError(RouteError):
    """What happened to it could not be recorded. The message is fit to show; `field` is
    the first question at fault ("disposition", "note" or "on"), or "" for none, and
    `problems` every question at fault with what to do about it."""

    def __init__(
        self, message: str, field: str = "", problems: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.problems = problems if problems is not None else ({field: message} if field else {})


def disposition_options(declaration: Declaration) -> tuple[DispositionOption, ...]:
    """What the officer's own employer's code lets them say happened, for this type of
    declaration, its own options first. The employer is the one recorded on the entry
    (the home employer of a seconded officer)."""
    return policies.duties_for(declaration.organisation.code).dispositions_for(declaration.type)


def awaiting_disposition(declaration: Declaration) -> bool:
    """Whether the officer still has to say what happened to it: the code said it must be
    declined or must not go ahead, nobody has decided it, and they have not said yet."""
    return (
        outcome_of(declaration) == Outcome.PROHIBITED
        and declaration.status in OPEN_STATUSES
        and declaration.disposition_recorded_at is None
    )


def describe(option: DispositionOption, on: datetime.date, note: str = "") -> str:
    """For the history: 'On 3 December 2026: given to the Mayor's Charity Fund.', with
    the officer's note after it, in quotation marks as they wrote it."""
    text = f"On {labels.long_date(on)}: {labels.in_sentence(option.words)}."
    return f"{text} “{note}”" if note else text


def disposition_problems(
    declaration: Declaration, disposition: str, on: datetime.date | None, note: str = ""
) -> dict[str, str]:
    """Every answer that will not do, by question ("disposition", "note", "on") in the
    order the page asks them, with what to do about it; empty when all will do. The page
    asks this too, so that it shows every problem at once."""
    problems: dict[str, str] = {}
    option = _option(declaration, disposition)
    if not disposition:
        problems["disposition"] = "Select what happened to it"
    elif option is None:
        problems["disposition"] = "Select one of the things your code lets you do"
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        problems["note"] = f"What you tell us must be {NOTE_MAX} characters or fewer"
    elif not note and option is not None and option.disposition in NOTE_REQUIRED:
        problems["note"] = NOTE_REQUIRED[option.disposition]
    floor, what = earliest_day(declaration)
    if on is None:
        problems["on"] = "Enter the date it happened"
    elif on > clock.today():
        problems["on"] = "The date it happened must be today or in the past"
    elif on < floor:
        problems["on"] = (
            f"The date it happened must be the same as or after {labels.long_date(floor)}, {what}"
        )
    return problems


def _option(declaration: Declaration, disposition: str) -> DispositionOption | None:
    return next((o for o in disposition_options(declaration) if o.disposition == disposition), None)


def earliest_day(declaration: Declaration) -> tuple[datetime.date, str]:
    """The first day it can have happened, and what that day is: the declaration's date
    (the offer, the start), or the day it was declared for work due to start later."""
    if declaration.date <= declaration.declared_on:
        return declaration.date, "the date on your declaration"
    return declaration.declared_on, "the day you declared it"


def record_disposition(
    declaration: Declaration,
    actor: User | Officer,
    disposition: Disposition | str,
    on: datetime.date | None,
    note: str = "",
    *,
    locked: bool = False,
) -> DeclarationEvent:
    """The declaring officer says what happened to it (`disposition`, one of their code's
    options for the type), on which day, with an optional note (which charity...).

    Written on the declaration and as one history event; the steps waiting for it open at
    once (their approvers are emailed once this commits) or, with none, the entry is
    recorded. Raises DispositionError for anyone else, for a declaration that is not
    waiting for it, or for an answer that will not do. `locked`: the caller (lodging)
    has locked the row in its transaction and holds it as it is now.
    """
    user = as_user(actor)
    if user is None or user.pk != declaration.officer.user_id:
        raise DispositionError("Only the officer who made the declaration can say what happened.")
    if outcome_of(declaration) != Outcome.PROHIBITED:
        raise DispositionError(
            "Only a declaration the code says must be declined or must not go ahead needs this."
        )
    disposition, note = str(disposition or ""), (note or "").strip()
    problems = disposition_problems(declaration, disposition, on, note)
    option = _option(declaration, disposition)
    if problems or option is None or on is None:
        field, message = next(iter(problems.items()), ("disposition", "Select what happened"))
        raise DispositionError(message, field, problems)
    with transaction.atomic(savepoint=not locked):
        if not locked:
            Declaration.objects.select_for_update().only("pk").get(pk=declaration.pk)
            declaration.refresh_from_db(fields=["status", "disposition_recorded_at"])
        if declaration.disposition_recorded_at is not None:
            raise DispositionError("You have already told us what happened to it.")
        if declaration.status not in OPEN_STATUSES:
            raise DispositionError(
                f"This declaration is {labels.status(declaration.status).lower()}: "
                "there is nothing more to tell us."
            )
        waiting = list(
            declaration.approval_steps.select_related("assignee__user", "delegated_from__user")
            .filter(state=c.StepState.PENDING, opened_at__isnull=True)
            .order_by("order")
        )
        now = clock.now()
        delegates = delegation.delegates_for(
            [step.assignee_id for step in waiting], declaration.officer, timezone.localdate(now)
        )
        for step in waiting:
            open_step(step, now=now, delegates=delegates)
        sent = f" Sent to {people_asked(waiting)} to acknowledge." if waiting else ""
        event = record_event(
            declaration,
            c.EventAction.DISPOSITION_RECORDED,
            actor=user,
            note=describe(option, on, note) + sent,
        )
        declaration.disposition = option.disposition.value
        declaration.disposition_on = on
        declaration.disposition_note = note
        declaration.disposition_recorded_at = event.at
        declaration.save(
            update_fields=[
                "disposition",
                "disposition_on",
                "disposition_note",
                "disposition_recorded_at",
                "updated_at",
            ]
        )
        if (
            not waiting
            and not declaration.approval_steps.filter(state=c.StepState.PENDING).exists()
        ):
            transition(
                declaration,
                c.EventAction.RECORD,
                actor=user,
                note="Recorded: nobody else needs to acknowledge it.",
                locked=True,  # above, in this transaction
            )
    return event
