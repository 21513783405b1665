"""What the dashboard's tests share: a verdict set by hand with the register's columns,
and an approval step opened some days ago (an entry of any type: tests.factories.declare)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from declarations import submission
from tests.factories import ApprovalStepFactory


def set_verdict(declaration, verdict: dict) -> None:
    """A verdict and the register's columns copied from it, as submission writes them."""
    declaration.verdict = verdict
    submission.record_register_columns(declaration, verdict)
    declaration.save()


def step(declaration, order: int, days: int | None, *, created_days: int = 0, now=None, **kw):
    now = now or timezone.now()
    return ApprovalStepFactory(
        declaration=declaration,
        order=order,
        opened_at=None if days is None else now - datetime.timedelta(days=days, hours=1),
        created_at=now - datetime.timedelta(days=created_days, hours=1),
        **kw,
    )
