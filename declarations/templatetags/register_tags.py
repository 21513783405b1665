"""Template filters for the register's values: money, outcomes, roles, tags, yes/no.

Staff never see the contract's internal names (``approval_required``,
``line_manager``): these filters give templates the words in declarations.labels.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from declarations import labels
from declarations.lateness import days_words

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """£1,234.50; whole pounds keep their pence (£25.00) as GOV.UK money does."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    return f"£{amount.quantize(Decimal('0.01')):,}"


@register.filter
def officer_name(officer: Any) -> str:
    """ "Sam Officer", or "Sam Officer (former officer)" once they have left."""
    return labels.officer_name(officer)


@register.filter
def days(count: int) -> str:
    """ "1 day", "1,366 days": as every page writes how late (lateness.days_words)."""
    return days_words(count)


@register.filter
def outcome_words(outcome: str | None, declaration_type: str = "") -> str:
    return labels.outcome(outcome, declaration_type)


@register.filter
def outcome_tag_class(outcome: str | None) -> str:
    return labels.outcome_tag(outcome)


@register.filter
def status_tag_class(status: str | None) -> str:
    return labels.status_tag(status)


@register.filter
def step_tag_class(state: str | None) -> str:
    return labels.step_tag(state)


@register.filter
def role_words(role: str | None) -> str:
    """ "your line manager": a role as the officer filing reads it."""
    return labels.role_addressed(role)


@register.filter
def flag_words(flag: str) -> str:
    return labels.flag(flag)


@register.filter
def employer_words(code: str | None) -> str:
    return labels.employer(code)


@register.filter
def in_text(organisation: Any) -> str:
    """An employer inside a sentence: "the county council", "Thurrock Council"."""
    code = getattr(organisation, "code", organisation)
    return labels.employer_in_text(code) if code else ""


@register.filter
def lower_first(words: str) -> str:
    """Words continuing a sentence (labels.in_sentence)."""
    return labels.in_sentence(str(words or ""))


@register.filter
def yes_no(value: Any) -> str:
    if value is None or value == "":
        return "Not answered"
    return "Yes" if value else "No"
