"""The register as plain functions over querysets: filtering, search, sorting, paging and
totals, and the Listing a page and its exports share.

Views and exports call these; nothing here reads a request or renders a page, so the
same filter (filters.py) means the same rows on screen, in a CSV, a spreadsheet and a
PDF. Whose register it is, is keepers.py's question; which entries a named register
holds, named.py's.

Paging never counts the whole table: a page fetches ``PAGE_SIZE + 1`` rows with
OFFSET/LIMIT, and the extra row (not shown) says whether there is a next page. The
totals line (how many entries match, their total value) is one aggregate query over
the *filtered* set, always scoped to one organisation's register: COUNT and SUM in the
same statement, never a separate ``Paginator.count``. That is cheap at the sizes the
five employers have (tens of thousands of rows, indexed by organisation), and the
rows query does not depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from declarations.choices import Status
from declarations.models import Declaration, DeclarationQuerySet, Officer, Organisation
from declarations.register.filters import RegisterFilterForm, is_filtering

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond any real register; keeps OFFSET inside a 64-bit integer
MAX_SEARCH_WORDS = 10

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


def departments(organisation: Organisation) -> list[str]:
    """The departments of the officers whose entries the register holds, for the filter's
    drop-down (one query)."""
    return list(
        Officer.objects.filter(
            pk__in=Declaration.objects.in_register(organisation).values("officer_id")
        )
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


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
    base: DeclarationQuerySet, organisation: Organisation, params: Mapping[str, Any]
) -> Listing:
    """Apply the GET parameters (filters, `sort`) to a register's declarations."""
    form = RegisterFilterForm(
        params if is_filtering(params) else None, departments=departments(organisation)
    )
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
