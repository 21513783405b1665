"""Moving waiting steps when the person asked can no longer answer them.

A step is given to whoever held its role when the route was opened. When that person
leaves, stops being the declarant's line manager (or further up their chain), or no
longer holds an organisation role, the step must not wait for them: the route is asked
again, as routing would ask it today (people.RoleBook for the declarant, the host
employer for a role only the host's code asks for), and a step whose answer has changed
is given to the new person:

* the new assignee is set, flagged `route_unresolved` if nobody holds the role and the
  monitoring officer (or chief executive) stands in;
* a step already open goes to the new person's delegate if they are away (as opening a
  step does), and the new person is emailed; a later step not yet reached only changes
  hands, and its assignee hears when it opens;
* each declaration gets ONE history event, "Passed to someone else", naming who was
  asked, why they no longer are, and who is asked now.

Locks: the declarations first, then their steps, the order deciding uses. Entry points:
`move_steps_of_leaver`, `move_steps_after_line_management` and `move_steps_of_role`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from declarations import choices as c
from declarations import clock, labels, notifications
from declarations.approvals import delegation
from declarations.approvals.routing import (
    as_user,
    due_days,
    host_of,
    host_only_roles,
    person_asked,
)
from declarations.models import ApprovalStep, Declaration, Officer, Organisation
from declarations.people import CHAIN_LEVELS, RoleBook, within_reach
from declarations.workflow import events_written_together, record_event
from policies.vocabulary import Role

CHAIN_ROLES: frozenset[str] = frozenset(str(role) for role in CHAIN_LEVELS)
# Roles whose holder stands in for a role nobody holds (people.fallback_person).
FALLBACK_ROLES: frozenset[str] = frozenset({Role.MONITORING_OFFICER, Role.CHIEF_EXECUTIVE})

HAS_LEFT = "has left"
NO_LONGER_IN_CHAIN = "is no longer their {role}"
NO_LONGER_HOLDS_ROLE = "no longer holds the role"
ROLE_NOW_HELD = "is no longer asked: someone now holds the role"


@dataclass(frozen=True)
class MovedStep:
    """A step given to someone else, and who was asked before, in words."""

    step: ApprovalStep
    before: str


def move_steps_of_leaver(
    leaver: Officer, *, actor: User | Officer | None = None, now: datetime.datetime | None = None
) -> list[MovedStep]:
    """The waiting steps of someone who has left, whether asked themselves or as a
    delegate, go to whoever the route names now (the leaver is inactive by now, so
    nobody's route names them)."""
    return move_steps(
        Q(assignee=leaver) | Q(delegated_from=leaver),
        why=HAS_LEFT,
        actor=actor,
        leaver=leaver,
        now=now,
    )


def move_steps_after_line_management(
    officers: Iterable[Officer | int],
    *,
    actor: User | Officer | None = None,
    now: datetime.datetime | None = None,
) -> list[MovedStep]:
    """After these officers' line managers changed: the waiting chain-role steps
    (line manager up to chief officer) of their declarations and of the declarations
    of everyone below them, whose chain above changed too."""
    moved = {officer.pk if isinstance(officer, Officer) else officer for officer in officers}
    if not moved:
        return []
    # Who has a chain step waiting at all (the partial index of pending steps by role).
    declarants = set(
        ApprovalStep.objects.filter(state=c.StepState.PENDING, role__in=CHAIN_ROLES)
        .values_list("declaration__officer_id", flat=True)
        .distinct()
    )
    affected = within_reach(moved, declarants)
    if not affected:
        return []
    return move_steps(
        Q(role__in=CHAIN_ROLES, declaration__officer_id__in=affected),
        why=NO_LONGER_IN_CHAIN,
        actor=actor,
        now=now,
    )


def move_steps_of_role(
    organisation: Organisation | int,
    role: str,
    *,
    actor: User | Officer | None = None,
    now: datetime.datetime | None = None,
) -> list[MovedStep]:
    """After the holders of `role` in `organisation` changed (an assignment added, ended
    or removed): the waiting steps for that role there, and, for the monitoring officer
    or chief executive, the steps they hold in place of a role nobody held. The chief
    officer role counts at every employer (people.RoleBook), so its steps are all asked."""
    org = Q(declaration__organisation=organisation) | Q(declaration__host_organisation=organisation)
    matching = Q(role=role) if role == Role.CHIEF_OFFICER else Q(role=role) & org
    if role in FALLBACK_ROLES:
        matching |= Q(route_unresolved=True) & org
    return move_steps(matching, why=NO_LONGER_HOLDS_ROLE, actor=actor, now=now)


# --- the one way steps move -----------------------------------------------------------


def move_steps(
    matching: Q,
    *,
    why: str,
    actor: User | Officer | None = None,
    leaver: Officer | None = None,
    now: datetime.datetime | None = None,
) -> list[MovedStep]:
    """Ask again who each waiting step matching `matching` is for, and move those whose
    answer changed (see the module's docstring). `why` reads on from the person asked
    before: "Lee Manager (line manager) `why`." ("{role}" is filled in with the step's
    role). `leaver`: the person who left, named as the one who was asked.

    A few queries for the lot (the declarations and steps, locked; the new delegates;
    one update; the events in one insert), and a few more per declarant to read their
    chain and their employer's role holders (people.RoleBook), never one per step.
    """
    now = now or clock.now()
    today = timezone.localdate(now)
    pending = ApprovalStep.objects.filter(matching, state=c.StepState.PENDING)
    with transaction.atomic(), events_written_together(), notifications.told_together():
        declaration_ids = sorted(set(pending.values_list("declaration_id", flat=True)))
        if not declaration_ids:
            return []
        # Declarations first, then steps: the lock order deciding uses.
        declarations = {
            declaration.pk: declaration
            for declaration in Declaration.objects.select_for_update(of=("self",))
            .filter(pk__in=declaration_ids)
            .select_related("officer__user", "organisation", "host_organisation")
            .order_by("pk")
        }
        steps = list(
            pending.filter(declaration_id__in=declaration_ids)
            .select_for_update(of=("self",))
            .select_related("assignee__user", "delegated_from__user")
            .order_by("declaration_id", "order")
        )
        books: dict[int, RoleBook] = {}
        host_roles: dict[int, frozenset[str]] = {}
        moved: list[MovedStep] = []
        quietly: list[ApprovalStep] = []  # same person, only the fallback flag changes
        for step in steps:
            declaration = declarations[step.declaration_id]
            step.declaration = declaration
            book = books.setdefault(declaration.officer_id, RoleBook(declaration.officer, today))
            resolution = book.resolve(step.role, _organisation_for(declaration, step, host_roles))
            holder = step.delegated_from or step.assignee
            delegate_gone = step.assignee is not None and not step.assignee.active
            if _same(resolution.assignee, holder) and not delegate_gone:
                if resolution.route_unresolved != step.route_unresolved:
                    step.route_unresolved = resolution.route_unresolved
                    quietly.append(step)
                continue
            before = _before(step, resolution.route_unresolved, why, leaver)
            step.assignee = resolution.assignee
            step.delegated_from = None
            step.route_unresolved = resolution.route_unresolved
            moved.append(MovedStep(step, before))
        if not moved and not quietly:
            return []
        _delegate_open_steps([each.step for each in moved], today)
        for each in moved:
            if each.step.opened_at is not None:
                # A fresh start for the new person (reminders and "overdue" follow it).
                each.step.due_on = today + datetime.timedelta(days=due_days())
        ApprovalStep.objects.bulk_update(
            [each.step for each in moved] + quietly,
            ["assignee", "delegated_from", "route_unresolved", "due_on"],
        )
        for declaration_id in sorted({each.step.declaration_id for each in moved}):
            of_this = [each for each in moved if each.step.declaration_id == declaration_id]
            record_event(
                declarations[declaration_id],
                c.EventAction.STEP_MOVED,
                actor=as_user(actor),
                note=" ".join(
                    f"{each.before} Now asked: {person_asked(each.step)}." for each in of_this
                ),
            )
        for each in moved:
            if each.step.opened_at is not None and each.step.assignee_id is not None:
                notifications.queue_step_opened(each.step)
    return moved


def _organisation_for(
    declaration: Declaration, step: ApprovalStep, host_roles: dict[int, frozenset[str]]
) -> Organisation:
    """The employer whose holder the role means: the host for a role only the host's code
    asks for (a seconded officer's declaration), else the declaration's own, as routing."""
    host = host_of(declaration)
    if host is None:
        return declaration.organisation
    if declaration.pk not in host_roles:
        host_roles[declaration.pk] = host_only_roles(declaration)
    return host if step.role in host_roles[declaration.pk] else declaration.organisation


def _same(one: Officer | None, other: Officer | None) -> bool:
    return (one.pk if one else None) == (other.pk if other else None)


def _before(step: ApprovalStep, now_resolved: bool, why: str, leaver: Officer | None) -> str:
    """Who was asked and why no longer, as the first sentence of the event's note."""
    role = labels.role_in_text(step.role)
    if leaver is not None and step.assignee_id != leaver.pk:
        # They were away and their delegate held the step: it is they who left.
        return f"{leaver.full_name} ({role}) {why.format(role=role)}."
    if leaver is None and step.route_unresolved and not now_resolved:
        return f"{person_asked(step)} {ROLE_NOW_HELD}."
    return f"{person_asked(step)} {why.format(role=role)}."


def _delegate_open_steps(steps: list[ApprovalStep], today: datetime.date) -> None:
    """An open step goes to its new assignee's delegate if they are away today, as
    opening it would (routing.open_step): one query per declarant, not per step."""
    by_declarant: dict[int, list[ApprovalStep]] = {}
    for step in steps:
        if step.opened_at is not None and step.assignee_id is not None:
            by_declarant.setdefault(step.declaration.officer_id, []).append(step)
    for waiting in by_declarant.values():
        declarant = waiting[0].declaration.officer
        delegates = delegation.delegates_for(
            [step.assignee_id for step in waiting], declarant, today
        )
        for step in waiting:
            delegate = delegates.get(step.assignee_id) if step.assignee_id else None
            if delegate is not None:
                step.delegated_from = step.assignee
                step.assignee = delegate
