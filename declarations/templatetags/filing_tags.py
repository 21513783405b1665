"""What the filing pages show that takes more than a template should hold."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from declarations import choices as c
from declarations import labels
from declarations.filing.answers import given_answers
from declarations.lateness import Lateness, TokenLimitApplied, lateness_of, token_limits_applied
from declarations.models import Declaration

register = template.Library()


@register.filter
def date_given(declaration: Declaration) -> datetime.date | None:
    """The declaration's date, or None for a draft whose date has not been given yet.

    A draft's date column always holds a date (today, until the officer gives one), so
    a list that showed it would claim a date nobody gave.
    """
    if declaration.status == c.Status.DRAFT and "date" not in given_answers(declaration):
        return None
    return declaration.date


@register.filter
def verdict_status(panel: dict[str, Any]) -> str:
    """The live panel's verdict in one short line ("Your code says: must be declined"), in
    the outcome's own words (declarations.labels), for the form's role="status" line;
    or why there is no verdict yet. static/js/verdict.js writes the same line."""
    if not panel.get("available"):
        return str(panel.get("unavailable") or "")
    words = labels.outcome(panel.get("outcome"), panel.get("type") or "")
    return f"Your code says: {labels.in_sentence(words)}" if words else ""


@register.filter
def how_late(declaration: Declaration) -> Lateness | None:
    """How late a submitted declaration was declared (declarations.lateness), for the
    officer's own page; None on time, with no deadline, or not yet submitted."""
    if declaration.submitted_at is None:
        return None
    return lateness_of(declaration)


@register.filter
def token_limits_used(declaration: Declaration) -> list[TokenLimitApplied]:
    """The token limits its stored verdict records (none before they were recorded)."""
    if declaration.submitted_at is None:
        return []
    return token_limits_applied(declaration.verdict)
