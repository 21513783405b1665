"""Keyset paging's one condition, for lists ordered by (a column, id): the rows past a
row's place. The approver's queue, the officer's statuses and the security log page
by it (the register's, over several sort columns, is queries._beyond).
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
