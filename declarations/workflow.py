"""The declaration state machine: which status may follow which, and by what action.

Every change of status goes through `transition`, which refuses an illegal move and
writes a DeclarationEvent (who, when, what, why) in the same database transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from declarations import clock, labels
from declarations.choices import EventAction, Status
from declarations.models import Declaration, DeclarationEvent

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


def transition(
    declaration: Declaration,
    action: EventAction,
    *,
    actor: User | None,
    note: str = "",
) -> DeclarationEvent:
    """Move `declaration` by `action`, record the event, and return it.

    The row is locked first, so two people acting at once cannot both move it.
    """
    with transaction.atomic():
        current = Declaration.objects.select_for_update().only("status").get(pk=declaration.pk)
        target = TRANSITIONS.get((current.status, action))
        if target is None:
            declaration.status = current.status
            raise IllegalTransition(declaration, action)
        declaration.status = target
        update_fields = ["status", "updated_at"]
        if action == A.SUBMIT:
            declaration.submitted_at = clock.now()
            update_fields.append("submitted_at")
        declaration.save(update_fields=update_fields)
        return DeclarationEvent.objects.create(
            declaration=declaration,
            actor=actor,
            action=EventAction(action),
            from_status=current.status,
            to_status=target,
            note=note,
        )


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
    return DeclarationEvent.objects.create(
        declaration=declaration,
        actor=actor,
        action=EventAction(action),
        from_status=declaration.status,
        to_status=declaration.status,
        note=note,
    )
