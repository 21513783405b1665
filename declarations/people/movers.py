"""Movers: who is affected when someone's line manager changes.

A declaration's chain roles (line manager up to chief officer) are read up the
declarant's line-management chain, so a new line manager for one officer changes the
chain of everyone below them too. `within_reach` answers, for the declarants with
something waiting, which of them are at or below the officers who moved; the approvals
journey then asks their routes again (approvals.move_steps_after_line_management).
"""

from __future__ import annotations

from collections.abc import Iterable

from declarations.models import Officer
from declarations.people import hierarchy


def within_reach(moved: Iterable[int], declarants: Iterable[int]) -> set[int]:
    """The declarants who are one of `moved` or report to one of them, directly or up the
    chain. The chains are read one level of management at a time (one query per level,
    not per officer) and walked in memory, stopping at a loop."""
    moved_ids = set(moved)
    wanted = set(declarants)
    if not moved_ids or not wanted:
        return set()
    managers: dict[int, int | None] = {}
    frontier = wanted - moved_ids
    asked: set[int] = set()
    while frontier:
        asked |= frontier
        for pk, manager_id in Officer.objects.filter(pk__in=frontier).values_list(
            "pk", "line_manager_id"
        ):
            managers[pk] = manager_id
        # Above a moved officer the chain no longer matters: stop reading there.
        frontier = {m for m in managers.values() if m is not None} - asked - moved_ids
    return {
        pk
        for pk in wanted
        if pk in moved_ids or any(m in moved_ids for m in hierarchy.walk_up(pk, managers))
    }
