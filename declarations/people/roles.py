"""Who holds a role for an officer: the people a route or a register keeper names.

Chain roles (line manager, head of service, assistant director, director, chief
officer) are the nearest active person up the officer's line-management chain at or
above the role's level; organisation roles (chief executive, monitoring officer, board
secretary, HR, legal adviser) are the organisation's current holders. Nobody holds a
role for themselves, and a role nobody can fill falls back to the monitoring officer
(the chief executive if the declarant is the monitoring officer), flagged
`route_unresolved`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from declarations import choices as c
from declarations import clock
from declarations.models import Officer, Organisation, RoleAssignment
from declarations.people import hierarchy
from policies.vocabulary import Level, Role

# Chain roles and the lowest level that can fill them (line manager: anyone above).
CHAIN_LEVELS: dict[str, Level | None] = {
    Role.LINE_MANAGER: None,
    Role.HEAD_OF_SERVICE: Level.HEAD_OF_SERVICE,
    Role.ASSISTANT_DIRECTOR: Level.ASSISTANT_DIRECTOR,
    Role.DIRECTOR: Level.DIRECTOR,
    Role.CHIEF_OFFICER: Level.DIRECTOR,  # or a holder of the chief_officer role
}
HOLDER_ROLES: frozenset[str] = frozenset(
    {
        Role.CHIEF_EXECUTIVE,
        Role.MONITORING_OFFICER,
        Role.BOARD_SECRETARY,
        Role.HR,
        Role.LEGAL_ADVISER,
    }
)


@dataclass(frozen=True)
class Resolution:
    """Who a role is for one declaration, and whether we had to fall back."""

    role: str
    organisation: Organisation
    assignee: Officer | None
    route_unresolved: bool = False


def current_holders(
    organisation: Organisation | int, role: str, on: datetime.date, *, exclude: Officer
) -> list[Officer]:
    """The active officers holding `role` in `organisation` today, longest-serving first."""
    assignments = (
        RoleAssignment.objects.current(on)
        .filter(organisation=organisation, role=role, officer__active=True)
        .exclude(officer=exclude)
        .select_related("officer__user")
        .order_by("valid_from", "id")
    )
    holders: list[Officer] = []
    for assignment in assignments:
        if assignment.officer not in holders:
            holders.append(assignment.officer)
    return holders


def _chief_executive(
    organisation: Organisation, on: datetime.date, *, exclude: Officer
) -> Officer | None:
    """The role holder, or failing that the organisation's officer at chief executive level."""
    holders = current_holders(organisation, Role.CHIEF_EXECUTIVE, on, exclude=exclude)
    if holders:
        return holders[0]
    return (
        Officer.objects.filter(organisation=organisation, level=Level.CHIEF_EXECUTIVE, active=True)
        .exclude(pk=exclude.pk)
        .select_related("user")
        .order_by("id")
        .first()
    )


def _chain_person(officer: Officer, role: str, on: datetime.date) -> Officer | None:
    """The nearest active manager up the chain who can act in `role` (hierarchy walks it)."""
    minimum = CHAIN_LEVELS[role]
    if minimum is None:
        return hierarchy.nearest_above(officer, lambda _manager: True)
    if role == Role.CHIEF_OFFICER:
        chief_officers = set(
            RoleAssignment.objects.current(on)
            .filter(role=c.OrganisationRole.CHIEF_OFFICER)
            .values_list("officer_id", flat=True)
        )
        return hierarchy.nearest_above(
            officer,
            lambda manager: manager.level_rank >= minimum.rank or manager.pk in chief_officers,
        )
    return hierarchy.nearest_above(officer, lambda manager: manager.level_rank >= minimum.rank)


def fallback_person(
    organisation: Organisation, declarant: Officer, on: datetime.date
) -> Officer | None:
    """Who holds a step nobody else can: the monitoring officer, else the chief executive."""
    holders = current_holders(organisation, Role.MONITORING_OFFICER, on, exclude=declarant)
    if holders:
        return holders[0]
    return _chief_executive(organisation, on, exclude=declarant)


def resolve_role(
    role: str,
    declarant: Officer,
    organisation: Organisation,
    on: datetime.date | None = None,
) -> Resolution:
    """The person `role` means for `declarant` (organisation roles within `organisation`)."""
    on = on or clock.today()
    person: Officer | None = None
    if role in CHAIN_LEVELS:
        person = _chain_person(declarant, role, on)
        if person is None and role == Role.CHIEF_OFFICER:
            # Top of a chain (or no chain): the organisation's appointed chief officer.
            holders = current_holders(organisation, role, on, exclude=declarant)
            person = holders[0] if holders else None
    elif role == Role.CHIEF_EXECUTIVE:
        person = _chief_executive(organisation, on, exclude=declarant)
    elif role in HOLDER_ROLES:
        holders = current_holders(organisation, role, on, exclude=declarant)
        person = holders[0] if holders else None
    if person is not None:
        return Resolution(role, organisation, person)
    return Resolution(
        role, organisation, fallback_person(organisation, declarant, on), route_unresolved=True
    )
