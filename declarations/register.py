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

from policies import vocabulary as v

from . import choices as c
from .access import monitoring_officer_organisations, officer_of, register_declarations
from .choices import OrganisationRole, Status
from .models import Declaration, Officer, Organisation, RoleAssignment

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond any real register; keeps OFFSET inside a 64-bit integer
MAX_SEARCH_WORDS = 10
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]

GIFT_TYPES = (v.DeclarationType.GIFT.value, v.DeclarationType.HOSPITALITY.value)
SENIOR_LEVELS = tuple(
    level.value for level in v.Level if level.rank >= v.Level.ASSISTANT_DIRECTOR.rank
)
JUNIOR_LEVELS = tuple(level.value for level in v.Level if level.value not in SENIOR_LEVELS)

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
CHAIN_FIELDS = ("id", "level", "line_manager_id")  # what walking a management chain reads
DIRECTOR_PREFIX = "thurrock-director-"  # a Thurrock director's register: this + their id

# A draft is not yet declared: it belongs to its author until it is submitted.
REGISTER_STATUSES = [(s.value, s.label) for s in Status if s != Status.DRAFT]
OUTCOME_LABELS: dict[str, str] = {
    "prohibited": "Must be declined or must not go ahead",
    "approval_required": "Needs approval",
    "declare": "Must be declared",
    "no_action": "No action needed",
}
KEEPER_LABELS: dict[str, str] = {
    "line_manager": "Line manager",
    "head_of_service": "Head of service",
    "assistant_director": "Assistant director",
    "director": "Director",
    "chief_officer": "Chief officer",
    "chief_executive": "Chief executive",
    "hr": "HR",
    "legal_adviser": "Legal adviser",
    "monitoring_officer": "Monitoring officer",
    "board_secretary": "Secretary to the Board",
}
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
    """The departments in the register, for the filter's drop-down (one query)."""
    return list(
        register_officers(organisation)
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
        choices=[("", "Any"), *OUTCOME_LABELS.items()],
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
        choices=[("", "Anyone"), *KEEPER_LABELS.items()],
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


def apply_filters(queryset: QuerySet[Declaration], filters: dict[str, Any]) -> QuerySet:
    """Narrow a register to the filters (cleaned values from RegisterFilterForm).

    Latest versions only unless `versions=all` or the status asked for is "replaced
    by a newer version"; drafts never (they are not declared yet).
    """
    queryset = queryset.exclude(status=Status.DRAFT)
    status = filters.get("status")
    if filters.get("versions") != "all" and status != Status.SUPERSEDED:
        queryset = queryset.exclude(status=Status.SUPERSEDED)
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


@dataclass(frozen=True)
class NamedRegister:
    """A register a code names, as one viewer may see it.

    `declarations` is already narrowed to what this viewer keeps (a line manager sees
    their own direct reports' records, not every manager's).
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


def _org(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def _holds_role(officer: Officer | None, organisation: Organisation, role: str) -> bool:
    if officer is None:
        return False
    return (
        RoleAssignment.objects.current()
        .filter(officer=officer, organisation=organisation, role=role)
        .exists()
    )


def _keeps_whole_register(user: AbstractBaseUser | AnonymousUser, org: Organisation) -> bool:
    """System administrators and the organisation's monitoring officer see every named
    register of it: the monitoring officer keeps the whole register already."""
    return user.is_superuser or _holds_role(
        officer_of(user), org, OrganisationRole.MONITORING_OFFICER
    )


def link_line_managers(officers: Iterable[Officer]) -> dict[int, Officer]:
    """Load every line manager up the officers' chains and link them in memory, so that
    Officer.management_chain() then runs without a query per step."""
    by_id = {officer.pk: officer for officer in officers}
    missing = {o.line_manager_id for o in by_id.values()} - set(by_id) - {None}
    while missing:
        fetched = list(Officer.objects.only(*CHAIN_FIELDS).filter(pk__in=missing))
        if not fetched:
            break
        by_id.update((officer.pk, officer) for officer in fetched)
        missing = {o.line_manager_id for o in fetched} - set(by_id) - {None}
    for officer in by_id.values():
        if officer.line_manager_id in by_id:
            officer.line_manager = by_id[officer.line_manager_id]
    return by_id


def relevant_director(officer: Officer) -> Officer | None:
    """The nearest director up the officer's line-management chain (Thurrock 14.3:
    "a register is kept by the relevant Director")."""
    return next((m for m in officer.management_chain() if m.level == v.Level.DIRECTOR.value), None)


def directors_staff(director: Officer) -> list[int]:
    """Ids of the officers below assistant director whose relevant director this is.

    Every officer of the register is read in one query (only the fields a chain needs)
    so that walking up each chain needs no more, however deep the hierarchy.
    """
    officers = list(register_officers_of(director.organisation_id).only(*CHAIN_FIELDS))
    link_line_managers(officers)
    return [
        officer.pk
        for officer in officers
        if officer.level in JUNIOR_LEVELS
        and (found := relevant_director(officer)) is not None
        and found.pk == director.pk
    ]


def _gifts(declarations: QuerySet[Declaration]) -> QuerySet[Declaration]:
    return declarations.filter(type__in=GIFT_TYPES)


def _essex_probation_gifts(user, org: Organisation, slug: str) -> NamedRegister | None:
    officer = officer_of(user)
    if not (
        _keeps_whole_register(user, org)
        or _holds_role(officer, org, OrganisationRole.BOARD_SECRETARY)
    ):
        return None
    return NamedRegister(
        slug=slug,
        title="Register of Gifts and Hospitality",
        organisation=org,
        citation="essex-probation:7.4",
        keeper="the Secretary to the Board",
        summary="Gifts and hospitality declared by Essex Probation staff.",
        entries=lambda: _gifts(register_declarations(org)),
    )


def _county_council_interests(user, org: Organisation, slug: str) -> NamedRegister | None:
    if not _keeps_whole_register(user, org):
        return None
    return NamedRegister(
        slug=slug,
        title="Register of Officers' Interests",
        organisation=org,
        citation="county-council:note-1",
        keeper="the Assistant Director for Legal and Governance (the monitoring officer)",
        summary=(
            "Interests, and anything else the code asks the Assistant Director for Legal "
            "and Governance to record (3.5 and note 1)."
        ),
        entries=lambda: register_declarations(org).filter(
            Q(type=v.DeclarationType.INTEREST.value)
            | Q(verdict__register_keeper=v.Role.MONITORING_OFFICER.value)
        ),
    )


def _thurrock_senior_gifts(user, org: Organisation, slug: str) -> NamedRegister | None:
    if not _keeps_whole_register(user, org):
        return None
    return NamedRegister(
        slug=slug,
        title="Register of gifts and hospitality (assistant directors and above)",
        organisation=org,
        citation="thurrock:14.3",
        keeper="the monitoring officer",
        summary="Gifts and hospitality offered to officers at or above assistant director.",
        entries=lambda: _gifts(register_declarations(org)).filter(officer__level__in=SENIOR_LEVELS),
    )


def _thurrock_senior_interests(user, org: Organisation, slug: str) -> NamedRegister | None:
    if not _keeps_whole_register(user, org):
        return None
    return NamedRegister(
        slug=slug,
        title="Register of interests (assistant directors and above)",
        organisation=org,
        citation="thurrock:18.1",
        keeper="the monitoring officer",
        summary="Personal and financial interests of officers at or above assistant director.",
        entries=lambda: register_declarations(org).filter(
            type=v.DeclarationType.INTEREST.value, officer__level__in=SENIOR_LEVELS
        ),
    )


def _director_register(director: Officer, org: Organisation) -> NamedRegister:
    return NamedRegister(
        slug=f"{DIRECTOR_PREFIX}{director.pk}",
        title=f"Register of gifts and hospitality: {director.full_name}'s staff",
        organisation=org,
        citation="thurrock:14.3",
        keeper=director.full_name,
        summary=(
            f"Gifts and hospitality offered to officers below assistant director whose "
            f"director is {director.full_name}."
        ),
        entries=lambda: _gifts(register_declarations(org)).filter(
            officer_id__in=directors_staff(director)
        ),
    )


def _thurrock_directors(org: Organisation) -> QuerySet[Officer]:
    return (
        Officer.objects.filter(organisation=org, level=v.Level.DIRECTOR.value, active=True)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _line_manager_records(user, org: Organisation, slug: str) -> NamedRegister | None:
    officer = officer_of(user)
    records = register_declarations(org).filter(verdict__register_keeper=v.Role.LINE_MANAGER.value)
    if _keeps_whole_register(user, org):
        summary = "Entries the code asks line managers to record, for every line manager."
    elif (
        officer is not None
        and org.pk in (officer.organisation_id, officer.seconded_to_id)
        and officer.direct_reports.exists()
    ):
        records = records.filter(officer__line_manager=officer)
        summary = "Entries the code asks you to record for the people you line manage."
    else:
        return None
    citation = {"opcc": "opcc:15.2", "ecc": "ecc:personal-conduct"}[org.code]
    return NamedRegister(
        slug=slug,
        title="Records kept by line managers",
        organisation=org,
        citation=citation,
        keeper="each line manager, for their direct reports",
        summary=summary,
        entries=lambda: records,
    )


Builder = Callable[[Any, Organisation, str], "NamedRegister | None"]

# (organisation code, slug, builder): the registers each code names, in list order.
STATIC_REGISTERS: list[tuple[str, str, Builder]] = [
    ("essex-probation", "essex-probation-gifts-and-hospitality", _essex_probation_gifts),
    ("county-council", "county-council-officers-interests", _county_council_interests),
    ("thurrock", "thurrock-gifts-and-hospitality-senior", _thurrock_senior_gifts),
    ("thurrock", "thurrock-interests-senior", _thurrock_senior_interests),
    ("opcc", "opcc-line-manager-records", _line_manager_records),
    ("ecc", "ecc-line-manager-records", _line_manager_records),
]


def named_registers(user: AbstractBaseUser | AnonymousUser) -> list[NamedRegister]:
    """Every named register this user keeps (system administrators: all of them)."""
    if not user.is_authenticated:
        return []
    registers: list[NamedRegister] = []
    for org in Organisation.objects.order_by("name"):
        registers.extend(
            found
            for code, slug, build in STATIC_REGISTERS
            if code == org.code and (found := build(user, org, slug))
        )
        if org.code == v.Employer.THURROCK.value:
            if _keeps_whole_register(user, org):
                directors = list(_thurrock_directors(org))
            else:
                directors = [d for d in _thurrock_directors(org) if d.user_id == user.pk]
            registers.extend(_director_register(d, org) for d in directors)
    return registers


def named_register(user: AbstractBaseUser | AnonymousUser, slug: str) -> NamedRegister:
    """The named register `slug` as this user may see it.

    Raises Http404 for a slug that names no register and PermissionDenied for a
    register this user does not keep.
    """
    if slug.startswith(DIRECTOR_PREFIX):
        org = _org(v.Employer.THURROCK.value)
        director_pk = slug.removeprefix(DIRECTOR_PREFIX)
        director = (
            _thurrock_directors(org).filter(pk=director_pk).first()
            if org and director_pk.isdigit()
            else None
        )
        if director is None:
            raise Http404("No such register.")
        if not (director.user_id == user.pk or _keeps_whole_register(user, org)):
            raise PermissionDenied("Only the director who keeps this register can see it.")
        return _director_register(director, org)
    for code, known, build in STATIC_REGISTERS:
        if slug != known:
            continue
        org = _org(code)
        if org is None:
            raise Http404("No such register.")
        found = build(user, org, slug) if user.is_authenticated else None
        if found is None:
            raise PermissionDenied("Only the keeper of this register can see it.")
        return found
    raise Http404("No such register.")


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
