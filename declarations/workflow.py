"""The declaration state machine: which status may follow which, and by what action.

Every change of status goes through `transition`, which refuses an illegal move and
writes a DeclarationEvent (who, when, what, why) in the same database transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .choices import Status
from .models import Declaration, DeclarationEvent

S = Status

# (from status, action) -> to status. Anything not listed is illegal.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    # On submission the verdict decides where the declaration goes next.
    (S.SUBMITTED, "send_for_approval"): S.AWAITING_APPROVAL,
    (S.SUBMITTED, "send_for_acknowledgement"): S.AWAITING_ACKNOWLEDGEMENT,
    (S.SUBMITTED, "record"): S.RECORDED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.AWAITING_APPROVAL, "approve"): S.APPROVED,
    (S.AWAITING_APPROVAL, "reject"): S.REJECTED,
    (S.AWAITING_APPROVAL, "withdraw"): S.WITHDRAWN,
    (S.AWAITING_APPROVAL, "supersede"): S.SUPERSEDED,
    (S.AWAITING_ACKNOWLEDGEMENT, "record"): S.RECORDED,
    (S.AWAITING_ACKNOWLEDGEMENT, "withdraw"): S.WITHDRAWN,
    (S.AWAITING_ACKNOWLEDGEMENT, "supersede"): S.SUPERSEDED,
    # Interests and outside work end; any decided entry can be amended by a new version.
    (S.APPROVED, "end"): S.ENDED,
    (S.APPROVED, "supersede"): S.SUPERSEDED,
    (S.RECORDED, "end"): S.ENDED,
    (S.RECORDED, "supersede"): S.SUPERSEDED,
    (S.REJECTED, "supersede"): S.SUPERSEDED,
}

ACTION_WORDS = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "send_for_approval": "sent for approval",
    "send_for_acknowledgement": "sent for acknowledgement",
    "record": "recorded",
    "approve": "approved",
    "reject": "rejected",
    "end": "ended",
    "supersede": "replaced by a new version",
}

FINAL_STATUSES = frozenset({S.WITHDRAWN, S.ENDED, S.SUPERSEDED})


class IllegalTransition(Exception):
    """A status change the workflow does not allow."""

    def __init__(self, declaration: Declaration, action: str) -> None:
        self.declaration = declaration
        self.action = action
        status = Status(declaration.status).label.lower()
        done = ACTION_WORDS.get(action, action.replace("_", " "))
        super().__init__(f"A declaration that is {status} cannot be {done}.")


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]


def transition(
    declaration: Declaration,
    action: str,
    *,
    actor: AbstractBaseUser | None,
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
        if action == "submit":
            declaration.submitted_at = timezone.now()
            update_fields.append("submitted_at")
        declaration.save(update_fields=update_fields)
        return DeclarationEvent.objects.create(
            declaration=declaration,
            actor=actor,
            action=action,
            from_status=current.status,
            to_status=target,
            note=note,
        )


def record_event(
    declaration: Declaration, action: str, *, actor: AbstractBaseUser | None, note: str = ""
) -> DeclarationEvent:
    """Record something that happened without a change of status (created, edited...)."""
    return DeclarationEvent.objects.create(
        declaration=declaration,
        actor=actor,
        action=action,
        from_status=declaration.status,
        to_status=declaration.status,
        note=note,
    )
