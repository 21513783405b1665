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
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

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


class RoleBook:
    """Who holds which role for one declarant on one day, read in as few queries as a
    route allows: the first question about an organisation reads all its role holders,
    and every chief officer, in one query; the first about a chain role reads the
    declarant's line-management chain in one more (hierarchy.read_chain). Submitting
    asks it for the register keeper and then for each role of the route."""

    def __init__(self, declarant: Officer, on: datetime.date | None = None) -> None:
        self.declarant = declarant
        self.on = on or clock.today()
        self._chain_read = False
        self._chief_officers: set[int] | None = None
        self._organisations_read: set[int] = set()
        self._holders: dict[tuple[int, str], list[Officer]] = {}

    def read(self, organisations: set[int]) -> None:
        """Read the role holders of these organisations (and every chief officer)."""
        wanted = organisations - self._organisations_read
        if not wanted:
            return
        assignments = (
            RoleAssignment.objects.current(self.on)
            .filter(
                Q(role=c.OrganisationRole.CHIEF_OFFICER)
                | Q(organisation_id__in=wanted, role__in=READ_ROLES)
            )
            .select_related("officer__user")
            .order_by("valid_from", "id")
        )
        chief_officers: set[int] = set()
        for assignment in assignments:
            if assignment.role == c.OrganisationRole.CHIEF_OFFICER:
                chief_officers.add(assignment.officer_id)
            officer = assignment.officer
            if assignment.organisation_id not in wanted:
                continue
            # As current_holders: active, not the declarant, each once, longest-serving first.
            if not officer.active or officer.pk == self.declarant.pk:
                continue
            holders = self._holders.setdefault((assignment.organisation_id, assignment.role), [])
            if officer not in holders:
                holders.append(officer)
        self._organisations_read |= wanted
        self._chief_officers = chief_officers

    def holders(self, organisation: Organisation, role: str) -> list[Officer]:
        """current_holders(organisation, role, on, exclude=declarant), from what is read."""
        self.read({organisation.pk})
        return self._holders.get((organisation.pk, str(role)), [])

    def chief_officers(self) -> set[int]:
        """Everyone holding the chief officer role today, at any employer."""
        if self._chief_officers is None:
            self.read({self.declarant.organisation_id})
        return self._chief_officers or set()

    def resolve(self, role: str, organisation: Organisation) -> Resolution:
        """The person `role` means for the declarant (organisation roles in `organisation`)."""
        if role in CHAIN_LEVELS and not self._chain_read:
            hierarchy.read_chain(self.declarant)
            self._chain_read = True
        return _resolve(role, organisation, self)

    def resolve_all(self, wanted: Sequence[tuple[str, Organisation]]) -> list[Resolution]:
        """`resolve` for each (role, organisation) of a route, in order."""
        self.read({organisation.pk for _, organisation in wanted})
        return [self.resolve(role, organisation) for role, organisation in wanted]


# The roles RoleBook reads for an organisation: every role current_holders is asked about.
READ_ROLES: frozenset[str] = frozenset({*HOLDER_ROLES, c.OrganisationRole.CHIEF_OFFICER})


def _chief_executive(organisation: Organisation, book: RoleBook) -> Officer | None:
    """The role holder, or failing that the organisation's officer at chief executive level."""
    holders = book.holders(organisation, Role.CHIEF_EXECUTIVE)
    if holders:
        return holders[0]
    return (
        Officer.objects.filter(organisation=organisation, level=Level.CHIEF_EXECUTIVE, active=True)
        .exclude(pk=book.declarant.pk)
        .select_related("user")
        .order_by("id")
        .first()
    )


def _chain_person(officer: Officer, role: str, book: RoleBook) -> Officer | None:
    """The nearest active manager up the chain who can act in `role` (hierarchy walks it)."""
    minimum = CHAIN_LEVELS[role]
    if minimum is None:
        return hierarchy.nearest_above(officer, lambda _manager: True)
    if role == Role.CHIEF_OFFICER:
        chief_officers = book.chief_officers()
        return hierarchy.nearest_above(
            officer,
            lambda manager: manager.level_rank >= minimum.rank or manager.pk in chief_officers,
        )
    return hierarchy.nearest_above(officer, lambda manager: manager.level_rank >= minimum.rank)


def _fallback(organisation: Organisation, book: RoleBook) -> Officer | None:
    holders = book.holders(organisation, Role.MONITORING_OFFICER)
    if holders:
        return holders[0]
    return _chief_executive(organisation, book)


def fallback_person(
    organisation: Organisation, declarant: Officer, on: datetime.date
) -> Officer | None:
    """Who holds a step nobody else can: the monitoring officer, else the chief executive."""
    holders = current_holders(organisation, Role.MONITORING_OFFICER, on, exclude=declarant)
    if holders:
        return holders[0]
    return _chief_executive(organisation, RoleBook(declarant, on))


def _resolve(role: str, organisation: Organisation, book: RoleBook) -> Resolution:
    declarant = book.declarant
    person: Officer | None = None
    if role in CHAIN_LEVELS:
        person = _chain_person(declarant, role, book)
        if person is None and role == Role.CHIEF_OFFICER:
            # Top of a chain (or no chain): the organisation's appointed chief officer.
            holders = book.holders(organisation, role)
            person = holders[0] if holders else None
    elif role == Role.CHIEF_EXECUTIVE:
        person = _chief_executive(organisation, book)
    elif role in HOLDER_ROLES:
        holders = book.holders(organisation, role)
        person = holders[0] if holders else None
    if person is not None:
        return Resolution(role, organisation, person)
    return Resolution(role, organisation, _fallback(organisation, book), route_unresolved=True)


def resolve_role(
    role: str,
    declarant: Officer,
    organisation: Organisation,
    on: datetime.date | None = None,
) -> Resolution:
    """The person `role` means for `declarant` (organisation roles within `organisation`)."""
    return RoleBook(declarant, on).resolve(role, organisation)


def resolve_roles(
    wanted: Sequence[tuple[str, Organisation]],
    declarant: Officer,
    on: datetime.date | None = None,
) -> list[Resolution]:
    """`resolve_role` for each (role, organisation) of a route, in order, in a few queries
    whatever its length (RoleBook)."""
    return RoleBook(declarant, on).resolve_all(wanted)
