"""The declaration state machine: which status may follow which, and by what action.

Every change of status goes through `transition`, which refuses an illegal move and
writes a DeclarationEvent (who, when, what, why) in the same database transaction.
A service that writes several events at once (submitting, deciding) holds them with
`events_written_together` and writes them in one INSERT when it is done, still inside
its transaction and in the order they happened.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar

from django.contrib.auth.models import User
from django.db import connection, transaction

from declarations import clock, labels
from declarations.choices import EventAction, Status
from declarations.held import held_to_the_end
from declarations.models import Declaration, DeclarationEvent
from policies.vocabulary import DeclarationType

S = Status
A = EventAction

# (from status, action) -> to status. Anything not listed is illegal.
TRANSITIONS: dict[tuple[Status, EventAction], Status] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    # On submission the verdict decides where the declaration goes next.
    (S.SUBMITTED, A.SEND_FOR_APPROVAL): S.AWAITING_APPROVAL,
    (S.SUBMITTED, A.SEND_FOR_ACKNOWLEDGEMENT): S.AWAITING_ACKNOWLEDGEMENT,
    (S.SUBMITTED, A.RECORD): S.RECORDED,
    (S.SUBMITTED, A.WITHDRAW): S.WITHDRAWN,
    (S.AWAITING_APPROVAL, A.APPROVE): S.APPROVED,
    (S.AWAITING_APPROVAL, A.REJECT): S.REJECTED,
    (S.AWAITING_APPROVAL, A.WITHDRAW): S.WITHDRAWN,
    (S.AWAITING_APPROVAL, A.SUPERSEDE): S.SUPERSEDED,
    (S.AWAITING_ACKNOWLEDGEMENT, A.RECORD): S.RECORDED,
    (S.AWAITING_ACKNOWLEDGEMENT, A.WITHDRAW): S.WITHDRAWN,
    (S.AWAITING_ACKNOWLEDGEMENT, A.SUPERSEDE): S.SUPERSEDED,
    # Interests and outside work end; any decided entry can be amended by a new version.
    (S.APPROVED, A.END): S.ENDED,
    (S.APPROVED, A.SUPERSEDE): S.SUPERSEDED,
    (S.RECORDED, A.END): S.ENDED,
    (S.RECORDED, A.SUPERSEDE): S.SUPERSEDED,
    (S.REJECTED, A.SUPERSEDE): S.SUPERSEDED,
}

FINAL_STATUSES = frozenset({S.WITHDRAWN, S.ENDED, S.SUPERSEDED})


class IllegalTransition(Exception):
    """A status change the workflow does not allow."""

    def __init__(self, declaration: Declaration, action: EventAction | str) -> None:
        self.declaration = declaration
        self.action = action
        status = labels.status(declaration.status).lower()
        # The history's words read as the past tense: "cannot be sent for approval".
        done = labels.action(action).lower()
        super().__init__(f"A declaration that is {status} cannot be {done}.")


def allowed_actions(status: str) -> list[EventAction]:
    return [action for (source, action) in TRANSITIONS if source == status]


# Events held by `events_written_together` (None: each is written as it happens).
_held_events: ContextVar[list[DeclarationEvent] | None] = ContextVar("held_events", default=None)


@contextlib.contextmanager
def events_written_together() -> Iterator[None]:
    """Hold the events `transition` and `record_event` write inside the block and write
    them in one INSERT as it ends (one query, not one per event), in order.

    Only inside a transaction, so the events still commit or roll back with the changes
    they describe. If the block raises, the events held so far are still written while
    the transaction can take them: a caller that catches the error and commits keeps
    each change with its event (one that lets it roll back loses both). Nested blocks
    leave the writing to the outermost one.
    """
    if _held_events.get() is None and not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "Events are held together only inside a transaction."
        )
    with held_to_the_end(_held_events, DeclarationEvent.objects.bulk_create):
        yield


def _write(event: DeclarationEvent) -> DeclarationEvent:
    """Write the event now, or hold it for the `events_written_together` block it is in."""
    held = _held_events.get()
    if held is None:
        event.save()
    else:
        held.append(event)
    return event


def transition(
    declaration: Declaration,
    action: EventAction,
    *,
    actor: User | None,
    note: str = "",
    locked: bool = False,
    save: bool = True,
) -> DeclarationEvent:
    """Move `declaration` by `action`, record the event, and return it.

    The row is locked first, so two people acting at once cannot both move it. A caller
    that has already locked it in its transaction (select_for_update) and holds it as it
    is now says `locked=True`, and the row is not read again. A caller in a transaction
    that saves the row itself before it ends may say `save=False`: the new status (and
    `submitted_at` on submission) are then set only on the object, and the row stays
    locked for it.
    """
    if not save and not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "Only a caller in a transaction can save the row itself."
        )
    if locked and not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "Only a caller in a transaction can hold the row locked."
        )
    # No savepoint: nothing is written before an illegal move is refused, and a failure
    # in the writes rolls back the caller's whole transaction (as it would with one).
    with transaction.atomic(savepoint=False):
        if locked:
            from_status = declaration.status
        else:
            current = Declaration.objects.select_for_update().only("status").get(pk=declaration.pk)
            from_status = current.status
        target = TRANSITIONS.get((S(from_status), action))
        if target is not None:
            declaration.status = target
            update_fields = ["status", "updated_at"]
            if action == A.SUBMIT:
                declaration.submitted_at = clock.now()
                update_fields.append("submitted_at")
            if save:
                declaration.save(update_fields=update_fields)
            event = _write(
                DeclarationEvent(
                    declaration=declaration,
                    actor=actor,
                    action=EventAction(action),
                    from_status=from_status,
                    to_status=target,
                    note=note,
                )
            )
    if target is None:
        # Raised outside the block, so a caller's transaction is not spoilt by a refusal.
        declaration.status = from_status
        raise IllegalTransition(declaration, action)
    return event


def record_event(
    declaration: Declaration,
    action: EventAction,
    *,
    actor: User | None,
    note: str = "",
) -> DeclarationEvent:
    """Record something that happened without a change of status (created, edited...).

    EventAction() refuses an action the history has no words for, before the database would.
    """
    return _write(
        DeclarationEvent(
            declaration=declaration,
            actor=actor,
            action=EventAction(action),
            from_status=declaration.status,
            to_status=declaration.status,
            note=note,
        )
    )


# What goes on while the officer is in post, and so ends when they leave.
ENDED_ON_LEAVING: tuple[str, ...] = (DeclarationType.INTEREST, DeclarationType.OUTSIDE_WORK)


def end_on_leaving(
    declaration: Declaration, left_on: datetime.date, *, leaver: str, actor: User | None
) -> None:
    """End an entry in force because its officer left (people.leavers, and an amendment
    decided after they left: approvals.decisions), on the leaving date or, if it starts
    later, the day it starts, with the same words in its history. The caller holds the
    declaration locked in its transaction."""
    ended_on = max(left_on, declaration.date)
    declaration.ended_on = ended_on
    transition(
        declaration,
        EventAction.END,
        actor=actor,
        note=(
            f"Ended on {labels.long_date(ended_on)}. "
            f"Ended because {leaver} left on {labels.long_date(left_on)}."
        ),
        locked=True,
        save=False,
    )
    declaration.save(update_fields=["ended_on", "status", "updated_at"])
