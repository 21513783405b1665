"""Line management: who is above whom, walked one way wherever it is needed.

Approval routes look up the chain for a manager at a level (routing), interest reviews
for the nearest assistant director of many officers at once (reviews), and both a save
and an import file must refuse a line manager who would make a loop (Officer.save,
importing). A loop should never exist, but data can arrive by paths that skip the checks
(a bulk update, an old import), so every walk stops at one instead of spinning.

The walks over a graph (`walk_up`, `loop_path`, `would_make_loop`) take the line
managers as a mapping, officer -> their manager, so the same code checks the database
(`StoredManagers`) and an import file's graph held in memory. Nothing here knows about
views or any other journey.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import TypeVar

from declarations.models import Officer
from policies.vocabulary import Level

Node = TypeVar("Node", bound=Hashable)
T = TypeVar("T")


def walk_up(start: Node, managers: Mapping[Node, Node | None]) -> Iterator[Node]:
    """The managers above `start`, nearest first: up to the top of the chain, or until
    the walk would pass someone already passed (a loop). `start` is never yielded."""
    return _walk(start, managers.get, key=lambda node: node)


def _walk(
    start: T, manager_of: Callable[[T], T | None], *, key: Callable[[T], Hashable]
) -> Iterator[T]:
    """The one walk up a chain, whether it is held as a mapping or as related objects."""
    seen = {key(start)}
    node = manager_of(start)
    while node is not None and key(node) not in seen:
        yield node
        seen.add(key(node))
        node = manager_of(node)


def loop_path(
    officer: Node, new_manager: Node | None, managers: Mapping[Node, Node | None]
) -> list[Node]:
    """If `officer` reported to `new_manager`, the chain from the new manager up that
    comes back round to `officer` (ending with them); empty when there would be no loop.

    A loop higher up that does not pass through `officer` is not theirs to answer for,
    and ends the walk.
    """
    if new_manager is None:
        return []
    path: list[Node] = []
    for node in itertools.chain((new_manager,), walk_up(new_manager, managers)):
        path.append(node)
        if node == officer:
            return path
    return []


def would_make_loop(
    officer: Node, new_manager: Node | None, managers: Mapping[Node, Node | None]
) -> bool:
    """Whether giving `officer` this line manager would put them above themselves."""
    return bool(loop_path(officer, new_manager, managers))


class StoredManagers(Mapping[int, int | None]):
    """Officer id -> line manager id as the database holds them now, read one officer at
    a time as a walk asks (and remembered for the walk), so that a check never trusts
    related objects cached in memory, which may be stale."""

    def __init__(self) -> None:
        self._read: dict[int, int | None] = {}

    def __getitem__(self, officer_id: int) -> int | None:
        if officer_id not in self._read:
            found = list(
                Officer.objects.filter(pk=officer_id).values_list("line_manager_id", flat=True)
            )
            if not found:
                raise KeyError(officer_id)
            self._read[officer_id] = found[0]
        return self._read[officer_id]

    def __iter__(self) -> Iterator[int]:
        return iter(Officer.objects.values_list("pk", flat=True))

    def __len__(self) -> int:
        return Officer.objects.count()


# How far up `read_chain` reads in its one query (staff to chief executive is six levels);
# a longer chain is read on, one manager at a time, as a walk goes past it.
CHAIN_READ_DEPTH = 6


def read_chain(officer: Officer, depth: int = CHAIN_READ_DEPTH) -> None:
    """Read the officer's line managers (with their users) `depth` levels up in one query
    and keep them on the officer, so that a walk up the chain asks nothing more."""
    if officer.line_manager_id is None:
        return
    related = ["__".join(["line_manager"] * level) for level in range(1, depth)]
    manager = (
        Officer.objects.select_related("user", *(f"{path}__user" for path in related))
        .filter(pk=officer.line_manager_id)
        .first()
    )
    if manager is not None:
        officer.line_manager = manager


def chain_above(officer: Officer) -> list[Officer]:
    """The officer's line managers upwards, nearest first; stops at a loop."""
    return list(_walk(officer, lambda person: person.line_manager, key=lambda person: person.pk))


def nearest_above(officer: Officer, fits: Callable[[Officer], bool]) -> Officer | None:
    """The nearest active manager above `officer` that fits, or None. Someone who has
    left (inactive) is passed over: they can act for nobody."""
    for manager in chain_above(officer):
        if manager.active and fits(manager):
            return manager
    return None


def nearest_at_level(officer: Officer, level: Level) -> Officer | None:
    """The nearest active manager above `officer` at exactly `level`, or None."""
    return nearest_above(officer, lambda manager: manager.level == level)


def nearest_at_level_for(officer_ids: Iterable[int], level: Level) -> dict[int, Officer | None]:
    """For each officer, `nearest_at_level` answered for many at once.

    The chains are read one level of management at a time (one query per level, not
    per officer), then walked in memory with `walk_up`.
    """
    wanted = set(officer_ids)
    managers: dict[int, int | None] = {}
    at_level: set[int] = set()
    asked: set[int] = set()
    frontier = set(wanted)
    while frontier:
        asked |= frontier
        rows = Officer.objects.filter(pk__in=frontier).values_list(
            "pk", "line_manager_id", "level", "active"
        )
        for pk, manager_id, found_level, active in rows:
            managers[pk] = manager_id
            if active and found_level == level:
                at_level.add(pk)
        frontier = {m for m in managers.values() if m is not None} - asked
    found = {pk: next((m for m in walk_up(pk, managers) if m in at_level), None) for pk in wanted}
    people = Officer.objects.select_related("user").in_bulk(
        {pk for pk in found.values() if pk is not None}
    )
    return {pk: people.get(m) if m is not None else None for pk, m in found.items()}
