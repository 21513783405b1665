"""Who keeps which register, and the checks that refuse everyone else.

The monitoring officer keeps their organisation's whole register (system
administrators: every organisation's). The registers the codes name are kept by
whoever the code says: a role holder, a level (a director), or line managers, each
keeping the entries recorded as theirs when they were submitted. named.py says which
entries each named register holds and asks here who may see it.

A refusal is PermissionDenied, never a hint about whether the entries exist; the views
turn it into the 403 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from declarations.access import monitoring_officer_organisations, officer_of, roles_today
from declarations.choices import OrganisationRole
from declarations.models import Declaration, Officer, Organisation, RoleAssignment
from policies import vocabulary as v

Someone = User | AnonymousUser


# --- the whole register (monitoring officers) -----------------------------------------------


def kept_organisations(user: Someone) -> list[Organisation]:
    """The organisations whose whole register this user keeps, in name order."""
    return list(monitoring_officer_organisations(user))


def choose_organisation(user: Someone, code: str | None) -> tuple[Organisation, list[Organisation]]:
    """The register to show (the first kept unless `code` picks another) and the choices.

    The register, its exports, the dashboard and publishing all choose this way. Raises
    PermissionDenied for anyone who keeps no register, or asks for one they do not
    keep: the register never says whether someone else's entries exist.
    """
    kept = kept_organisations(user)
    if not kept:
        raise PermissionDenied("Only the monitoring officer can see the whole register.")
    if not code:
        return kept[0], kept
    for organisation in kept:
        if organisation.code == code:
            return organisation, kept
    raise PermissionDenied("You do not keep that organisation's register.")


# --- the registers the codes name -----------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking, with the roles they hold now (read once, not once per register)."""

    user: Someone
    officer: Officer | None
    roles: frozenset[tuple[int, str]]  # (organisation id, role)

    def holds(self, org: Organisation, role: str) -> bool:
        return (org.pk, role) in self.roles

    def keeps_whole_register(self, org: Organisation) -> bool:
        """System administrators and the organisation's monitoring officer see every named
        register of it: the monitoring officer keeps the whole register already."""
        return self.user.is_superuser or self.holds(org, OrganisationRole.MONITORING_OFFICER)


def viewer(user: Someone) -> Viewer:
    """The user with the roles they hold today (one query)."""
    return Viewer(user, officer_of(user), roles_today(user))


def possible_keepers(org: Organisation, role: v.Role) -> QuerySet[Officer]:
    """Who could be recorded in `role` on an entry filed today: anyone with direct
    reports for a line manager, an active officer at that level for a level (a director),
    else the role's current holders. `_is_possible_keeper` answers the same of one
    officer from their record: the two change together."""
    of_org = Q(organisation=org) | Q(seconded_to=org)
    if role == v.Role.LINE_MANAGER:
        return Officer.objects.filter(of_org, direct_reports__isnull=False)
    if role.value in {level.value for level in v.Level}:
        return Officer.objects.filter(organisation=org, level=role.value, active=True)
    holders = RoleAssignment.objects.current().filter(organisation=org, role=role.value)
    return Officer.objects.filter(pk__in=holders.values("officer"))


def keepers(entries: QuerySet[Declaration], org: Organisation, role: v.Role) -> QuerySet[Officer]:
    """Everyone who keeps some of `entries` in `role`: those recorded as keeper on them,
    and those who could be recorded now (their share may be empty so far)."""
    recorded = entries.filter(
        register_keeper=role.value, register_keeper_officer__isnull=False
    ).values("register_keeper_officer")
    possible = possible_keepers(org, role).values("pk")
    return (
        Officer.objects.filter(Q(pk__in=recorded) | Q(pk__in=possible))
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def has_keepers(entries: QuerySet[Declaration], org: Organisation, role: v.Role) -> bool:
    """Whether anyone keeps some of `entries` in `role` (`keepers` is not empty), found
    by the first one rather than by listing them all."""
    if possible_keepers(org, role).exists():
        return True
    return entries.filter(
        register_keeper=role.value, register_keeper_officer__isnull=False
    ).exists()


# The attributes the answers read once per request are kept under on the Officer object.
_HAS_DIRECT_REPORTS = "_has_direct_reports"
_IS_RECORDED_KEEPER = "_is_recorded_keeper"


def _has_direct_reports(officer: Officer) -> bool:
    """Whether anyone reports to `officer` (what makes a line manager), the same for every
    organisation: read once per request, kept on the Officer object."""
    cached = getattr(officer, _HAS_DIRECT_REPORTS, None)
    if cached is None:
        cached = Officer.objects.filter(line_manager=officer).exists()
        setattr(officer, _HAS_DIRECT_REPORTS, cached)
    return cached


def _is_recorded_keeper(officer: Officer) -> bool:
    """Whether `officer` is recorded as register keeper on any entry at all (through the
    keeper's index): if not, no register's entries need asking. Kept on the Officer."""
    cached = getattr(officer, _IS_RECORDED_KEEPER, None)
    if cached is None:
        cached = Declaration.objects.filter(register_keeper_officer=officer).exists()
        setattr(officer, _IS_RECORDED_KEEPER, cached)
    return cached


def _is_possible_keeper(officer: Officer, org: Organisation, role: v.Role) -> bool:
    """Whether `officer` is one of `possible_keepers(org, role)`, answered from the
    officer's own record where it can be: only a role holder's assignment is asked of
    the database each time, and a line manager's reports once per request."""
    if role == v.Role.LINE_MANAGER:
        of_org = org.pk in (officer.organisation_id, officer.seconded_to_id)
        return of_org and _has_direct_reports(officer)
    if role.value in {level.value for level in v.Level}:
        return officer.organisation_id == org.pk and officer.level == role.value and officer.active
    return possible_keepers(org, role).filter(pk=officer.pk).exists()


def is_keeper(
    officer: Officer | None, entries: QuerySet[Declaration], org: Organisation, role: v.Role
) -> bool:
    """Whether `officer` keeps some of `entries` in `role` (see `keepers`): whether they
    could be recorded in it today, else whether entries are recorded as theirs (through
    the keeper's foreign-key index), never a pass over the register's entries. The
    navigation asks this on every page, of every organisation, so what does not depend
    on the organisation is read once per request."""
    if officer is None:
        return False
    if _is_possible_keeper(officer, org, role):
        return True
    if not _is_recorded_keeper(officer):
        return False
    return entries.filter(register_keeper=role.value, register_keeper_officer=officer).exists()


def check_sees_keepers_own(viewer: Viewer, org: Organisation, keeper: Officer) -> None:
    """A register each keeper keeps for themselves is seen by that keeper and by whoever
    keeps the whole register; anyone else is refused (PermissionDenied)."""
    if keeper.user_id == viewer.user.pk or viewer.keeps_whole_register(org):
        return
    raise PermissionDenied("Only the person who keeps this register can see it.")
