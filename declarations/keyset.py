"""Keyset paging for lists ordered by (a column, id): the condition for the rows past a
row's place, which the approver's queue, the officer's statuses and the security log
page by (the register's, over several sort columns, is queries._beyond), and the links
a page offers (PageLinks, for templates/_keyset_pagination.html).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

Rows = TypeVar("Rows", bound=QuerySet[Any])


def past(rows: Rows, column: str, value: Any, pk: int, *, descending: bool = False) -> Rows:
    """The rows after (`value`, `pk`) in (column, id) order, or before it when the order
    is `descending`: column beyond value, or equal and id beyond pk. The column's bound
    alone comes first, so that an index on (column, id) starts its scan there."""
    strict, loose = ("lt", "lte") if descending else ("gt", "gte")
    return rows.filter(**{f"{column}__{loose}": value}).filter(
        Q(**{f"{column}__{strict}": value}) | Q(**{column: value, f"id__{strict}": pk})
    )


class PageLinks:
    """What templates/_keyset_pagination.html reads of a page: the cursors either side
    (`after`: the last row shown, None on the last page; `before`: the first row shown,
    None on the first) as the links carry them, and whether it is the first page."""

    after: Any
    before: Any
    is_first: bool

    @property
    def next_link(self) -> str:
        return str(self.after) if self.after else ""

    @property
    def previous_link(self) -> str:
        return str(self.before) if self.before else ""
