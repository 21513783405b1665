"""The register as plain functions over querysets: who keeps which register, filtering,
search, sorting, paging and totals, and the registers the codes name.

Views and exports call these; nothing here reads a request or renders a page, so the
same filter means the same rows on screen, in a CSV, a spreadsheet and a PDF.

Paging never counts the whole table: a page fetches ``PAGE_SIZE + 1`` rows with
OFFSET/LIMIT, and the extra row (not shown) says whether there is a next page. The
totals line (how many entries match, their total value) is one aggregate query over
the *filtered* set, always scoped to one organisation's register: COUNT and SUM in the
same statement, never a separate ``Paginator.count``. That is cheap at the sizes the
five employers have (tens of thousands of rows, indexed by organisation), and the
rows query does not depend on it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404, QueryDict

import policies
from declarations import choices as c
from declarations import labels
from declarations.access import monitoring_officer_organisations, officer_of, register_declarations
from declarations.choices import OrganisationRole, Status
from declarations.models import (
    Declaration,
    DeclarationQuerySet,
    Officer,
    Organisation,
    RoleAssignment,
)
from policies import vocabulary as v
from policies.duties import Entries, Keeping
from policies.duties import NamedRegister as DeclaredRegister

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond any real register; keeps OFFSET inside a 64-bit integer
MAX_SEARCH_WORDS = 10
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]

# Sortable columns: the URL name -> model fields. Anything else falls back to the default.
SORTS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "version"),
    "officer": ("officer__user__last_name", "officer__user__first_name"),
    "type": ("type",),
    "date": ("date",),
    "value": ("value",),
    "status": ("status",),
}
SORT_LABELS: dict[str, str] = {
    "reference": "Reference",
    "officer": "Officer",
    "type": "Type",
    "date": "Date",
    "value": "Value",
    "status": "Status",
}
DEFAULT_SORT = "-date"
NULLABLE_SORT_FIELDS = frozenset({"value"})

# A draft is not yet declared: it belongs to its author until it is submitted.
REGISTER_STATUSES = [(s.value, s.label) for s in Status if s != Status.DRAFT]
VERSION_CHOICES = [("latest", "Latest versions only"), ("all", "All versions")]


# --- whose register ---------------------------------------------------------------------


def kept_organisations(user: AbstractBaseUser | AnonymousUser) -> list[Organisation]:
    """The organisations whose whole register this user keeps, in name order."""
    return list(monitoring_officer_organisations(user))


def choose_organisation(
    user: AbstractBaseUser | AnonymousUser, code: str | None
) -> tuple[Organisation, list[Organisation]]:
    """The register to show (the first kept unless `code` picks another) and the choices.

    Raises PermissionDenied for anyone who keeps no register, or asks for one they
    do not keep: the register never says whether someone else's entries exist.
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


def register_officers(organisation: Organisation) -> QuerySet[Officer]:
    """The officers whose entries the organisation's register holds (own and seconded in)."""
    return register_officers_of(organisation.pk)


def register_officers_of(organisation_id: int) -> QuerySet[Officer]:
    return Officer.objects.filter(
        Q(organisation_id=organisation_id) | Q(seconded_to_id=organisation_id)
    )


def departments(organisation: Organisation) -> list[str]:
    """The departments of the officers whose entries the register holds, for the filter's
    drop-down (one query)."""
    return list(
        Officer.objects.filter(pk__in=register_declarations(organisation).values("officer_id"))
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


# --- the filter form ----------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """The register's filters (GET). Invalid values are reported on the page, never a 500."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Reference, who offered or is involved, description or officer's name",
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *c.DECLARATION_TYPES]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *REGISTER_STATUSES]
    )
    outcome = forms.ChoiceField(
        label="What the code says",
        required=False,
        choices=[("", "Any"), *labels.choices_of(labels.OUTCOME)],
    )
    department = forms.ChoiceField(label="Department", required=False, choices=[])
    officer = forms.CharField(
        label="Officer", required=False, max_length=200, help_text="All or part of a name"
    )
    counterparty = forms.CharField(
        label="Counterparty",
        required=False,
        max_length=300,
        help_text="The donor, organisation or person concerned",
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 2026-04-01",
        error_messages={"invalid": "Enter the from date as a real date, like 2026-04-01"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 2027-03-31",
        error_messages={"invalid": "Enter the to date as a real date, like 2027-03-31"},
    )
    register_keeper = forms.ChoiceField(
        label="Register keeper",
        required=False,
        choices=[("", "Anyone"), *labels.choices_of(labels.ROLE)],
    )
    late = forms.BooleanField(label="Declared late only", required=False)
    versions = forms.ChoiceField(label="Versions", required=False, choices=VERSION_CHOICES)

    def __init__(self, *args: Any, departments: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "All departments")] + [
            (name, name) for name in departments
        ]
        self.fields["type"].error_messages["invalid_choice"] = "Select a type from the list"
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["outcome"].error_messages["invalid_choice"] = "Select an outcome from the list"
        self.fields["department"].error_messages["invalid_choice"] = (
            "Select a department from the list"
        )
        self.fields["register_keeper"].error_messages["invalid_choice"] = (
            "Select a register keeper from the list"
        )
        self.fields["versions"].error_messages["invalid_choice"] = "Select which versions to show"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad field is shown as an error and not applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }


# --- filtering, searching, sorting --------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()[:MAX_SEARCH_WORDS]


def _name_matches(word: str, prefix: str = "officer__user__") -> Q:
    return Q(**{f"{prefix}first_name__icontains": word}) | Q(
        **{f"{prefix}last_name__icontains": word}
    )


def apply_filters(queryset: DeclarationQuerySet, filters: dict[str, Any]) -> QuerySet:
    """Narrow a register to the filters (cleaned values from RegisterFilterForm).

    Each entry's current version only (DeclarationQuerySet.current_versions) unless
    `versions=all` or the status asked for is "replaced by a newer version"; drafts
    never (they are not declared yet).
    """
    queryset = queryset.declared()
    status = filters.get("status")
    if filters.get("versions") != "all" and status != Status.SUPERSEDED:
        queryset = queryset.current_versions()
    if status:
        queryset = queryset.filter(status=status)
    if filters.get("type"):
        queryset = queryset.filter(type=filters["type"])
    if filters.get("outcome"):
        queryset = queryset.filter(verdict__outcome=filters["outcome"])
    if filters.get("register_keeper"):
        queryset = queryset.filter(verdict__register_keeper=filters["register_keeper"])
    if filters.get("late"):
        queryset = queryset.filter(verdict__late=True)
    if filters.get("department"):
        queryset = queryset.filter(officer__department=filters["department"])
    for word in _words(filters.get("officer", "")):
        queryset = queryset.filter(_name_matches(word))
    if filters.get("counterparty"):
        queryset = queryset.filter(counterparty__icontains=filters["counterparty"])
    if filters.get("date_from"):
        queryset = queryset.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(date__lte=filters["date_to"])
    for word in _words(filters.get("q", "")):
        queryset = queryset.filter(
            Q(reference__icontains=word)
            | Q(counterparty__icontains=word)
            | Q(description__icontains=word)
            | _name_matches(word)
        )
    return queryset


def clean_sort(value: str | None) -> str:
    """The sort asked for if it is on the whitelist (`date`, `-date`...), else the default."""
    if value and value.removeprefix("-") in SORTS:
        return value
    return DEFAULT_SORT


def with_value(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    """Rows ready to list: officer and organisation joined, the gift's value annotated."""
    return queryset.select_related("officer__user", "organisation").annotate(
        value=F("gift_hospitality__value_gbp")
    )


def sort(queryset: QuerySet[Declaration], sort_key: str) -> QuerySet[Declaration]:
    """Order by a whitelisted column, then by id so that pages never overlap."""
    sort_key = clean_sort(sort_key)
    descending = sort_key.startswith("-")
    fields = SORTS[sort_key.removeprefix("-")]
    # Only the value can be empty (not a gift): it goes last either way. The other
    # columns are never null, and a plain ORDER BY lets an index give rows in order.
    order = [
        (F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
        if name in NULLABLE_SORT_FIELDS
        else (F(name).desc() if descending else F(name).asc())
        for name in fields
    ]
    order.append(F("id").desc() if descending else F("id").asc())
    return queryset.order_by(*order)


def sort_columns(current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the sort its header link asks for and its aria-sort.

    A click on the sorted column reverses it; on any other column sorts by it, ascending.
    """
    current = clean_sort(current)
    columns: dict[str, dict[str, str]] = {}
    for key, label in SORT_LABELS.items():
        if current == key:
            columns[key] = {"label": label, "next": f"-{key}", "aria": "ascending"}
        elif current == f"-{key}":
            columns[key] = {"label": label, "next": key, "aria": "descending"}
        else:
            columns[key] = {"label": label, "next": key, "aria": "none"}
    return columns


@dataclass(frozen=True)
class Listing:
    """A register narrowed by its filter form and sorted: what a page and an export show."""

    form: RegisterFilterForm
    filters: dict[str, Any]
    sort: str
    declarations: QuerySet[Declaration]


def listing(
    base: QuerySet[Declaration], organisation: Organisation, params: QueryDict | dict
) -> Listing:
    """Apply the GET parameters (filters, `sort`) to a register's declarations."""
    bound = any(name in params for name in RegisterFilterForm.base_fields)
    form = RegisterFilterForm(params if bound else None, departments=departments(organisation))
    filters = form.filters()
    sort_key = clean_sort(params.get("sort"))
    declarations = sort(with_value(apply_filters(base, filters)), sort_key)
    return Listing(form=form, filters=filters, sort=sort_key, declarations=declarations)


# --- paging and totals --------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    rows: list[Declaration]
    number: int
    has_next: bool
    page_size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.rows)


def page_number(value: str | None) -> int:
    """A page number from the query string: anything odd is page 1, never an error."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def page(queryset: QuerySet[Declaration], number: int, size: int = PAGE_SIZE) -> Page:
    """One page, with no COUNT: fetch one row more than the page holds to see if more follow."""
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size, page_size=size)


@dataclass(frozen=True)
class Totals:
    count: int
    value: Decimal


def totals(queryset: QuerySet[Declaration]) -> Totals:
    """How many entries match and their total value: one aggregate query."""
    result = queryset.order_by().aggregate(
        count=Count("pk"), value=Sum("gift_hospitality__value_gbp")
    )
    return Totals(count=result["count"], value=result["value"] or Decimal("0"))


# --- the registers the codes name ---------------------------------------------------------
#
# Each employer module declares its registers (policies.duties.NamedRegister): which
# entries, and who keeps them. Membership reads what was recorded when the entry was
# submitted (the officer's level, the register keeper's role and the person who held it),
# so a promotion, a new line manager or a new director never moves history.


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
    entries: Callable[[], QuerySet[Declaration]]

    @property
    def declarations(self) -> QuerySet[Declaration]:
        """Built on demand: listing the registers should not work out who is in each."""
        return self.entries()


@dataclass(frozen=True)
class _Viewer:
    """Who is looking, with the roles they hold now (read once, not once per register)."""

    user: AbstractBaseUser | AnonymousUser
    officer: Officer | None
    roles: frozenset[tuple[int, str]]  # (organisation id, role)

    def holds(self, org: Organisation, role: str) -> bool:
        return (org.pk, role) in self.roles

    def keeps_whole_register(self, org: Organisation) -> bool:
        """System administrators and the organisation's monitoring officer see every named
        register of it: the monitoring officer keeps the whole register already."""
        return self.user.is_superuser or self.holds(org, OrganisationRole.MONITORING_OFFICER)


def _viewer(user: AbstractBaseUser | AnonymousUser) -> _Viewer:
    officer = officer_of(user)
    roles = (
        RoleAssignment.objects.current()
        .filter(officer=officer)
        .values_list("organisation_id", "role")
        if officer is not None
        else []
    )
    return _Viewer(user, officer, frozenset(roles))


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


def _entries(duty: DeclaredRegister, org: Organisation) -> QuerySet[Declaration]:
    return register_declarations(org).filter(_matching(duty.entries))


def _kept_by(
    duty: DeclaredRegister, org: Organisation, person: Officer | int
) -> QuerySet[Declaration]:
    """The entries recorded, when submitted, as kept by this person in the keeper's role."""
    return _entries(duty, org).filter(
        register_keeper=duty.kept_by.role.value, register_keeper_officer=person
    )


def _possible_keepers(org: Organisation, role: v.Role) -> QuerySet[Officer]:
    """Who could be recorded in `role` on an entry filed today: anyone with direct
    reports for a line manager, an active officer at that level for a level (a director),
    else the role's current holders."""
    of_org = Q(organisation=org) | Q(seconded_to=org)
    if role == v.Role.LINE_MANAGER:
        return Officer.objects.filter(of_org, direct_reports__isnull=False)
    if role.value in {level.value for level in v.Level}:
        return Officer.objects.filter(organisation=org, level=role.value, active=True)
    holders = RoleAssignment.objects.current().filter(organisation=org, role=role.value)
    return Officer.objects.filter(pk__in=holders.values("officer"))


def _keepers(duty: DeclaredRegister, org: Organisation) -> QuerySet[Officer]:
    """Everyone who keeps entries of a register kept entry by entry: those recorded as
    keeper on its entries, and those who could be recorded now (their register may be
    empty so far)."""
    recorded = (
        _entries(duty, org)
        .filter(register_keeper=duty.kept_by.role.value, register_keeper_officer__isnull=False)
        .values("register_keeper_officer")
    )
    possible = _possible_keepers(org, duty.kept_by.role).values("pk")
    return (
        Officer.objects.filter(Q(pk__in=recorded) | Q(pk__in=possible))
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _is_keeper(officer: Officer | None, duty: DeclaredRegister, org: Organisation) -> bool:
    return officer is not None and _keepers(duty, org).filter(pk=officer.pk).exists()


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
        entries=lambda: _entries(duty, org),
    )


def _keepers_share(duty: DeclaredRegister, org: Organisation, keeper: Officer) -> NamedRegister:
    return NamedRegister(
        slug=duty.slug,
        title=duty.title,
        organisation=org,
        citation=_citation(org, duty),
        keeper=duty.keeper_words,
        summary=f"{duty.summary} These are the entries you keep.",
        entries=lambda: _kept_by(duty, org, keeper),
    )


def _keepers_own(duty: DeclaredRegister, org: Organisation, keeper: Officer) -> NamedRegister:
    return NamedRegister(
        slug=f"{duty.slug}-{keeper.pk}",
        title=f"{duty.title}: kept by {keeper.full_name}",
        organisation=org,
        citation=_citation(org, duty),
        keeper=keeper.full_name,
        summary=duty.summary,
        entries=lambda: _kept_by(duty, org, keeper),
    )


def _visible(viewer: _Viewer, duty: DeclaredRegister, org: Organisation) -> list[NamedRegister]:
    """The registers one declared register is, for this viewer: none, one, or (a register
    kept by each keeper, seen by the monitoring officer) one per keeper."""
    whole = viewer.keeps_whole_register(org)
    officer = viewer.officer
    keeping = duty.kept_by.keeping
    if keeping is Keeping.ROLE_HOLDER:
        if whole or viewer.holds(org, duty.kept_by.role.value):
            return [_whole(duty, org)]
        return []
    if keeping is Keeping.SHARED_BY_KEEPERS:
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


def _declared(org: Organisation) -> tuple[DeclaredRegister, ...]:
    try:
        return policies.duties_for(org.code).registers
    except ValueError:  # an organisation with no code in the contract names no register
        return ()


def named_registers(user: AbstractBaseUser | AnonymousUser) -> list[NamedRegister]:
    """Every named register this user keeps (system administrators: all of them)."""
    if not user.is_authenticated:
        return []
    viewer = _viewer(user)
    registers: list[NamedRegister] = []
    for org in Organisation.objects.order_by("name"):
        for duty in _declared(org):
            registers.extend(_visible(viewer, duty, org))
    return registers


def _find(slug: str) -> tuple[DeclaredRegister, str] | None:
    """The declared register a slug names, with the keeper's id for a register kept by
    each keeper ("thurrock-director-12" -> thurrock-director, "12")."""
    for employer in v.Employer:
        for duty in policies.duties_for(employer).registers:
            if duty.kept_by.keeping is Keeping.EACH_KEEPER:
                if slug.startswith(f"{duty.slug}-"):
                    return duty, slug.removeprefix(f"{duty.slug}-")
            elif slug == duty.slug:
                return duty, ""
    return None


def _organisation_of(duty: DeclaredRegister) -> Organisation | None:
    for employer in v.Employer:
        if duty in policies.duties_for(employer).registers:
            return Organisation.objects.filter(code=employer.value).first()
    return None


def named_register(user: AbstractBaseUser | AnonymousUser, slug: str) -> NamedRegister:
    """The named register `slug` as this user may see it.

    Raises Http404 for a slug that names no register and PermissionDenied for a
    register this user does not keep.
    """
    found = _find(slug)
    org = _organisation_of(found[0]) if found else None
    if found is None or org is None:
        raise Http404("No such register.")
    duty, keeper_id = found
    viewer = _viewer(user)
    if duty.kept_by.keeping is Keeping.EACH_KEEPER:
        keeper = _keepers(duty, org).filter(pk=keeper_id).first() if keeper_id.isdigit() else None
        if keeper is None:
            raise Http404("No such register.")
        if not (keeper.user_id == user.pk or viewer.keeps_whole_register(org)):
            raise PermissionDenied("Only the person who keeps this register can see it.")
        return _keepers_own(duty, org, keeper)
    visible = _visible(viewer, duty, org) if user.is_authenticated else []
    if not visible:
        raise PermissionDenied("Only the keeper of this register can see it.")
    return visible[0]


def date_range_words(filters: dict[str, Any]) -> str:
    """The filter's date range in words, for the PDF's heading."""
    start: datetime.date | None = filters.get("date_from")
    end: datetime.date | None = filters.get("date_to")
    if start and end:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if start:
        return f"From {start:%-d %B %Y}"
    if end:
        return f"Up to {end:%-d %B %Y}"
    return "All dates"
