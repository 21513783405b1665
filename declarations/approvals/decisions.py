"""Approvers' decisions on approval steps: who may decide or see a step, and deciding it.

`decide` is the only way a step is approved, rejected or acknowledged. It locks the
declaration, then the step (`select_for_update`), so two people pressing "Approve" at
once give one decision and one clear `AlreadyDecided`, and it moves the declaration
through `workflow.transition`, so every change of status has its event. One decision
settles every step the same person would otherwise be asked again (`settled_together`:
a Thurrock secondee's line manager who is also their director decides once). Who may
act (`acting_for`, `may_decide`, `may_view`), who could ever be asked
(`may_ever_decide`) and what waits for whom (`queue_for`) take delegates from
`delegation`, the one place that says who acts for whom.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone

from declarations import choices as c
from declarations import clock, labels, notifications
from declarations.approvals import delegation, routing
from declarations.models import ApprovalStep, Declaration, Delegation, Officer, RoleAssignment
from declarations.workflow import (
    ENDED_ON_LEAVING,
    end_on_leaving,
    events_written_together,
    record_event,
    transition,
)
from policies.vocabulary import Level, Outcome

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
            who = step.decided_by.full_name if step.decided_by is not None else "someone else"
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


def acting_for(
    step: ApprovalStep,
    officer: Officer,
    on: datetime.date | None = None,
    delegates: Mapping[int, Officer] | None = None,
) -> Officer | None:
    """Whom `officer` would act for on this step (None: in their own right).

    Raises NotYours (OwnDeclaration for the declarant). Allowed: the assignee; the
    assignee's delegate on that day (`delegation.delegate_for`, including a delegation
    made after the step opened); and the approver the step was delegated from, who
    never loses their own step. `delegates`: who acts for each assignee that day
    (`delegation.delegates_for`), when the caller has read it for several steps.
    """
    if step.declaration.officer_id == officer.pk:
        raise OwnDeclaration("You cannot decide on your own declaration.")
    if step.assignee_id == officer.pk:
        return step.delegated_from
    if step.delegated_from_id == officer.pk:
        return None
    if step.assignee_id:
        delegate = (
            delegates.get(step.assignee_id)
            if delegates is not None
            else delegation.delegate_for(step.assignee_id, step.declaration.officer, on)
        )
        if delegate == officer:
            return step.assignee
    raise NotYours("This declaration has not been sent to you for a decision.")


def may_decide(
    step: ApprovalStep,
    officer: Officer,
    on: datetime.date | None = None,
    delegates: Mapping[int, Officer] | None = None,
) -> bool:
    try:
        acting_for(step, officer, on, delegates)
    except NotYours:
        return False
    return True


def may_view(step: ApprovalStep, officer: Officer, on: datetime.date | None = None) -> bool:
    """Approvers see the steps routed to them or to someone they act for, decided or not."""
    if step.declaration.officer_id == officer.pk:
        return False
    return step.decided_by_id == officer.pk or may_decide(step, officer, on)


def is_on_route(officer: Officer, declaration: Declaration) -> bool:
    """Whether `officer` is one of the people on the declaration's route, as `may_view`
    decides who may open a step: its assignee, the approver it was passed on from, the
    assignee's delegate, or whoever decided it."""
    for step in ApprovalStep.objects.filter(declaration=declaration).order_by("order"):
        step.declaration = declaration
        if may_view(step, officer):
            return True
    return False


# The attribute may_ever_decide keeps its answer under on the Officer object.
_MAY_EVER_DECIDE = "_may_ever_decide"


def may_ever_decide(officer: Officer, on: datetime.date | None = None) -> bool:
    """Whether any route could ask `officer` for a decision: the navigation offers "For
    your decision" to them, and the queue and delegation pages open for them alone.

    True for an active officer whom routing can name (people.resolve_role): someone who
    line-manages an active officer (every chain role is someone up a line-management
    chain), who holds an organisation role today (each is a role routes name, and the
    monitoring officer is everyone's fallback), or who is at chief executive level (the
    chief executive when nobody holds the role); and for anyone a delegation not yet
    over names as delegate, or who has ever been assigned a step. One query, kept on
    the Officer object for the rest of the request when asked about today.
    """
    cached = getattr(officer, _MAY_EVER_DECIDE, None) if on is None else None
    if cached is not None:
        return bool(cached)
    today = on or clock.today()
    # The officer's id as a value, not a reference to the outer row: each EXISTS is then
    # planned for this officer (an index lookup), where a correlated one was planned for
    # an average officer and read the whole staff table for line reports (2.5 ms).
    person = officer.pk
    answer = (
        Officer.objects.filter(pk=officer.pk, active=True)
        .filter(
            Q(level=Level.CHIEF_EXECUTIVE)
            | Exists(Officer.objects.filter(line_manager=person, active=True))
            | Exists(RoleAssignment.objects.current(today).filter(officer=person))
            | Exists(Delegation.objects.filter(delegate=person, ends_on__gte=today))
            | Exists(ApprovalStep.objects.filter(assignee=person))
            | Exists(ApprovalStep.objects.filter(delegated_from=person))
        )
        .exists()
    )
    if on is None:
        setattr(officer, _MAY_EVER_DECIDE, answer)
    return answer


def holds(officer: Officer, on: datetime.date | None = None) -> Callable[[ApprovalStep], bool]:
    """`may_decide` for many steps at once (the queue's rows): whether `officer` holds a
    step of someone else's declaration, as its assignee, as the approver it was passed
    on from, or as the delegate on `on` of its assignee. The delegations are read once;
    `decide` asks `may_decide` itself, step by step."""
    acting_for_ids = set(
        delegation.delegators_of(officer, on).values_list("delegator_id", flat=True)
    )

    def held(step: ApprovalStep) -> bool:
        return step.declaration.officer_id != officer.pk and (
            step.assignee_id == officer.pk
            or step.delegated_from_id == officer.pk
            or step.assignee_id in acting_for_ids
        )

    return held


def settled_together(
    step: ApprovalStep, steps: Sequence[ApprovalStep], held: Callable[[ApprovalStep], bool]
) -> list[ApprovalStep]:
    """The steps one decision on `step` settles, `step` first: the same person is never
    asked twice about one declaration.

    `steps` are the declaration's steps and `held` says which the person deciding holds.
    An approval is decided in order, so with `step` go the pending steps straight after
    it that they hold, up to the first held by someone else (who decides next). An
    acknowledgement's steps are all open at once and decided in any order, so with
    `step` go every other open step they hold.
    """
    pending = sorted(
        (s for s in steps if s.state == c.StepState.PENDING and s.pk != step.pk),
        key=lambda s: s.order,
    )
    settled = [step]
    if routing.outcome_of(step.declaration) == Outcome.APPROVAL_REQUIRED:
        for following in (s for s in pending if s.order > step.order):
            if not held(following):
                break
            settled.append(following)
    else:
        settled.extend(s for s in pending if s.opened_at is not None and held(s))
    return settled


def settled_with(step: ApprovalStep, officer: Officer) -> list[ApprovalStep]:
    """The steps `officer` deciding `step` now would settle, `step` first (the decision
    page names them; `decide` works them out again under its locks)."""
    others = list(
        step.declaration.approval_steps.filter(state=c.StepState.PENDING)
        .exclude(pk=step.pk)
        .order_by("order")
    )
    for other in others:
        other.declaration = step.declaration
    return settled_together(step, others, lambda other: may_decide(other, officer))


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


def _note(
    settled: Sequence[tuple[ApprovalStep, Officer | None]], verb: str, by: Officer, reason: str
) -> str:
    """ "Step 1 (line manager) approved by Lee Manager: Fine", or for several steps
    settled at once "Steps 1 and 2 acknowledged by Michael Oduya as line manager and
    director." (`settled`: each step, and whom `by` acted for on it)."""
    if len(settled) == 1:
        ((step, for_whom),) = settled
        who = by.full_name + (f" for {for_whom.full_name}" if for_whom else "")
        text = f"Step {step.order} ({labels.role_in_text(step.role)}) {verb} by {who}"
    else:
        orders = labels.in_words([str(step.order) for step, _ in settled])
        roles = labels.in_words(
            [
                labels.role_in_text(step.role)
                + (f" (for {for_whom.full_name})" if for_whom else "")
                for step, for_whom in settled
            ]
        )
        text = f"Steps {orders} {verb} by {by.full_name} as {roles}"
    return f"{text}: {reason}" if reason else f"{text}."


def lock_declaration_of(step_id: int) -> Declaration:
    """Lock (SELECT ... FOR UPDATE) the declaration a step belongs to, and return it with
    its officer and their user (one query)."""
    declaration = (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("officer__user")
        .filter(approval_steps__pk=step_id)
        .first()
    )
    if declaration is None:
        raise ApprovalStep.DoesNotExist(f"No approval step {step_id}.")
    return declaration


def _locked_steps(declaration: Declaration, step_id: int, on: datetime.date) -> list[ApprovalStep]:
    """The step and the declaration's other pending steps, locked (after the declaration:
    the lock order) in one query, in route order, each with the id of whoever acts for
    its assignee on `on` (`delegate_id`, as delegation.current_delegation finds it)."""
    in_force = (
        delegation.in_force(on)
        .filter(delegator=OuterRef("assignee_id"))
        .order_by("-created_at", "-id")
        .values("delegate_id")[:1]
    )
    steps: list[ApprovalStep] = list(
        declaration.approval_steps.select_for_update(of=("self",))
        .filter(Q(pk=step_id) | Q(state=c.StepState.PENDING))
        .select_related("assignee__user", "delegated_from__user", "decided_by__user")
        .annotate(delegate_id=Subquery(in_force))
        .order_by("order")
    )
    for step in steps:
        step.declaration = declaration
    return steps


def _delegate_id(step: ApprovalStep) -> int | None:
    """The delegate id `_locked_steps` read with the step."""
    return getattr(step, "delegate_id", None)


def _delegates(steps: Sequence[ApprovalStep], declarant: Officer) -> dict[int, Officer]:
    """assignee id -> who acts for them (delegation.delegate_for), from the delegate ids
    read with the steps: read only when someone is away (one query then)."""
    delegate_ids = {_delegate_id(step) for step in steps} - {None}
    if not delegate_ids:
        return {}
    people = Officer.objects.select_related("user").in_bulk(delegate_ids)
    found: dict[int, Officer] = {}
    for step in steps:
        delegate = people.get(_delegate_id(step) or 0)
        if (
            step.assignee_id is not None
            and delegate is not None
            and delegate.active
            and delegate.pk != declarant.pk
        ):
            found[step.assignee_id] = delegate
    return found


def decide(step_id: int, *, by: Officer, decision: str, reason: str = "") -> ApprovalStep:
    """Approve, reject or acknowledge one step, then move the route and declaration on.

    The decision settles with the step every step the same person would be asked
    again (`settled_together`), recorded as one event naming each role. approve: the
    next step opens, or the declaration is approved after the last one; reject (a
    reason is required): the other pending steps are cancelled and the declaration
    rejected; acknowledge: the declaration is recorded once every step is. Raises
    ApprovalStep.DoesNotExist, NotYours, AlreadyDecided, NotOpen, WrongDecision or
    ReasonRequired, and then nothing is saved. Returns the step asked about.

    Its events are written together and its emails queued as one task, in its
    transaction, as it ends (workflow.events_written_together,
    notifications.told_together); the steps it changes are written in one query.
    """
    if decision not in DECISIONS:
        raise WrongDecision(f"Unknown decision {decision!r}.")
    reason = (reason or "").strip()
    with (
        transaction.atomic(),
        events_written_together(),
        notifications.told_together(),
    ):
        # Lock the declaration, then its steps: the same order as withdrawing (which
        # moves the declaration, then cancels its steps), so the two cannot deadlock;
        # and two acknowledgements of one declaration at once queue up, so the second
        # sees the first and the declaration is recorded.
        declaration = lock_declaration_of(step_id)
        now = clock.now()
        today = timezone.localdate(now)
        steps = _locked_steps(declaration, step_id, today)
        step = next(each for each in steps if each.pk == step_id)
        delegates = _delegates(steps, declaration.officer)
        for_whom = acting_for(step, by, today, delegates)
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
                    "the officer has not yet said what happened to it."
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

        # The declaration's other pending steps (locked above); those `by` holds straight
        # after this one (or, to acknowledge, anywhere) are settled by this one decision.
        others = [other for other in steps if other.pk != step.pk]
        settled = settled_together(
            step, others, lambda other: may_decide(other, by, today, delegates)
        )
        acted_for = sorted(
            [(step, for_whom)]
            + [(other, acting_for(other, by, today, delegates)) for other in settled[1:]],
            key=lambda settling: settling[0].order,
        )
        changed: list[ApprovalStep] = []
        for each, whom in acted_for:
            _settle(each, by=by, for_whom=whom, decision=decision, reason=reason, now=now)
            changed.append(each)
        verb = labels.step_state(STEP_STATE_FOR[decision]).lower()  # "approved"
        record_event(
            declaration,
            STEP_EVENT_FOR[decision],
            actor=by.user,
            note=_note(acted_for, verb, by, reason),
        )
        notifications.queue_decision(step, settled[1:])

        pending = [other for other in others if other not in settled]
        if decision == c.Decision.APPROVE:
            following = next((s for s in pending if s.order > settled[-1].order), None)
            if following is not None and following.opened_at is None:
                routing.open_step(following, now=now, delegates=delegates, save=False)
                changed.append(following)
            _save_steps(changed)
            if following is None:
                transition(
                    declaration, c.EventAction.APPROVE, actor=by.user, note=reason, locked=True
                )
                end_if_declarant_left(declaration, actor=by.user)
        elif decision == c.Decision.REJECT:
            changed += routing.cancel_pending_steps(
                declaration,
                actor=by.user,
                why="Not needed after the rejection",
                now=now,
                locked_steps=pending,
                save=False,
            )
            _save_steps(changed)
            transition(declaration, c.EventAction.REJECT, actor=by.user, note=reason, locked=True)
        else:
            _save_steps(changed)
            if not pending:
                # What happened to a declined gift is in its own event already.
                transition(
                    declaration, c.EventAction.RECORD, actor=by.user, note=reason, locked=True
                )
                end_if_declarant_left(declaration, actor=by.user)
    return step


def end_if_declarant_left(declaration: Declaration, *, actor: User | None) -> bool:
    """A leaver's entry approved (or recorded) after they left ends on their leaving date.

    When an officer leaves, an amendment of an interest or outside work in force that is
    still awaiting a decision stays with its approvers (people.leavers: the version it
    amends is superseded and cannot be ended). Decided after they left, it comes into
    force here and is ended at once, as the leaving ended their other entries. Returns
    whether it was ended. The caller holds the declaration locked (`decide`)."""
    officer = declaration.officer
    left_on = officer.left_on
    if (
        declaration.type not in ENDED_ON_LEAVING
        or officer.active
        or left_on is None
        or declaration.status not in (c.Status.APPROVED, c.Status.RECORDED)
        or (declaration.ended_on is not None and declaration.ended_on <= left_on)
    ):
        return False
    end_on_leaving(declaration, left_on, leaver=officer.full_name, actor=actor)
    return True


# What deciding (and opening the next step) changes on a step: written in one query.
DECIDED_FIELDS = (
    "assignee",
    "delegated_from",
    "state",
    "decided_by",
    "decided_at",
    "reason",
    "opened_at",
    "due_on",
)


def _save_steps(steps: Sequence[ApprovalStep]) -> None:
    """Write the steps a decision settled or opened (locked by `decide`): one UPDATE."""
    if len(steps) == 1:
        steps[0].save(update_fields=list(DECIDED_FIELDS))
    elif steps:
        ApprovalStep.objects.bulk_update(steps, list(DECIDED_FIELDS))


def _settle(
    step: ApprovalStep,
    *,
    by: Officer,
    for_whom: Officer | None,
    decision: str,
    reason: str,
    now: datetime.datetime,
) -> None:
    """Set one step's decision (the caller has locked it, saves it and records the event)."""
    if step.assignee_id != by.pk:
        # Acting as the assignee's delegate: the step now shows who held it for whom.
        step.delegated_from = for_whom
        step.assignee = by
    step.state = STEP_STATE_FOR[decision]
    step.decided_by = by
    step.decided_at = now
    step.reason = reason
    # A later step settled with an earlier one was put before them at that moment.
    step.opened_at = step.opened_at or now


# --- the queue ------------------------------------------------------------------------


def queue_for(officer: Officer, on: datetime.date | None = None) -> QuerySet[ApprovalStep]:
    """Open steps waiting for `officer`: their own, and those of anyone they act for.

    A step the officer delegated comes back to their queue once the delegation ends.
    Oldest first.
    """
    on = on or clock.today()
    acting_for_ids = delegation.delegators_of(officer, on)
    my_delegate_ids = delegation.delegates_of(officer, on)
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
