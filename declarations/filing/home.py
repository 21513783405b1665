"""What "Your declarations" (the home page) shows: at most GROUP_SIZE rows a status, or
PAGE_SIZE of one status, however many an officer has made.

The page groups the officer's declarations by status (in the statuses' order, those
with none left out); each group shows its newest GROUP_SIZE and says how many it holds
in all, and a group with more links to that status by itself (`?status=`), PAGE_SIZE a
page, newest first. Everything is read along the index `declaration_officer_home_idx`
(officer, status, -declared_on, -id): the counts in one grouped query, the groups'
newest rows in one query (a row number within each status, kept while <= GROUP_SIZE:
the numbering reads the officer's own rows, hundreds at most, from the index),
a status's page by keyset, never by OFFSET: the "Next 50" link carries the
(declared_on, id) of the last row shown, "Previous 50" that of the first, as
"YYYY-MM-DD.id". The cursor is not signed: every query is narrowed to the signed-in
officer's own declarations, so a cursor made up by hand shows nothing of anybody else's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from declarations import keyset, labels
from declarations.choices import Status
from declarations.models import DETAIL_RELATED_NAMES, Declaration, Officer

GROUP_SIZE = 10  # rows a status shows on the grouped page
PAGE_SIZE = 50  # rows a page of one status shows
NEWEST_FIRST = ("-declared_on", "-id")  # the index's order within a status
# What a row shows needs its detail (a gift's value; a draft's answers as given), so
# every type's detail row comes in the same query, never one query a row.
RELATED = ("organisation", *dict.fromkeys(DETAIL_RELATED_NAMES.values()))
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,18})")


def status_words(status: Status, count: int | None = None) -> str:
    """ "57 submitted declarations", "1 declaration awaiting approval", or without a count
    "submitted declarations": a status's declarations as a sentence says them (a one-word
    status before the noun, a longer one after it)."""
    noun = "declaration" if count == 1 else "declarations"
    words = labels.in_sentence(str(status.label))
    phrase = f"{noun} {words}" if " " in words else f"{words} {noun}"
    return phrase if count is None else f"{count} {phrase}"


@dataclass(frozen=True)
class StatusGroup:
    """One status's table: the rows shown and how many the status holds in all."""

    status: Status
    declarations: list[Declaration]
    total: int

    @property
    def caption(self) -> str:
        """ "Submitted (57)": the status and how many it holds."""
        return f"{self.status.label} ({self.total})"

    @property
    def has_more(self) -> bool:
        """Whether the status holds rows the table does not show."""
        return self.total > len(self.declarations)

    @property
    def kind(self) -> str:
        """ "submitted declarations", "declarations awaiting approval"."""
        return status_words(self.status)

    @property
    def see_all(self) -> str:
        """ "See all 57 submitted declarations": the link to the status by itself."""
        return f"See all {status_words(self.status, self.total)}"


def counts(officer: Officer) -> dict[Status, int]:
    """How many declarations the officer has in each status that has any (one grouped
    query, answered from the index)."""
    rows = officer.declarations.order_by().values("status").annotate(n=Count("id"))
    return {Status(row["status"]): row["n"] for row in rows}


def newest_by_status(officer: Officer, size: int = GROUP_SIZE) -> dict[Status, list[Declaration]]:
    """Each status's newest `size` declarations, newest first, in one query: a row number
    within each status (in the index's order) picks the ids, then those rows are read
    with what the page shows of them."""
    ranked = (
        officer.declarations.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("status"),
                order_by=(F("declared_on").desc(), F("id").desc()),
            )
        )
        .filter(rank__lte=size)
        .values("id")
    )
    rows = (
        officer.declarations.filter(id__in=ranked).select_related(*RELATED).order_by(*NEWEST_FIRST)
    )
    newest: dict[Status, list[Declaration]] = {}
    for declaration in rows:
        newest.setdefault(Status(declaration.status), []).append(declaration)
    return newest


def status_groups(officer: Officer | None) -> list[StatusGroup]:
    """The grouped page: each status the officer has declarations in, in the statuses'
    order, with its newest GROUP_SIZE and its count. Two queries however many there are."""
    if officer is None:
        return []
    totals = counts(officer)
    newest = newest_by_status(officer) if totals else {}
    return [
        StatusGroup(status, newest.get(status, []), totals[status])
        for status in Status
        if totals.get(status)
    ]


def parse_status(value: str | None) -> Status | None:
    """The status a `?status=` asks for, or None for none or one we do not know (then
    the grouped page is shown: a damaged link is never an error)."""
    try:
        return Status(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Cursor:
    """A row's place in a status's order, as a paging link carries it: "YYYY-MM-DD.id"."""

    declared_on: datetime.date
    id: int

    def __str__(self) -> str:
        return f"{self.declared_on.isoformat()}.{self.id}"

    @classmethod
    def of(cls, declaration: Declaration) -> Cursor:
        return cls(declared_on=declaration.declared_on, id=declaration.pk)


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor a "Next 50" or "Previous 50" link carries, or None if it is not one we
    could have made (then the first page is shown: a damaged link is never an error)."""
    found = _CURSOR.fullmatch(text or "")
    if found is None:
        return None
    try:
        declared_on = datetime.date.fromisoformat(found[1])
    except ValueError:
        return None
    return Cursor(declared_on=declared_on, id=int(found[2]))


@dataclass(frozen=True)
class StatusPage(keyset.PageLinks):
    """One page of a status's declarations, newest first, and the cursors either side."""

    group: StatusGroup
    after: Cursor | None  # the "Next 50" link's: the last row shown (None on the last page)
    before: Cursor | None  # the "Previous 50" link's: the first row shown (None on the first)
    is_first: bool  # no cursor was followed: the status from its newest row


def status_page(
    officer: Officer,
    status: Status,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> StatusPage:
    """The officer's `size` declarations in `status` older than `after`, or newer than
    `before`, or the newest: read along the index and cut at size + 1 rows (the extra
    row says whether there is more), no OFFSET."""
    if after is not None and before is not None:
        after = before = None  # not a link we make: the first page
    own = officer.declarations.filter(status=status)
    total = own.count()
    rows: QuerySet[Declaration] = own.select_related(*RELATED)
    backwards = before is not None
    if after is not None:
        older = keyset.past(rows, "declared_on", after.declared_on, after.id, descending=True)
        rows = older.order_by(*NEWEST_FIRST)
    elif before is not None:
        newer = keyset.past(rows, "declared_on", before.declared_on, before.id)
        rows = newer.order_by("declared_on", "id")
    else:
        rows = rows.order_by(*NEWEST_FIRST)
    found = list(rows[: size + 1])
    more = len(found) > size
    if backwards and not more:
        # Back at the newest: the first page, full, as its own link shows it (rows that
        # left the status since would otherwise leave this page short).
        return status_page(officer, status, size=size)
    shown = found[:size]
    if backwards:
        shown.reverse()
    group = StatusGroup(status, shown, total)
    first, last = (Cursor.of(shown[0]), Cursor.of(shown[-1])) if shown else (None, None)
    if backwards:
        return StatusPage(group, after=last, before=first if more else None, is_first=False)
    return StatusPage(
        group,
        after=last if more else None,
        before=first if after is not None else None,
        is_first=after is None,
    )
