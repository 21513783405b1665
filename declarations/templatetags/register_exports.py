"""Words for the register pages and the PDF: register keepers and outcomes.

Separate from register_tags (which speaks to the person filing: "your line manager"):
a register is read by its keeper, so roles are named, not addressed.
"""

from __future__ import annotations

from django import template

from declarations import choices as c
from declarations.register import KEEPER_LABELS, OUTCOME_LABELS

register = template.Library()


@register.filter
def keeper_label(role: str | None) -> str:
    """Monitoring officer, Secretary to the Board...; empty when the code names none."""
    if not role:
        return ""
    return KEEPER_LABELS.get(role, c.label(role))


@register.filter
def outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    return OUTCOME_LABELS.get(outcome, c.label(outcome))
