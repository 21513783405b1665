"""Words for the register's values: money, outcomes, roles, yes/no.

Staff never see the contract's internal names (``approval_required``,
``line_manager``): these filters turn them into the plain English the pages use.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from declarations import choices as c

register = template.Library()

ROLE_WORDS: dict[str, str] = {
    "line_manager": "your line manager",
    "head_of_service": "your head of service",
    "assistant_director": "your assistant director",
    "director": "your director",
    "chief_officer": "your chief officer",
    "chief_executive": "the chief executive",
    "hr": "HR",
    "legal_adviser": "the legal adviser",
    "monitoring_officer": "the monitoring officer",
    "board_secretary": "the Secretary to the Board",
}

# Outcome words depend on what is declared: a gift is declined, work does not go ahead.
OUTCOME_WORDS: dict[str, str] = {
    "no_action": "No action needed",
    "declare": "Must be declared",
    "approval_required": "Needs approval",
    "prohibited": "Not allowed",
}
OUTCOME_WORDS_BY_TYPE: dict[tuple[str, str], str] = {
    ("approval_required", "gift"): "Needs approval before you accept",
    ("approval_required", "hospitality"): "Needs approval before you accept",
    ("approval_required", "outside_work"): "Needs approval before you start",
    ("prohibited", "gift"): "Must be declined",
    ("prohibited", "hospitality"): "Must be declined",
    ("prohibited", "outside_work"): "Must not go ahead",
    ("prohibited", "interest"): "Not allowed under your code: get advice",
    ("prohibited", "relationship"): "Not allowed under your code: get advice",
}
# GOV.UK tag colours for each outcome.
OUTCOME_TAG_CLASSES: dict[str, str] = {
    "no_action": "govuk-tag--green",
    "declare": "govuk-tag--blue",
    "approval_required": "govuk-tag--yellow",
    "prohibited": "govuk-tag--red",
}
STATUS_TAG_CLASSES: dict[str, str] = {
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "awaiting_approval": "govuk-tag--yellow",
    "awaiting_acknowledgement": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "rejected": "govuk-tag--red",
    "recorded": "govuk-tag--green",
    "withdrawn": "govuk-tag--grey",
    "ended": "govuk-tag--grey",
    "superseded": "govuk-tag--grey",
}
FLAG_WORDS: dict[str, str] = {
    "timing_sensitive": (
        "Take care over timing: the giver has a decision pending with your employer."
    ),
    "hours_exceed_48": (
        "With your contracted hours this comes to more than 48 hours a week on average."
    ),
    "withdraw_from_decision": "Do not take part in any decision that this affects.",
    "redirect_to_charity": (
        "Suggest the giver makes a goodwill gesture to the charity your employer names instead."
    ),
    "record_on_contact_log": "Record the offer on the contact log.",
    "report_if_bequest_made": "Tell your employer if a bequest is made to you.",
    "no_direct_supervision": "You must not directly supervise this person.",
    "return_or_hand_over": "You may need to return the gift or hand it over.",
    "annual_review": "This entry is reviewed every year: keep it up to date.",
}


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
def outcome_words(outcome: str | None, declaration_type: str = "") -> str:
    if not outcome:
        return ""
    return OUTCOME_WORDS_BY_TYPE.get(
        (outcome, declaration_type), OUTCOME_WORDS.get(outcome, c.label(outcome))
    )


@register.filter
def outcome_tag_class(outcome: str | None) -> str:
    return OUTCOME_TAG_CLASSES.get(outcome or "", "govuk-tag--grey")


@register.filter
def status_tag_class(status: str | None) -> str:
    return STATUS_TAG_CLASSES.get(status or "", "govuk-tag--grey")


@register.filter
def role_words(role: str | None) -> str:
    if not role:
        return ""
    return ROLE_WORDS.get(role, c.label(role).lower())


@register.filter
def flag_words(flag: str) -> str:
    return FLAG_WORDS.get(flag, c.label(flag))


@register.filter
def employer_words(code: str | None) -> str:
    return c.label(code) if code else ""


@register.filter
def yes_no(value: Any) -> str:
    if value is None or value == "":
        return "Not answered"
    return "Yes" if value else "No"
