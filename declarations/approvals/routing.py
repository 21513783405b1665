"""Who decides a declaration: the verdict's route roles turned into steps for real people.

A verdict names roles ("line_manager", "director", "monitoring_officer"...); this module
finds the person who holds each role for the declaring officer today, opens their
steps in the order the outcome needs, and records who was asked. The rules:

* chain roles (line manager, head of service, assistant director, director, chief
  officer) are the nearest active person up the officer's line-management chain at or
  above the role's level;
* organisation roles (chief executive, monitoring officer, board secretary, HR, legal
  adviser) are the organisation's current holders; for a seconded officer a role that
  only the host employer's code asks for is the host's holder;
* nobody decides their own declaration, and a role nobody can fill goes to the
  monitoring officer (the chief executive if the declarant is the monitoring officer),
  flagged `route_unresolved`;
* an approver on leave with a delegation in force has the step go to their delegate
  (`delegation.delegate_for`), when the step opens.

It also says where a route stands for the pages (`route_for_display`) and who was asked,
in words for the history (`person_asked`). The route of something the code says must be
declined or must not go ahead waits for the officer to say what happened to it
(approvals.disposition). Other journeys call these through `declarations.approvals`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

import policies
from declarations import choices as c
from declarations import clock, labels, notifications
from declarations.approvals import delegation
from declarations.models import (
    ApprovalStep,
    Declaration,
    Officer,
    Organisation,
)
from declarations.people import Resolution, RoleBook, fallback_person
from declarations.workflow import record_event
from policies.vocabulary import Employer, Outcome, Role

# Outcomes whose route is asked to do something (no_action has no steps).
ROUTED_OUTCOMES: frozenset[str] = frozenset(
    {Outcome.APPROVAL_REQUIRED, Outcome.DECLARE, Outcome.PROHIBITED}
)
AWAITING_STATUSES: tuple[str, ...] = (
    c.Status.AWAITING_APPROVAL,
    c.Status.AWAITING_ACKNOWLEDGEMENT,
)
DEFAULT_DUE_DAYS = 10


class RouteError(Exception):
    """A route that cannot be opened or moved on; the message is fit to show."""


class RouteAlreadyOpen(RouteError):
    pass


def due_days() -> int:
    """Days an approver has for a step (settings.APPROVAL_STEP_DUE_DAYS, default 10)."""
    return int(getattr(settings, "APPROVAL_STEP_DUE_DAYS", DEFAULT_DUE_DAYS))


def as_user(actor: User | Officer | None) -> User | None:
    """Events record users; callers may hold either the user or their Officer record."""
    return actor.user if isinstance(actor, Officer) else actor


def outcome_of(declaration: Declaration) -> str:
    return str((declaration.verdict or {}).get("outcome") or "")


def host_of(declaration: Declaration) -> Organisation | None:
    """The employer the officer was seconded to when they submitted (as recorded); for a
    declaration not yet submitted, their secondment today."""
    if declaration.status == c.Status.DRAFT:
        return declaration.officer.seconded_to
    return declaration.host_organisation


def host_only_roles(declaration: Declaration) -> frozenset[str]:
    """Roles only the host employer's code asks for (a seconded officer's declaration).

    Each code is evaluated on its own: a role in the host verdict's route but not in the
    home verdict's belongs to the host organisation. The facts are those judged at
    submission (`request_facts`), so a secondment or promotion since then changes nothing;
    a declaration without them is read as it stands.
    """
    from declarations.facts import (  # imported late: facts imports the policy layer
        facts_for,
        settings_for,
    )

    if declaration.request_facts is not None:
        facts = policies.parse_request(
            declaration.request_facts, stored_settings=settings_for(declaration)
        )
    elif host_of(declaration) is not None:
        facts = facts_for(declaration)
    else:
        return frozenset()
    host = facts.officer.seconded_to
    if host is None or host == facts.employer:
        return frozenset()
    home_route = policies.evaluate_code(policies.module_for(facts.employer), facts).route
    host_route = policies.evaluate_code(policies.module_for(Employer(host)), facts).route
    return frozenset(str(role) for role in host_route) - {str(role) for role in home_route}


# --- opening steps ----------------------------------------------------------------------


def open_step(
    step: ApprovalStep,
    *,
    now: datetime.datetime | None = None,
    delegates: Mapping[int, Officer] | None = None,
    save: bool = True,
) -> ApprovalStep:
    """Put a step in its assignee's queue (or their delegate's) and tell them.

    Delegation is applied here rather than when the route is made: a later step of an
    approval route may open weeks after submission, when someone else is on leave.
    `delegates` (delegation.delegates_for, read by the caller for several steps at once)
    saves asking again who acts for the assignee. `save=False`: the caller, who has
    locked the step, writes it (with others, in one query) before its transaction ends.
    """
    now = now or clock.now()
    _opened(step, now, delegates)
    if save:
        step.save(update_fields=["assignee", "delegated_from", "opened_at", "due_on"])
    notifications.queue_step_opened(step)
    return step


def _opened(
    step: ApprovalStep, now: datetime.datetime, delegates: Mapping[int, Officer] | None
) -> None:
    """Open the step in memory: its delegate in place of the assignee, when, and by when."""
    today = timezone.localdate(now)
    if step.assignee_id is not None:
        if delegates is None:
            delegates = delegation.delegates_for(
                [step.assignee_id], step.declaration.officer, today
            )
        delegate = delegates.get(step.assignee_id)
        if delegate is not None:
            step.delegated_from = step.assignee
            step.assignee = delegate
    step.opened_at = now
    step.due_on = today + datetime.timedelta(days=due_days())


def person_asked(step: ApprovalStep) -> str:
    """ "Lee Manager (line manager)", with a delegate or a fallback said so, for notes."""
    role = labels.role_in_text(step.role)
    if step.assignee is None:
        return f"nobody yet (no {role} was found)"
    if step.route_unresolved:
        return f"{step.assignee.full_name} (in place of a {role}: none was found)"
    if step.delegated_from is not None:
        return f"{step.assignee.full_name} ({role}, for {step.delegated_from.full_name})"
    return f"{step.assignee.full_name} ({role})"


def people_asked(steps: list[ApprovalStep], joiner: str = " and ") -> str:
    """ "Lee Manager (line manager) and Dana Director (director)"."""
    named = [person_asked(step) for step in steps]
    if len(named) <= 1:
        return "".join(named)
    return ", ".join(named[:-1]) + joiner + named[-1]


def route_sentence(outcome: str, steps: list[ApprovalStep]) -> str:
    """What opening the route did, for the history: "Sent to Lee Manager (line manager)
    for approval, then to Dana Director (director)." """
    if outcome == Outcome.APPROVAL_REQUIRED:
        first, *then = steps
        text = f"Sent to {person_asked(first)} for approval"
        if then:
            text += ", then to " + people_asked(then, joiner=", then to ")
        return text + "."
    if outcome == Outcome.PROHIBITED:
        return (
            f"To be sent to {people_asked(steps)} to acknowledge once the officer says "
            "what happened to it."
        )
    return f"Sent to {people_asked(steps)} to acknowledge."


def cancel_pending_steps(
    declaration: Declaration,
    *,
    actor: User | None,
    why: str,
    now: datetime.datetime | None = None,
    locked_steps: list[ApprovalStep] | None = None,
    save: bool = True,
) -> list[ApprovalStep]:
    """Nobody should be left asked to decide on a version that no longer needs it (after
    a rejection, a withdrawal or an amendment replacing it): the pending steps are
    cancelled, stamped with the time, and listed in one history event, "Lee Manager (line
    manager) is no longer asked: `why`." (`why` reads on from there: "it was withdrawn").

    The caller has locked the declaration, so its steps are locked after it (lock order).
    `locked_steps`: the declaration's pending steps, in order, if the caller has locked
    them already (deciding has); with `save=False` the caller writes them too (with the
    steps it changes itself, in one query) before its transaction ends.
    """
    if not save and locked_steps is None:
        raise ValueError("Only steps the caller has locked can be left for it to save.")
    now = now or clock.now()
    if locked_steps is not None:
        cancelled = [step for step in locked_steps if step.state == c.StepState.PENDING]
    else:
        cancelled = list(
            declaration.approval_steps.select_for_update(of=("self",))
            .filter(state=c.StepState.PENDING)
            .select_related("assignee__user", "delegated_from__user")
            .order_by("order")
        )
    for step in cancelled:
        step.state = c.StepState.CANCELLED
        step.decided_at = now
    if cancelled and save:
        # One UPDATE for them all (the rows are locked above).
        ApprovalStep.objects.filter(pk__in=[step.pk for step in cancelled]).update(
            state=c.StepState.CANCELLED, decided_at=now
        )
    if cancelled:
        record_event(
            declaration,
            c.EventAction.STEPS_CANCELLED,
            actor=actor,
            note=(
                f"{people_asked(cancelled)} {'is' if len(cancelled) == 1 else 'are'} "
                f"no longer asked: {labels.in_sentence(why)}."
            ),
        )
    return cancelled


def open_route(
    declaration: Declaration,
    verdict_json: dict[str, Any],
    *,
    actor: User | Officer | None,
    locked: bool = False,
    book: RoleBook | None = None,
) -> list[ApprovalStep]:
    """Create the declaration's approval steps from its verdict and open the first ones.

    approval_required opens only the first step (they are decided in order); declare
    opens every step for acknowledgement; prohibited waits for the officer to say what
    happened to it (approvals.disposition); no_action makes no steps. A routed outcome
    with an empty route still gets one step, held by the monitoring officer and flagged
    unresolved, so no declaration waits for nobody. Refuses (RouteAlreadyOpen) a
    declaration with steps. `locked`: the caller has locked the declaration in its
    transaction (submitting does), so it is not locked again; `book`: the declarant's
    people.RoleBook, if the caller has one already (it remembers what it has read).
    """
    outcome = str(verdict_json.get("outcome") or "")
    if outcome not in ROUTED_OUTCOMES:
        return []
    declarant = declaration.officer
    today = clock.today()
    roles = [str(role) for role in verdict_json.get("route") or []]
    host = host_of(declaration)
    host_roles = host_only_roles(declaration) if host is not None else frozenset()
    if roles:
        # Every role of the route in a few queries (people.resolve_roles), not one each.
        resolutions = (book or RoleBook(declarant, today)).resolve_all(
            [
                (
                    role,
                    host if host is not None and role in host_roles else declaration.organisation,
                )
                for role in roles
            ]
        )
    else:
        mo = fallback_person(declaration.organisation, declarant, today)
        resolutions = [Resolution(Role.MONITORING_OFFICER, declaration.organisation, mo, True)]

    steps: list[ApprovalStep] = []
    with transaction.atomic(savepoint=not locked):
        if not locked:
            # Locked so that two calls at once cannot both find no steps.
            Declaration.objects.select_for_update().only("pk").get(pk=declaration.pk)
        if not ApprovalStep.objects.filter(declaration=declaration).exists():
            steps = [
                ApprovalStep(
                    declaration=declaration,
                    order=position,
                    role=resolution.role,
                    assignee=resolution.assignee,
                    route_unresolved=resolution.route_unresolved,
                )
                for position, resolution in enumerate(resolutions, start=1)
            ]
            now = clock.now()
            if outcome == Outcome.APPROVAL_REQUIRED:
                opening = steps[:1]
            elif outcome == Outcome.DECLARE:
                opening = steps
            else:
                opening = []
            # Opened before they are written, so each step is one INSERT (all in one query).
            delegates = delegation.delegates_for(
                [step.assignee_id for step in opening if step.assignee_id is not None],
                declarant,
                timezone.localdate(now),
            )
            for step in opening:
                _opened(step, now, delegates)
            ApprovalStep.objects.bulk_create(steps)
            for step in opening:
                notifications.queue_step_opened(step)
            record_event(
                declaration,
                c.EventAction.ROUTE_OPENED,
                actor=as_user(actor),
                note=route_sentence(outcome, steps),
            )
    if not steps:
        # Raised once the block is left, so nothing of a caller's transaction is spoilt.
        raise RouteAlreadyOpen(f"{declaration} already has its approval route.")
    return steps


# --- showing a route ------------------------------------------------------------------


@dataclass(frozen=True)
class RouteStep:
    """One step as the officer and approvers see it."""

    pk: int
    order: int
    role: str
    role_label: str
    person: str
    acting_for: str
    state: str
    state_label: str
    opened_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    decided_by: str
    due_on: datetime.date | None
    overdue: bool
    reason: str
    route_unresolved: bool
    # Not opened because the officer has still to say what happened to it.
    awaits_disposition: bool = False

    @property
    def waiting(self) -> bool:
        return self.state == c.StepState.PENDING

    @property
    def when(self) -> datetime.datetime | None:
        return self.decided_at or self.opened_at

    @property
    def status_words(self) -> str:
        """ "Approved", "Waiting", "Not reached yet", "Waiting to hear what happened"."""
        if self.state == c.StepState.PENDING and self.opened_at is None:
            return "Waiting to hear what happened" if self.awaits_disposition else "Not reached yet"
        return self.state_label


def route_for_display(declaration: Declaration) -> list[RouteStep]:
    """Each step of the route: who, where it stands, when, and the reason given."""
    today = clock.today()
    untold = (
        outcome_of(declaration) == Outcome.PROHIBITED
        and declaration.disposition_recorded_at is None
    )
    steps = declaration.approval_steps.select_related(
        "assignee__user", "decided_by__user", "delegated_from__user"
    ).order_by("order")
    shown = []
    for step in steps:
        decider = step.decided_by or step.assignee
        shown.append(
            RouteStep(
                pk=step.pk,
                order=step.order,
                role=step.role,
                role_label=labels.role(step.role),
                person=decider.full_name if decider else "Nobody found yet",
                acting_for=step.delegated_from.full_name if step.delegated_from is not None else "",
                state=step.state,
                state_label=labels.step_state(step.state),
                opened_at=step.opened_at,
                decided_at=step.decided_at,
                decided_by=step.decided_by.full_name if step.decided_by is not None else "",
                due_on=step.due_on,
                overdue=bool(
                    step.state == c.StepState.PENDING
                    and step.opened_at
                    and step.due_on
                    and step.due_on < today
                ),
                reason=step.reason,
                route_unresolved=step.route_unresolved,
                awaits_disposition=untold,
            )
        )
    return shown
