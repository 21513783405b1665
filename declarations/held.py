"""Writes held while a block runs and made at once as it ends: the events a change
writes (workflow.events_written_together) and the notices it queues
(notifications.told_together), one INSERT each rather than one a row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")


@contextlib.contextmanager
def held_to_the_end(
    holding: ContextVar[list[T] | None], write: Callable[[list[T]], Any]
) -> Iterator[None]:
    """Hold what the block adds to `holding`'s list and `write` it as the block ends.

    If the block raises, what it held so far is still written while the transaction can
    take it: a caller that catches the error and commits keeps each change with what it
    held (one that lets it roll back loses both). Nested blocks leave the writing to the
    outermost one.
    """
    if holding.get() is not None:
        yield
        return
    held: list[T] = []
    token = holding.set(held)
    try:
        yield
    except BaseException:
        holding.reset(token)
        if held and not connection.needs_rollback:
            write(held)
        raise
    holding.reset(token)
    if held:
        write(held)
