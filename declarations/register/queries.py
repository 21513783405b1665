"""The register as plain functions over querysets: filtering, search, sorting, paging and
totals, and the Listing a page and its exports share.

Views and exports call these; nothing here reads a request or renders a page, so the
same filter (filters.py) means the same rows on screen, in a CSV, a spreadsheet and a
PDF. Whose register it is, is keepers.py's question; which entries a named register
holds, named.py's; who may see a sensitive entry (a relationship or a disclosure),
access.py's. A register page lists them in full to the monitoring officer; to any other
keeper as masked rows ("Sensitive entry": reference, type, status, declared date), and
only while the listing is filtered and sorted by nothing that could tell whose they are
or what they say (`masks_sensitive`). Exports leave them out unless the monitoring
officer asks for them.

Every query a page makes is bounded, whatever the size of the register:

- Filters read the columns written at submission (`outcome`, `late`,
  `register_keeper`, `value_gbp`), never the verdict's JSON or a join to the gift
  table; the officer filter finds the officers first (a subquery over the staff).
  The search matches each word (3 letters or more) against `search_text`, which
  PostgreSQL's trigram index serves (shorter words cannot use it and are left out,
  and the page says so); the counterparty filter uses that index too.
- An organisation's register is its own entries *or* those it hosts
  (DeclarationQuerySet.in_register). An OR stops an index giving the rows in order, so
  a page reads the two parts separately, `organisation = X` and `host_organisation = X`
  (not X's own), each ordered along an index of (organisation, sort key, id) and cut at
  one page and one row, and merges them here.
- Paging is by keyset, never OFFSET: the link to the next (or previous) page carries
  a signed cursor holding, for each part, where the page ended (or began): the sort key
  and id of its last (first) row. Each part carries on from its own position, so the
  merge never loses or repeats a row even where Python and the database would order
  two names differently. A cursor that is not ours, is for another sort or does not
  parse is ignored: the first page.
- Totals never count the whole register: one statement counts and sums at most
  COUNT_LIMIT + 1 matching rows of each part (a COUNT and a SUM over the two LIMITed
  subqueries). Up to COUNT_LIMIT the page gives the number and total value; beyond,
  "more than 1,000" and no value (the exports list every entry).
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core import signing
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, OR, WhereNode

from declarations import access
from declarations.choices import Status
from declarations.models import (
    VALUE_SORT_KEY,
    Declaration,
    DeclarationQuerySet,
    Officer,
    Organisation,
)
from declarations.register.filters import RegisterFilterForm, is_filtering

PAGE_SIZE = 50
COUNT_LIMIT = 1_000  # the totals line counts this many matching entries at most
MAX_SEARCH_WORDS = 10
MIN_SEARCH_WORD = 3  # a trigram index cannot serve a shorter word
CURSOR_SALT = "declarations.register.cursor"
NO_VALUE = Decimal("-1")  # VALUE_SORT_KEY for an entry with no value

# --- sorting ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 400:
        raise ValueError("not a short text")
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ValueError("not a whole number in range")
    return value


def _money(value: Any) -> Decimal:
    amount = Decimal(_text(value))
    if not amount.is_finite() or abs(amount) >= Decimal(10) ** 10:
        raise ValueError("not an amount")
    return amount


def _day(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(_text(value))


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class Sort:
    """A sortable column: the fields ordered by (id last, so no two rows tie), each
    row's key in Python, and how to read a key back from a cursor."""

    label: str
    fields: tuple[str, ...]
    key: Callable[[Declaration], tuple[Any, ...]]
    readers: tuple[Callable[[Any], Any], ...]

    def read(self, values: Any) -> tuple[Any, ...]:
        """A key from a cursor's JSON; ValueError (or TypeError) if it is not one."""
        if not isinstance(values, list) or len(values) != len(self.readers):
            raise ValueError("wrong shape")
        return tuple(reader(value) for reader, value in zip(self.readers, values, strict=True))


# The URL name -> how it sorts. Each is served by an index of (organisation, key, id)
# (Declaration.Meta); type and status have filters instead (no index would serve them).
SORTS: dict[str, Sort] = {
    "reference": Sort(
        "Reference",
        ("reference", "version", "id"),
        lambda d: (d.reference, d.version, d.pk),
        (_text, _whole, _whole),
    ),
    "officer": Sort(
        "Officer", ("officer_name", "id"), lambda d: (d.officer_name, d.pk), (_text, _whole)
    ),
    "date": Sort("Date", ("date", "id"), lambda d: (d.date, d.pk), (_day, _whole)),
    "value": Sort(
        "Value",
        ("value_key", "id"),
        lambda d: (NO_VALUE if d.value_gbp is None else d.value_gbp, d.pk),
        (_money, _whole),
    ),
}
DEFAULT_SORT = "-date"


def clean_sort(value: str | None) -> str:
    """The sort asked for if it is on the whitelist (`date`, `-date`...), else the default."""
    if value and value.removeprefix("-") in SORTS:
        return value
    return DEFAULT_SORT


def _ordering(sort_key: str, backwards: bool = False) -> list[OrderBy]:
    descending = sort_key.startswith("-") != backwards
    fields = SORTS[sort_key.removeprefix("-")].fields
    return [F(name).desc() if descending else F(name).asc() for name in fields]


def sort(queryset: QuerySet[Declaration], sort_key: str) -> QuerySet[Declaration]:
    """Order by a whitelisted column, then by id so that pages never overlap. By value:
    VALUE_SORT_KEY (no value is -1: last when the highest come first), as its index has it."""
    sort_key = clean_sort(sort_key)
    return queryset.alias(value_key=VALUE_SORT_KEY).order_by(*_ordering(sort_key))


def sort_columns(current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the sort its header link asks for and its aria-sort.

    A click on the sorted column reverses it; on any other column sorts by it, ascending.
    """
    current = clean_sort(current)
    columns: dict[str, dict[str, str]] = {}
    for key, column in SORTS.items():
        if current == key:
            columns[key] = {"label": column.label, "next": f"-{key}", "aria": "ascending"}
        elif current == f"-{key}":
            columns[key] = {"label": column.label, "next": key, "aria": "descending"}
        else:
            columns[key] = {"label": column.label, "next": key, "aria": "none"}
    return columns


# --- filtering and searching -----------------------------------------------------------------


def departments(organisation: Organisation) -> list[str]:
    """The departments of the organisation's officers and of those seconded to it, for
    the filter's drop-down: one query over officers (officer_org_department_idx), never
    over the register."""
    return list(
        Officer.objects.filter(Q(organisation=organisation) | Q(seconded_to=organisation))
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def _words(text: str) -> list[str]:
    return text.split()[:MAX_SEARCH_WORDS]


def search_words(text: str) -> tuple[list[str], list[str]]:
    """The search's words, lower-cased: those searched for, and those too short for an
    index to find (fewer than MIN_SEARCH_WORD characters), which are left out."""
    words = [word.lower() for word in _words(text)]
    used = [word for word in words if len(word) >= MIN_SEARCH_WORD]
    return used, [word for word in words if len(word) < MIN_SEARCH_WORD]


def _indexed(text: str) -> Q:
    """`search_text` holds `text` (a trigram index can find it), or no condition for a
    text too short for the index."""
    if len(text) < MIN_SEARCH_WORD:
        return Q()
    return Q(search_text__contains=text.lower())


def _officers_named(words: list[str]) -> QuerySet[Officer, Any]:
    """The officers whose first or last name holds every word: a subquery over the
    staff (thousands), so that the planner knows how few entries it is looking for and
    reads them by officer, rather than a name test on every entry of the register."""
    officers = Officer.objects.all()
    for word in words:
        officers = officers.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    return officers.values("pk")


def apply_filters(queryset: DeclarationQuerySet, filters: dict[str, Any]) -> QuerySet:
    """Narrow a register to the filters (cleaned values from RegisterFilterForm).

    Each entry's current version only (DeclarationQuerySet.current_versions) unless
    `versions=all` or the status asked for is "replaced by a newer version"; drafts
    never (they are not declared yet). What the code said is read from the columns
    recorded at submission; every search word from `search_text` (words as they were
    when the entry was declared); the officer by their name now, as the staff list has
    it (`_officers_named`).
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
        queryset = queryset.filter(outcome=filters["outcome"])
    if filters.get("register_keeper"):
        queryset = queryset.filter(register_keeper=filters["register_keeper"])
    if filters.get("late"):
        queryset = queryset.filter(late=True)
    if filters.get("department"):
        queryset = queryset.filter(officer__department=filters["department"])
    officer_words = _words(filters.get("officer", ""))
    if officer_words:
        queryset = queryset.filter(officer__in=_officers_named(officer_words))
    # The counterparty is in `search_text` too (lower-cased): matching it as well lets
    # the trigram index find the few rows to check, instead of reading every entry of
    # the register when the donor is rare.
    if filters.get("counterparty"):
        counterparty = filters["counterparty"]
        queryset = queryset.filter(_indexed(counterparty), counterparty__icontains=counterparty)
    if filters.get("date_from"):
        queryset = queryset.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(date__lte=filters["date_to"])
    used, _ = search_words(filters.get("q", ""))
    for word in used:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def whole_register(
    user: User | AnonymousUser | AbstractBaseUser,
    organisation: Organisation,
    *,
    sensitive: bool = True,
) -> DeclarationQuerySet:
    """An organisation's whole register as this user may export it: its sensitive
    entries (relationships and disclosures) only for its monitoring officer
    (access.sees_sensitive_entries_of), and only while `sensitive` (an export leaves
    them out unless asked for them). For anyone else a condition on `type`, which each
    part of a page checks on the rows it walks along its index: no other index and no
    read of the whole table. A register page lists them to anyone else masked
    (`page_listing`)."""
    entries = Declaration.objects.in_register(organisation)
    if sensitive and access.sees_sensitive_entries_of(user, organisation):  # type: ignore[arg-type]
        return entries
    return entries.without_sensitive()


# The filters a masked row may be found by: what the row itself shows (type, status),
# its dates and which versions. Any other (a search, the officer, department,
# counterparty, what the code says, lateness, register keeper) would tell whose it is
# or what it says, so a listing filtered by one leaves sensitive entries out.
MASK_SAFE_FILTERS = frozenset({"type", "status", "date_from", "date_to", "versions"})
# The sorts that place a masked row by what it shows (reference) or by its date only:
# sorted by officer or value, where it falls would tell whose it is or what it was worth.
MASK_SAFE_SORTS = frozenset({"reference", "date"})


def masks_sensitive(filters: Mapping[str, Any], sort_key: str) -> bool:
    """Whether a listing for someone who may see sensitive entries only masked may list
    them: filtered by MASK_SAFE_FILTERS alone and sorted by a MASK_SAFE_SORTS column."""
    return set(filters) <= MASK_SAFE_FILTERS and (
        clean_sort(sort_key).removeprefix("-") in MASK_SAFE_SORTS
    )


def with_related(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    """Rows ready to list: officer and organisation joined (the value is a column; the
    officer's `active`, for "former officer", comes with the officer's row)."""
    return queryset.select_related("officer__user", "organisation")


@dataclass(frozen=True)
class Listing:
    """A register narrowed by its filter form and sorted: what a page and an export show.

    `declarations` is the whole filtered register in order (the exports read it all);
    a page reads it through `page`, which splits it by organisation and host. `masked`:
    its rows of a sensitive type are shown masked (entries.rows), the viewer not being
    one who may see them.
    """

    form: RegisterFilterForm
    filters: dict[str, Any]
    sort: str
    declarations: QuerySet[Declaration]
    left_out_words: tuple[str, ...] = ()
    masked: bool = False


def listing(
    base: DeclarationQuerySet,
    organisation: Organisation,
    params: Mapping[str, Any],
    *,
    masked: bool = False,
) -> Listing:
    """Apply the GET parameters (filters, `sort`) to a register's declarations.

    `masked`: `base` holds sensitive entries this viewer may see only masked. They stay
    listed (and counted) while `masks_sensitive` allows, and are left out otherwise, so a
    search for a name never finds that person's sensitive entry.
    """
    form = RegisterFilterForm(
        params if is_filtering(params) else None, departments=departments(organisation)
    )
    filters = form.filters()
    sort_key = clean_sort(params.get("sort"))
    if masked and not masks_sensitive(filters, sort_key):
        base = base.without_sensitive()
    declarations = sort(with_related(apply_filters(base, filters)), sort_key)
    _, left_out = search_words(filters.get("q", ""))
    return Listing(
        form=form,
        filters=filters,
        sort=sort_key,
        declarations=declarations,
        left_out_words=tuple(left_out),
        masked=masked,
    )


def page_listing(
    user: User | AnonymousUser | AbstractBaseUser,
    organisation: Organisation,
    entries: DeclarationQuerySet,
    params: Mapping[str, Any],
) -> Listing:
    """A register page's listing of `entries` (sensitive ones included): in full for the
    organisation's monitoring officer, sensitive entries masked for anyone else."""
    masked = not access.sees_sensitive_entries_of(user, organisation)  # type: ignore[arg-type]
    return listing(entries, organisation, params, masked=masked)


def whole_register_page(
    user: User | AnonymousUser | AbstractBaseUser,
    organisation: Organisation,
    params: Mapping[str, Any],
) -> Listing:
    """The whole register's page: every entry, sensitive ones masked but for its
    monitoring officer (`page_listing`)."""
    return page_listing(user, organisation, Declaration.objects.in_register(organisation), params)


def parts(
    declarations: QuerySet[Declaration], organisation: Organisation
) -> tuple[QuerySet[Declaration], QuerySet[Declaration]]:
    """The register in two parts, each on one indexed column: the organisation's own
    entries, and those it hosts (filed by officers seconded in) that are not its own."""
    within = _without_membership(declarations, organisation)
    return (
        within.filter(organisation=organisation),
        within.filter(host_organisation=organisation).exclude(organisation=organisation),
    )


def _without_membership(
    declarations: QuerySet[Declaration], organisation: Organisation
) -> QuerySet[Declaration]:
    """`declarations` without `in_register(organisation)`'s OR, for a part to put its own
    condition in its place.

    Left in, the OR and the part's condition on the same column are taken by PostgreSQL
    as independent: it expects a fifth of the rows a part holds, and with a selective
    filter (`late`) it then gathers and sorts every match rather than walking the
    part's index and stopping at a page (24,391 rows read, 110 ms, for 51 shown). Only
    that exact OR is taken out, so any other filter stays as it was."""
    narrowed = declarations.all()  # a clone: its where clause is a copy
    query = narrowed.query
    where = query.where
    if where.connector == AND and not where.negated:
        where.children = [
            child
            for child in where.children
            if not _is_membership(child, organisation, query.get_initial_alias())
        ]
    return narrowed


def _is_membership(node: Any, organisation: Organisation, base: str) -> bool:
    """Whether a where clause's node is `in_register`'s "organisation = X OR
    host_organisation = X", on the declaration's own columns (the base table's alias),
    so that a like-shaped filter on another table's columns is never taken out."""
    if not isinstance(node, WhereNode) or node.connector != OR or node.negated:
        return False
    columns = set()
    for lookup in node.children:
        if (
            not isinstance(lookup, Exact)
            or getattr(lookup.rhs, "pk", lookup.rhs) != organisation.pk
        ):
            return False
        column = lookup.lhs
        if getattr(column, "alias", None) != base or column.target not in MEMBERSHIP_COLUMNS:
            return False
        columns.add(column.target.name)
    return columns == {"organisation", "host_organisation"}


# The columns in_register's OR reads (DeclarationQuerySet.in_register).
MEMBERSHIP_COLUMNS = (
    Declaration._meta.get_field("organisation"),
    Declaration._meta.get_field("host_organisation"),
)


# --- paging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A position in one part of the register, between two rows: just after the row
    with `key` (`before_row` false) or just before it (true). None is the very start."""

    key: tuple[Any, ...]
    before_row: bool = False


def _beyond(sort_key: str, gap: Gap, backwards: bool) -> Q:
    """The rows after a gap in the listing's order (before it, `backwards`): a row value
    comparison written out (`a < x OR (a = x AND id < y)`), with the first column's bound
    alone as well so that the index scan starts there."""
    descending = sort_key.startswith("-") != backwards
    fields = SORTS[sort_key.removeprefix("-")].fields
    strict, loose = ("lt", "lte") if descending else ("gt", "gte")
    # Going on past the gap includes its row if the gap is just before it; going back,
    # if the gap is just after it.
    inclusive = gap.before_row != backwards
    condition = Q()
    for position, (name, value) in enumerate(zip(fields, gap.key, strict=True)):
        equal = dict(zip(fields[:position], gap.key, strict=False))
        condition |= Q(**equal, **{f"{name}__{strict}": value})
    if inclusive:
        condition |= Q(**dict(zip(fields, gap.key, strict=True)))
    return Q(**{f"{fields[0]}__{loose}": gap.key[0]}) & condition


def _gap_json(gap: Gap | None) -> Any:
    if gap is None:
        return None
    return [int(gap.before_row), [_to_json(value) for value in gap.key]]


def _read_gap(sort_key: str, data: Any) -> Gap | None:
    if data is None:
        return None
    if not isinstance(data, list) or len(data) != 2 or data[0] not in (0, 1):
        raise ValueError("not a position")
    return Gap(key=SORTS[sort_key.removeprefix("-")].read(data[1]), before_row=bool(data[0]))


@dataclass(frozen=True)
class Cursor:
    """Where a page starts (`after`) or ends (`before`) in each part of the register."""

    sort: str
    own: Gap | None
    hosted: Gap | None

    def token(self) -> str:
        """Signed, so a cursor edited by hand is refused (and then ignored), not trusted."""
        data = {"s": self.sort, "o": _gap_json(self.own), "h": _gap_json(self.hosted)}
        return signing.dumps(data, salt=CURSOR_SALT, compress=False)


def read_cursor(token: Any, sort_key: str) -> Cursor | None:
    """The cursor in a link, or None for one that is not ours, is for another sort or
    does not parse: never an error."""
    if not isinstance(token, str) or not token or len(token) > 2_000:
        return None
    try:
        data = signing.loads(token, salt=CURSOR_SALT)
        if not isinstance(data, dict) or data.get("s") != sort_key:
            return None
        return Cursor(sort_key, _read_gap(sort_key, data["o"]), _read_gap(sort_key, data["h"]))
    except (signing.BadSignature, ValueError, TypeError, KeyError, InvalidOperation):
        return None


@dataclass(frozen=True)
class Page:
    """One page of rows and the links around it (tokens; "" where there is no link)."""

    rows: list[Declaration]
    next_cursor: str = ""
    previous_cursor: str = ""
    page_size: int = PAGE_SIZE

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def is_first(self) -> bool:
        return not self.previous_cursor


def _read_part(
    part: QuerySet[Declaration], sort_key: str, gap: Gap | None, backwards: bool, size: int
) -> list[Declaration]:
    """Up to `size` + 1 rows of one part from a gap, in the listing's order (backwards:
    the reverse), along its index."""
    if gap is None and backwards:
        return []  # nothing before the start
    if gap is not None:
        part = part.filter(_beyond(sort_key, gap, backwards))
    return list(part.order_by(*_ordering(sort_key, backwards))[: size + 1])


def _merge(
    own: list[Declaration], hosted: list[Declaration], sort_key: str, backwards: bool, size: int
) -> list[Declaration]:
    """The first `size` + 1 rows of two lists each in order, in order."""
    key = SORTS[sort_key.removeprefix("-")].key
    descending = sort_key.startswith("-") != backwards
    return list(islice(heapq.merge(own, hosted, key=key, reverse=descending), size + 1))


def _edge(
    shown: list[Declaration], part: set[int], sort_key: str, at_end: bool, unmoved: Gap | None
) -> Gap | None:
    """Where a page ends (or starts) in one part: after its last row shown (before its
    first), or where it was if the page shows none of that part."""
    mine = [row for row in shown if row.pk in part]
    if not mine:
        return unmoved
    key = SORTS[sort_key.removeprefix("-")].key
    return Gap(key(mine[-1]), before_row=False) if at_end else Gap(key(mine[0]), before_row=True)


def _forward(
    declarations: QuerySet[Declaration],
    organisation: Organisation,
    sort_key: str,
    start: Cursor | None,
    size: int,
) -> Page:
    own_part, hosted_part = parts(declarations, organisation)
    own_gap, hosted_gap = (start.own, start.hosted) if start else (None, None)
    own = _read_part(own_part, sort_key, own_gap, False, size)
    hosted = _read_part(hosted_part, sort_key, hosted_gap, False, size)
    merged = _merge(own, hosted, sort_key, False, size)
    shown = merged[:size]
    end = Cursor(
        sort_key,
        _edge(shown, {d.pk for d in own}, sort_key, True, own_gap),
        _edge(shown, {d.pk for d in hosted}, sort_key, True, hosted_gap),
    )
    return Page(
        rows=shown,
        next_cursor=end.token() if len(merged) > size else "",
        previous_cursor=start.token() if start else "",
        page_size=size,
    )


def _backward(
    declarations: QuerySet[Declaration],
    organisation: Organisation,
    sort_key: str,
    end: Cursor,
    size: int,
) -> Page:
    own_part, hosted_part = parts(declarations, organisation)
    own = _read_part(own_part, sort_key, end.own, True, size)
    hosted = _read_part(hosted_part, sort_key, end.hosted, True, size)
    merged = _merge(own, hosted, sort_key, True, size)
    if len(merged) <= size:
        # Back at the beginning: the first page, full, as its own link shows it.
        return _forward(declarations, organisation, sort_key, None, size)
    shown = list(reversed(merged[:size]))
    start = Cursor(
        sort_key,
        _edge(shown, {d.pk for d in own}, sort_key, False, end.own),
        _edge(shown, {d.pk for d in hosted}, sort_key, False, end.hosted),
    )
    return Page(rows=shown, next_cursor=end.token(), previous_cursor=start.token(), page_size=size)


def page(
    chosen: Listing, organisation: Organisation, params: Mapping[str, Any], size: int = PAGE_SIZE
) -> Page:
    """The page of a listing the query string asks for: the first; the one after a
    cursor (`after=`); or the one before it (`before=`). Two short queries (own entries,
    hosted ones), each LIMIT `size` + 1 along an index; no COUNT, no OFFSET. `page=N`
    (links from before keyset paging) and a cursor we cannot read give the first page.
    """
    after = read_cursor(params.get("after"), chosen.sort)
    if after is not None:
        return _forward(chosen.declarations, organisation, chosen.sort, after, size)
    before = read_cursor(params.get("before"), chosen.sort)
    if before is not None:
        return _backward(chosen.declarations, organisation, chosen.sort, before, size)
    return _forward(chosen.declarations, organisation, chosen.sort, None, size)


# --- totals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """How many entries match, counted up to COUNT_LIMIT, and their total value when
    every one was counted (None beyond: the page does not say)."""

    count: int
    value: Decimal | None
    limit: int = COUNT_LIMIT

    @property
    def more_than_limit(self) -> bool:
        return self.count > self.limit

    @property
    def limit_words(self) -> str:
        return f"{self.limit:,}"

    @property
    def count_words(self) -> str:
        return f"{self.count:,}"


def _limited_sql(part: QuerySet[Declaration], limit: int) -> tuple[str, tuple[Any, ...]]:
    """The SQL of at most `limit` + 1 of a part's values, as Django writes it (the same
    filters as the page), to count inside one statement. In the page's order: the
    database can then walk the page's index and stop, where without an order it tends
    to gather the whole organisation's entries first and cut afterwards."""
    limited = part.values(counted_value=F("value_gbp"))[: limit + 1]
    return limited.query.sql_with_params()


def totals(
    declarations: QuerySet[Declaration], organisation: Organisation, limit: int = COUNT_LIMIT
) -> Totals:
    """How many entries match (at most `limit`, else "more than") and, if no more than
    that, their total value: one statement, COUNT and SUM over the two parts each cut
    at `limit` + 1 rows (LIMITed subqueries), never a scan of the whole register."""
    own_sql, own_params = _limited_sql(parts(declarations, organisation)[0], limit)
    hosted_sql, hosted_params = _limited_sql(parts(declarations, organisation)[1], limit)
    sql = (
        "SELECT COUNT(*), SUM(counted_value) FROM ("
        f"SELECT * FROM ({own_sql}) AS own_part "
        f"UNION ALL SELECT * FROM ({hosted_sql}) AS hosted_part) AS counted"
    )
    with connections[declarations.db].cursor() as cursor:
        cursor.execute(sql, (*own_params, *hosted_params))
        count, value = cursor.fetchone()
    if count > limit:
        return Totals(count=limit + 1, value=None, limit=limit)
    # SQLite sums decimals as floats: back to pence.
    total = Decimal(str(value or 0)).quantize(Decimal("0.01"))
    return Totals(count=count, value=total, limit=limit)
