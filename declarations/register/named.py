"""The registers the codes name (Thurrock's directors' registers, the line managers'
records, the county council's register kept by the monitoring officer...), built from
each employer's declared registers (policies.duties.NamedRegister in its DUTIES).

Membership reads what was recorded when the entry was submitted (the officer's level,
the register keeper's role and the person who held it), so a promotion, a new line
manager or a new director never moves history. A register's page lists its sensitive
entries (relationships and disclosures: `listed`) in full to the monitoring officer and
masked to anyone else (queries.page_listing); they are never opened from it, nor
exported, nor counted in who keeps it (`declarations`). Who may see which register is asked of
keepers.py. A slug that names no register raises NoSuchRegister (the views answer
404); a register the user does not keep raises PermissionDenied (403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

import policies
from declarations import labels
from declarations.models import Declaration, DeclarationQuerySet, Officer, Organisation
from declarations.register import keepers as keeping
from declarations.register.keepers import Viewer
from policies import vocabulary as v
from policies.duties import Entries, Keeping
from policies.duties import NamedRegister as DeclaredRegister


class NoSuchRegister(LookupError):
    """No code names a register with this slug (or no such keeper keeps one)."""


@dataclass(frozen=True)
class NamedRegister:
    """A register a code names, as one viewer may see it.

    `declarations` is already narrowed to what this viewer keeps (a line manager sees
    the records they keep, not every manager's).
    """

    slug: str
    title: str
    organisation: Organisation
    citation: str
    keeper: str
    summary: str
    entries: Callable[[bool], DeclarationQuerySet]  # sensitive ones included, or not

    @property
    def declarations(self) -> DeclarationQuerySet:
        """Its entries but the sensitive ones: what it exports and opens. Built on demand:
        listing the registers should not work out who is in each."""
        return self.entries(False)

    @property
    def listed(self) -> DeclarationQuerySet:
        """Its entries, sensitive ones included: what its page lists (masked for anyone
        but the monitoring officer, queries.page_listing)."""
        return self.entries(True)


# --- which entries a declared register holds -------------------------------------------------


def _matching(selections: tuple[Entries, ...]) -> Q:
    """The declared selections as one filter over recorded columns (any of them)."""
    combined = Q(pk__in=[])
    for selection in selections:
        part = Q()
        if selection.types:
            part &= Q(type__in=[kind.value for kind in selection.types])
        levels = selection.levels()
        if levels is not None:
            part &= Q(officer_level__in=[level.value for level in levels])
        if selection.register_keepers:
            part &= Q(register_keeper__in=[role.value for role in selection.register_keepers])
        if not part:
            return Q()  # a selection with no criteria holds every entry
        combined |= part
    return combined


def _entries(
    duty: DeclaredRegister, org: Organisation, sensitive: bool = False
) -> DeclarationQuerySet:
    """The entries a declared register holds, its sensitive ones (relationships and
    disclosures) only if `sensitive`: its page lists them (masked but for the monitoring
    officer); nothing else here reads them (exports, the entry page, who keeps it)."""
    entries = Declaration.objects.in_register(org)
    if not sensitive:
        entries = entries.without_sensitive()
    return entries.filter(_matching(duty.entries))


def _kept_by(
    duty: DeclaredRegister, org: Organisation, person: Officer | int, sensitive: bool = False
) -> DeclarationQuerySet:
    """The entries recorded, when submitted, as kept by this person in the keeper's role."""
    return _entries(duty, org, sensitive).filter(
        register_keeper=duty.kept_by.role.value, register_keeper_officer=person
    )


def _keepers(duty: DeclaredRegister, org: Organisation) -> QuerySet[Officer]:
    """Everyone who keeps entries of a register kept entry by entry (keepers.keepers)."""
    return keeping.keepers(_entries(duty, org), org, duty.kept_by.role)


def _is_keeper(officer: Officer | None, duty: DeclaredRegister, org: Organisation) -> bool:
    return keeping.is_keeper(officer, _entries(duty, org), org, duty.kept_by.role)


# --- the registers as a viewer sees them -----------------------------------------------------


def _citation(org: Organisation, duty: DeclaredRegister) -> str:
    return f"{org.code}:{duty.cite}"


def _whole(duty: DeclaredRegister, org: Organisation) -> NamedRegister:
    return NamedRegister(
        slug=duty.slug,
        title=duty.title,
        organisation=org,
        citation=_citation(org, duty),
        keeper=duty.keeper_words,
        summary=duty.summary,
        entries=lambda sensitive: _entries(duty, org, sensitive),
    )


def _keepers_share(duty: DeclaredRegister, org: Organisation, keeper: Officer) -> NamedRegister:
    """A register line managers share, as one of them sees it: the entries they keep."""
    return replace(
        _whole(duty, org),
        summary=f"{duty.summary} These are the entries you keep.",
        entries=lambda sensitive: _kept_by(duty, org, keeper, sensitive),
    )


def _keepers_own(duty: DeclaredRegister, org: Organisation, keeper: Officer) -> NamedRegister:
    """A register each keeper keeps for themselves (a Thurrock director's, 14.3)."""
    return replace(
        _whole(duty, org),
        slug=f"{duty.slug}-{keeper.pk}",
        title=f"{duty.title}: kept by {labels.officer_name(keeper)}",
        keeper=labels.officer_name(keeper),
        entries=lambda sensitive: _kept_by(duty, org, keeper, sensitive),
    )


def _visible(viewer: Viewer, duty: DeclaredRegister, org: Organisation) -> list[NamedRegister]:
    """The registers one declared register is, for this viewer: none, one, or (a register
    kept by each keeper, seen by the monitoring officer) one per keeper."""
    whole = viewer.keeps_whole_register(org)
    officer = viewer.officer
    kind = duty.kept_by.keeping
    if kind is Keeping.ROLE_HOLDER:
        if whole or viewer.holds(org, duty.kept_by.role.value):
            return [_whole(duty, org)]
        return []
    if kind is Keeping.SHARED_BY_KEEPERS:
        if whole:
            return [_whole(duty, org)]
        if officer is not None and _is_keeper(officer, duty, org):
            return [_keepers_share(duty, org, officer)]
        return []
    if whole:
        return [_keepers_own(duty, org, keeper) for keeper in _keepers(duty, org)]
    if officer is not None and _is_keeper(officer, duty, org):
        return [_keepers_own(duty, org, officer)]
    return []


def _keeps_plainly(viewer: Viewer, duty: DeclaredRegister, org: Organisation) -> bool:
    """Whether the roles the viewer holds alone show they keep this register (asking
    the database nothing more): one its role holder keeps, or one line managers share
    in an organisation whose whole register they keep. False says only "not plainly"."""
    kind = duty.kept_by.keeping
    if kind is Keeping.ROLE_HOLDER:
        return viewer.keeps_whole_register(org) or viewer.holds(org, duty.kept_by.role.value)
    return kind is Keeping.SHARED_BY_KEEPERS and viewer.keeps_whole_register(org)


def _keeps_any(viewer: Viewer, duty: DeclaredRegister, org: Organisation) -> bool:
    """Whether `_visible` would give this viewer any register, without building the one
    per keeper a monitoring officer sees of a register each keeper keeps."""
    if duty.kept_by.keeping is Keeping.ROLE_HOLDER or not viewer.keeps_whole_register(org):
        return bool(_visible(viewer, duty, org))
    if duty.kept_by.keeping is Keeping.SHARED_BY_KEEPERS:
        return True
    return keeping.has_keepers(_entries(duty, org), org, duty.kept_by.role)


def _declared(org: Organisation) -> tuple[DeclaredRegister, ...]:
    try:
        return policies.duties_for(org.code).registers
    except ValueError:  # an organisation with no code in the contract names no register
        return ()


def named_registers(user: User | AnonymousUser) -> list[NamedRegister]:
    """Every named register this user keeps (system administrators: all of them)."""
    if not user.is_authenticated:
        return []
    viewer = keeping.viewer(user)
    registers: list[NamedRegister] = []
    for org in Organisation.objects.order_by("name"):
        for duty in _declared(org):
            registers.extend(_visible(viewer, duty, org))
    return registers


def _own_first(
    organisations: Iterable[Organisation], officer: Officer | None
) -> list[Organisation]:
    """The officer's employer and host before the rest (otherwise in the order given):
    where a director or a line manager keeps a register, known from their staff record."""
    own = {officer.organisation_id, officer.seconded_to_id} if officer else set()
    return sorted(organisations, key=lambda org: org.pk not in own)


def keeps_a_named_register(user: User | AnonymousUser) -> bool:
    """Whether `named_registers(user)` lists any: what the navigation asks on every page.

    First what the roles already read show, across every organisation; only then the
    questions that may need the database, the viewer's own organisations first,
    answered at the first register found.
    """
    if not user.is_authenticated:
        return False
    viewer = keeping.viewer(user)
    organisations = _own_first(Organisation.objects.order_by("name"), viewer.officer)
    declared = [(duty, org) for org in organisations for duty in _declared(org)]
    return any(_keeps_plainly(viewer, duty, org) for duty, org in declared) or any(
        _keeps_any(viewer, duty, org) for duty, org in declared
    )


# --- one register by its slug ----------------------------------------------------------------


def _find(slug: str) -> tuple[v.Employer, DeclaredRegister, str] | None:
    """The employer and declared register a slug names, with the keeper's id for a
    register kept by each keeper ("thurrock-director-12" -> thurrock-director, "12")."""
    for employer in v.Employer:
        for duty in policies.duties_for(employer).registers:
            if duty.kept_by.keeping is Keeping.EACH_KEEPER:
                if slug.startswith(f"{duty.slug}-"):
                    return employer, duty, slug.removeprefix(f"{duty.slug}-")
            elif slug == duty.slug:
                return employer, duty, ""
    return None


def named_register(user: User | AnonymousUser, slug: str) -> NamedRegister:
    """The named register `slug` as this user may see it.

    Raises NoSuchRegister for a slug that names no register (or a keeper who keeps
    none) and PermissionDenied for a register this user does not keep.
    """
    found = _find(slug)
    if found is None:
        raise NoSuchRegister(slug)
    employer, duty, keeper_id = found
    org = Organisation.objects.filter(code=employer.value).first()
    if org is None:
        raise NoSuchRegister(slug)
    viewer = keeping.viewer(user)
    if duty.kept_by.keeping is Keeping.EACH_KEEPER:
        keeper = _keepers(duty, org).filter(pk=keeper_id).first() if keeper_id.isdigit() else None
        if keeper is None:
            raise NoSuchRegister(slug)
        keeping.check_sees_keepers_own(viewer, org, keeper)
        return _keepers_own(duty, org, keeper)
    visible = _visible(viewer, duty, org) if user.is_authenticated else []
    if not visible:
        raise PermissionDenied("Only the keeper of this register can see it.")
    return visible[0]
