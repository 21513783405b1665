"""The register's clock: what the time is for the register's services.

Services ask this rather than `timezone.now()`, so that loading history (the demo files
each entry on the day it happened) can set the time for one block of work. The setting
lives in a context variable: it holds only for the code inside `set_to`, in that thread
or task, and never changes Django's own clock for anything else.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_set_to: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "register_clock", default=None
)


def now() -> datetime.datetime:
    """The current moment, or the moment `set_to` holds."""
    return _set_to.get() or timezone.now()


def today() -> datetime.date:
    """The current day in the register's time zone."""
    return timezone.localdate(now())


@contextmanager
def set_to(moment: datetime.datetime) -> Iterator[None]:
    """Run the block as if it were `moment` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("The register's clock needs an aware datetime.")
    token = _set_to.set(moment)
    try:
        yield
    finally:
        _set_to.reset(token)
