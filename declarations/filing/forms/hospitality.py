"""The questions for declaring hospitality offered to you."""

from __future__ import annotations

from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import (
    DONOR_CATEGORIES,
    HOSPITALITY_KINDS,
    OFFER_STATUSES,
    OFFERED_TO,
)
from declarations.filing.forms.fields import (
    EVENT_FUTURE_DAYS,
    counterparty_field,
    date_field,
    description_field,
    money_field,
    radios,
    yes_no,
)


class HospitalityForm(DeclarationForm):
    declaration_type = "hospitality"
    title = "Declare hospitality"
    optional = frozenset({"event_date"})
    left_empty = {"event_date": "The day it was offered"}
    on_or_after_date = {
        "event_date": "The date it takes place must be on or after the date it was offered"
    }

    counterparty = counterparty_field(
        "Name of the person or organisation offering it",
        "Enter the name of the person or organisation offering it",
    )
    donor_category = radios("Who are they?", DONOR_CATEGORIES, "Select who they are")
    donor_has_pending_decision = yes_no(
        "Do they have a contract, tender, application or other decision waiting on your employer?",
        "Select yes if they have a decision waiting on your employer",
    )
    description = description_field(
        "What is the hospitality?",
        "Enter what the hospitality is",
        "For example, dinner after a supplier meeting, or a seat at a charity ball.",
    )
    hospitality_kind = radios(
        "What kind of hospitality is it?",
        HOSPITALITY_KINDS,
        "Select what kind of hospitality it is",
    )
    value_gbp = money_field(
        "How much is it worth to you?",
        "In pounds, for your share. Give your best estimate if you do not know.",
    )
    date = date_field("When was it offered?", "Enter the date it was offered")
    event_date = date_field(
        "When does (or did) the hospitality take place? (optional)",
        "Enter the date the hospitality takes place",
        future_days=EVENT_FUTURE_DAYS,
        help_text="If you leave this empty, we take it to be the date it was offered.",
    )
    overseas = yes_no(
        "Does it involve travel outside the UK?",
        "Select yes if it involves travel outside the UK",
    )
    corporate = yes_no(
        "Is it offered to your employer rather than to you personally?",
        "Select yes if it is offered to your employer",
    )
    represents_employer = yes_no(
        "Would you be there to represent your employer or to share information?",
        "Select yes if you would be there to represent your employer",
    )
    offered_to = radios("Who was it offered to?", OFFERED_TO, "Select who it was offered to")
    status = radios("What have you done about it?", OFFER_STATUSES, "Select what you have done")
    refusal_would_offend = yes_no(
        "Would turning it down cause offence?",
        "Select yes if turning it down would cause offence",
    )

    groups = (
        ("Who offered it", ("counterparty", "donor_category", "donor_has_pending_decision")),
        (
            "What it is",
            (
                "description",
                "hospitality_kind",
                "value_gbp",
                "date",
                "event_date",
                "overseas",
                "corporate",
                "represents_employer",
                "offered_to",
            ),
        ),
        ("What you did", ("status", "refusal_would_offend")),
    )
