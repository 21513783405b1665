"""The questions for declaring a gift, given or received."""

from __future__ import annotations

from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import (
    DIRECTIONS,
    DONOR_CATEGORIES,
    GIFT_FORMS,
    OFFER_STATUSES,
    OFFERED_TO,
    SPONSORS,
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


class GiftForm(DeclarationForm):
    declaration_type = "gift"
    title = "Declare a gift"
    optional = frozenset({"event_date"})
    left_empty = {"event_date": "The day it was offered"}
    on_or_after_date = {
        "event_date": "The date you accept or give it must be on or after the date it was offered"
    }

    counterparty = counterparty_field(
        "Name of the person or organisation",
        "Enter the name of the person or organisation",
        "If you gave the gift, who you gave it to.",
    )
    donor_category = radios("Who are they?", DONOR_CATEGORIES, "Select who they are")
    donor_has_pending_decision = yes_no(
        "Do they have a contract, tender, application or other decision waiting on your employer?",
        "Select yes if they have a decision waiting on your employer",
    )
    offered_to = radios("Who was it for?", OFFERED_TO, "Select who the gift was for")
    direction = radios(
        "Did you receive it or give it?", DIRECTIONS, "Select whether you received or gave it"
    )
    description = description_field(
        "What was it?",
        "Enter what the gift was",
        "For example, a bottle of wine, a hamper or two tickets to a match.",
    )
    form = radios("What kind of gift is it?", GIFT_FORMS, "Select what kind of gift it is")
    token_item = yes_no(
        "Is it a promotional item, like a diary, calendar or pen?",
        "Select yes if it is a promotional item",
    )
    value_gbp = money_field(
        "How much is it worth?",
        "In pounds. Give your best estimate if you do not know.",
    )
    date = date_field("When was it offered?", "Enter the date it was offered")
    event_date = date_field(
        "When did you (or will you) accept or give it? (optional)",
        "Enter the date you accept or give it",
        future_days=EVENT_FUTURE_DAYS,
        help_text="If you leave this empty, we take it to be the date it was offered.",
    )
    sponsor = radios("Who is sponsoring?", SPONSORS, "Select who is sponsoring")
    received_without_warning = yes_no(
        "Did it arrive without warning, for example by post?",
        "Select yes if it arrived without warning",
    )
    on_behalf_of_employer = yes_no(
        "Was it for your employer rather than for you personally?",
        "Select yes if it was for your employer",
    )
    status = radios("What have you done about it?", OFFER_STATUSES, "Select what you have done")
    refusal_would_offend = yes_no(
        "Would turning it down cause offence?",
        "Select yes if turning it down would cause offence",
    )

    # A promotional item is an item; only sponsorship has a sponsor; only a gift received
    # can arrive without warning.
    follow_ups = {
        "token_item": ("form", "item"),
        "sponsor": ("form", "sponsorship"),
        "received_without_warning": ("direction", "received"),
    }

    groups = (
        (
            "Who offered it",
            ("counterparty", "donor_category", "donor_has_pending_decision", "offered_to"),
        ),
        (
            "What it was",
            (
                "direction",
                "description",
                "form",
                "token_item",
                "sponsor",
                "value_gbp",
                "date",
                "event_date",
                "received_without_warning",
                "on_behalf_of_employer",
            ),
        ),
        ("What you did", ("status", "refusal_would_offend")),
    )
