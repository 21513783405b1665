"""Approvers' decisions on approval steps, and delegation while an approver is away.

`decide` is the only way a step is approved, rejected or acknowledged. It locks the
step row first (`select_for_update`), so two people pressing "Approve" at once give one
decision and one clear `AlreadyDecided`, and it moves the declaration through
`workflow.transition`, so every change of status has its event.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone

from declarations import choices as c
from declarations import labels, notifications
from declarations.approvals import routing
from declarations.models import ApprovalStep, Declaration, Delegation, Officer
from declarations.workflow import record_event, transition
from policies.vocabulary import Outcome

Decision = Literal["approve", "reject", "acknowledge"]
DECISIONS: tuple[str, ...] = tuple(c.Decision.values)
STEP_STATE_FOR: dict[str, str] = {
    c.Decision.APPROVE: c.StepState.APPROVED,
    c.Decision.REJECT: c.StepState.REJECTED,
    c.Decision.ACKNOWLEDGE: c.StepState.ACKNOWLEDGED,
}
# The history event each decision on a step writes.
STEP_EVENT_FOR: dict[str, c.EventAction] = {
    c.Decision.APPROVE: c.EventAction.STEP_APPROVED,
    c.Decision.REJECT: c.EventAction.STEP_REJECTED,
    c.Decision.ACKNOWLEDGE: c.EventAction.STEP_ACKNOWLEDGED,
}


class DecisionError(Exception):
    """A decision that cannot be taken; the message is fit to show the person."""


class AlreadyDecided(DecisionError):
    def __init__(self, step: ApprovalStep) -> None:
        self.step = step
        when = _when(step.decided_at)
        if step.state == c.StepState.CANCELLED:
            message = "This step was cancelled"
            message += f" on {when}" if when else ""
            message += ": it no longer needs a decision."
        else:
            who = step.decided_by.full_name if step.decided_by_id else "someone else"
            message = f"This step was already decided by {who}"
            message += f" at {when}" if when else ""
            message += f" ({c.StepState(step.state).label.lower()})."
        super().__init__(message)


class NotYours(DecisionError):
    """The step is not assigned to this person, nor to someone they act for."""


class OwnDeclaration(NotYours):
    """Nobody decides a step on their own declaration."""


class ReasonRequired(DecisionError):
    pass


class NotOpen(DecisionError):
    """The step is not waiting for a decision yet (or its declaration has moved on)."""


class WrongDecision(DecisionError):
    """E.g. "approve" on a declaration that only needs acknowledging."""


def _when(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


# --- who may act ----------------------------------------------------------------------


def active_delegations(on: datetime.date | None = None) -> QuerySet[Delegation]:
    on = on or timezone.localdate()
    return Delegation.objects.filter(starts_on__lte=on, ends_on__gte=on)


def acting_for(
    step: ApprovalStep, officer: Officer, on: datetime.date | None = None
) -> Officer | None:
    """Whom `officer` would act for on this step (None: in their own right).

    Raises NotYours (OwnDeclaration for the declarant). Allowed: the assignee; the
    assignee's active delegate (including a delegation made after the step opened);
    and the approver the step was delegated from, who never loses their own step.
    """
    if step.declaration.officer_id == officer.pk:
        raise OwnDeclaration("You cannot decide on your own declaration.")
    if step.assignee_id == officer.pk:
        return step.delegated_from if step.delegated_from_id else None
    if step.delegated_from_id == officer.pk:
        return None
    if (
        step.assignee_id
        and active_delegations(on).filter(delegator_id=step.assignee_id, delegate=officer).exists()
    ):
        return step.assignee
    raise NotYours("This declaration has not been sent to you for a decision.")


def may_decide(step: ApprovalStep, officer: Officer, on: datetime.date | None = None) -> bool:
    try:
        acting_for(step, officer, on)
    except NotYours:
        return False
    return True


def may_view(step: ApprovalStep, officer: Officer, on: datetime.date | None = None) -> bool:
    """Approvers see the steps routed to them or to someone they act for, decided or not."""
    if step.declaration.officer_id == officer.pk:
        return False
    return step.decided_by_id == officer.pk or may_decide(step, officer, on)


def decisions_for(declaration: Declaration) -> tuple[str, ...]:
    """What an approver can do: approve or reject an approval, otherwise acknowledge."""
    if routing.outcome_of(declaration) == Outcome.APPROVAL_REQUIRED:
        return (c.Decision.APPROVE, c.Decision.REJECT)
    return (c.Decision.ACKNOWLEDGE,)


def is_waiting(step: ApprovalStep) -> bool:
    """Open, undecided, and its declaration still waiting on the route."""
    return (
        step.state == c.StepState.PENDING
        and step.opened_at is not None
        and step.declaration.status in routing.AWAITING_STATUSES
    )


# --- deciding ---------------------------------------------------------------------------


def _note(step: ApprovalStep, verb: str, by: Officer, for_whom: Officer | None, reason: str) -> str:
    who = by.full_name + (f" for {for_whom.full_name}" if for_whom else "")
    text = f"Step {step.order} ({labels.role(step.role).lower()}) {verb} by {who}"
    return f"{text}: {reason}" if reason else f"{text}."


def lock_declaration_of(step_id: int) -> Declaration:
    """Lock (SELECT ... FOR UPDATE) the declaration a step belongs to, and return it."""
    declaration_id = (
        ApprovalStep.objects.filter(pk=step_id).values_list("declaration_id", flat=True).first()
    )
    if declaration_id is None:
        raise ApprovalStep.DoesNotExist(f"No approval step {step_id}.")
    return Declaration.objects.select_for_update().get(pk=declaration_id)


def decide(step_id: int, *, by: Officer, decision: str, reason: str = "") -> ApprovalStep:
    """Approve, reject or acknowledge one step, then move the route and declaration on.

    approve: the next step opens, or the declaration is approved after the last one;
    reject (a reason is required): the other pending steps are cancelled and the
    declaration rejected; acknowledge: the declaration is recorded once every step is.
    Raises ApprovalStep.DoesNotExist, NotYours, AlreadyDecided, NotOpen, WrongDecision
    or ReasonRequired, and then nothing is saved.
    """
    if decision not in DECISIONS:
        raise WrongDecision(f"Unknown decision {decision!r}.")
    reason = (reason or "").strip()
    with transaction.atomic():
        # Lock the declaration, then the step: the same order as withdrawing (which
        # moves the declaration, then cancels its steps), so the two cannot deadlock;
        # and two acknowledgements of one declaration at once queue up, so the second
        # sees the first and the declaration is recorded.
        declaration = lock_declaration_of(step_id)
        step = ApprovalStep.objects.select_for_update().get(pk=step_id)
        step.declaration = declaration
        for_whom = acting_for(step, by)
        if step.state != c.StepState.PENDING:
            raise AlreadyDecided(step)
        if declaration.status not in routing.AWAITING_STATUSES:
            raise NotOpen(
                "This step no longer needs a decision: the declaration is "
                f"{declaration.get_status_display().lower()}."
            )
        if step.opened_at is None:
            raise NotOpen(
                "This step is not waiting for a decision yet: "
                + (
                    "the officer has not confirmed it was declined."
                    if routing.outcome_of(declaration) == Outcome.PROHIBITED
                    else "an earlier step has still to be decided."
                )
            )
        allowed = decisions_for(declaration)
        if decision not in allowed:
            raise WrongDecision(
                "This declaration needs approving or rejecting."
                if c.Decision.APPROVE in allowed
                else "This declaration only needs acknowledging."
            )
        if decision == c.Decision.REJECT and not reason:
            raise ReasonRequired("Enter the reason for rejecting this declaration.")

        now = timezone.now()
        if step.assignee_id != by.pk:
            # Acting as the assignee's delegate: the step now shows who held it for whom.
            step.delegated_from = for_whom
            step.assignee = by
        step.state = STEP_STATE_FOR[decision]
        step.decided_by = by
        step.decided_at = now
        step.reason = reason
        step.save(
            update_fields=[
                "assignee",
                "delegated_from",
                "state",
                "decided_by",
                "decided_at",
                "reason",
            ]
        )
        verb = labels.step_state(STEP_STATE_FOR[decision]).lower()  # "approved"
        record_event(
            declaration,
            STEP_EVENT_FOR[decision],
            actor=by.user,
            note=_note(step, verb, by, for_whom, reason),
        )
        notifications.on_commit_notify_decision(step)

        pending = declaration.approval_steps.select_for_update().filter(state=c.StepState.PENDING)
        if decision == c.Decision.APPROVE:
            following = pending.filter(order__gt=step.order).order_by("order").first()
            if following is None:
                transition(declaration, c.EventAction.APPROVE, actor=by.user, note=reason)
            elif following.opened_at is None:
                routing.open_step(following, now=now)
        elif decision == c.Decision.REJECT:
            cancelled = list(pending.order_by("order"))
            for other in cancelled:
                other.state = c.StepState.CANCELLED
                other.decided_at = now
                other.save(update_fields=["state", "decided_at"])
            if cancelled:
                record_event(
                    declaration,
                    c.EventAction.STEPS_CANCELLED,
                    actor=by.user,
                    note="Not needed after the rejection: "
                    + "; ".join(routing.describe_step(other) for other in cancelled),
                )
            transition(declaration, c.EventAction.REJECT, actor=by.user, note=reason)
        elif not pending.exists():
            if routing.outcome_of(declaration) == Outcome.PROHIBITED:
                note = "Recorded as declined" + (f": {reason}" if reason else ".")
            else:
                note = reason
            transition(declaration, c.EventAction.RECORD, actor=by.user, note=note)
    return step


# --- delegation -------------------------------------------------------------------------


def delegation_errors(
    delegator: Officer,
    delegate: Officer | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    *,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Field name -> what is wrong, in words for the delegation form."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if delegate is None:
        errors["delegate"] = "Select who will decide for you"
    elif delegate.pk == delegator.pk:
        errors["delegate"] = "Select someone other than yourself"
    elif delegate.organisation_id != delegator.organisation_id:
        errors["delegate"] = f"Select someone who works for {delegator.organisation.name}"
    elif not delegate.active:
        errors["delegate"] = f"{delegate.full_name} is no longer an active member of staff"
    if starts_on is None:
        errors["starts_on"] = "Enter the date your delegate starts deciding for you"
    if ends_on is None:
        errors["ends_on"] = "Enter the date your delegate stops deciding for you"
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = "The end date must be the same as or after the start date"
        elif ends_on < today:
            errors["ends_on"] = "The end date must be today or in the future"
        else:
            clash = (
                Delegation.objects.filter(
                    delegator=delegator, starts_on__lte=ends_on, ends_on__gte=starts_on
                )
                .select_related("delegate__user")
                .first()
            )
            if clash is not None:
                errors["starts_on"] = (
                    f"You already have {clash.delegate.full_name} as your delegate from "
                    f"{formats.date_format(clash.starts_on, 'j F Y')} to "
                    f"{formats.date_format(clash.ends_on, 'j F Y')}: choose dates that do "
                    "not overlap"
                )
    return errors


def delegate(
    delegator: Officer,
    delegate: Officer,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Delegation:
    """Name a delegate for a date range; if it covers today, hand over open steps now.

    Steps that open later go to the delegate when they open (routing.open_step). Steps
    on the delegate's own declarations stay with the delegator.
    """
    errors = delegation_errors(delegator, delegate, starts_on, ends_on)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        delegation = Delegation.objects.create(
            delegator=delegator,
            delegate=delegate,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
        )
        if starts_on <= today <= ends_on:
            waiting = ApprovalStep.objects.filter(
                assignee=delegator, state=c.StepState.PENDING, opened_at__isnull=False
            ).exclude(declaration__officer=delegate)
            # Declarations first, then steps: the lock order `decide` uses.
            list(
                Declaration.objects.select_for_update()
                .filter(pk__in=list(waiting.values_list("declaration_id", flat=True)))
                .order_by("pk")
            )
            steps = waiting.select_for_update(of=("self",)).order_by("id")
            period = (
                f"{formats.date_format(starts_on, 'j F Y')} to "
                f"{formats.date_format(ends_on, 'j F Y')}"
            )
            for step in steps:
                step.assignee = delegate
                step.delegated_from = delegator
                step.save(update_fields=["assignee", "delegated_from"])
                record_event(
                    step.declaration,
                    c.EventAction.STEP_DELEGATED,
                    actor=delegator.user,
                    note=f"Step {step.order} ({labels.role(step.role).lower()}) passed "
                    f"from {delegator.full_name} to {delegate.full_name}, delegate {period}.",
                )
                notifications.on_commit_notify_step_opened(step)
    return delegation


# --- the queue ------------------------------------------------------------------------


def queue_for(officer: Officer, on: datetime.date | None = None) -> QuerySet[ApprovalStep]:
    """Open steps waiting for `officer`: their own, and those of anyone they act for.

    A step the officer delegated comes back to their queue once the delegation ends.
    Oldest first.
    """
    on = on or timezone.localdate()
    delegations = active_delegations(on)
    acting_for_ids = delegations.filter(delegate=officer).values("delegator_id")
    my_delegate_ids = delegations.filter(delegator=officer).values("delegate_id")
    return (
        ApprovalStep.objects.filter(
            state=c.StepState.PENDING,
            opened_at__isnull=False,
            declaration__status__in=routing.AWAITING_STATUSES,
        )
        .filter(
            Q(assignee=officer)
            | Q(assignee_id__in=acting_for_ids)
            | (Q(delegated_from=officer) & ~Q(assignee_id__in=my_delegate_ids))
        )
        .exclude(declaration__officer=officer)
        .select_related(
            "declaration__officer__user",
            "declaration__organisation",
            "assignee__user",
            "delegated_from__user",
        )
        .order_by("opened_at", "id")
    )
