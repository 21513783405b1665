"""Words for the register pages and the PDF: register keepers and outcomes.

Separate from register_tags (which speaks to the person filing: "your line manager"):
a register is read by its keeper, so roles are named, not addressed.
"""

from __future__ import annotations

from django import template

from declarations import labels

register = template.Library()


@register.filter
def keeper_label(role: str | None) -> str:
    """Monitoring officer, Secretary to the Board...; empty when the code names none."""
    return labels.role(role)


@register.filter
def outcome_label(outcome: str | None) -> str:
    return labels.outcome(outcome)
