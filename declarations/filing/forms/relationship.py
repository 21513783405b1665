"""The questions for declaring a relationship with someone at or around work."""

from __future__ import annotations

from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import NATURES, WITH_WHOM
from declarations.filing.forms.fields import (
    EVENT_FUTURE_DAYS,
    counterparty_field,
    date_field,
    description_field,
    radios,
    yes_no,
)


class RelationshipForm(DeclarationForm):
    declaration_type = "relationship"
    title = "Declare a relationship"
    optional = frozenset({"description", "event_date"})
    left_empty = {"event_date": "Not known yet"}

    counterparty = counterparty_field("Name of the person", "Enter the name of the person")
    with_whom = radios("Who are they to you at work?", WITH_WHOM, "Select who they are")
    nature = radios(
        "What is your relationship with them?", NATURES, "Select what the relationship is"
    )
    professional_responsibility = yes_no(
        "Do you have professional responsibility for them?",
        "Select yes if you have professional responsibility for them",
    )
    existed_before_appointment = yes_no(
        "Did the relationship start before you took up your job?",
        "Select yes if the relationship started before you took up your job",
    )
    involved_in_decision = yes_no(
        "Would you take part in any decision about them?",
        "Select yes if you would take part in a decision about them",
        "Such as an appointment, discipline, pay, promotion, contract or case decision.",
    )
    description = description_field(
        "Anything else you want to tell us (optional)", "Enter anything else you want to tell us"
    )
    date = date_field(
        "When did the relationship start?",
        "Enter the date the relationship started",
        help_text="If you do not know the exact date, give your best estimate.",
    )

    # Asked only where a code dates something from it (policies.relevance): the county
    # council's consent before work with a contractor begins (3.7).
    event_date = date_field(
        "When does the contract or work with them begin? (optional)",
        "Enter the date the contract or work with them begins",
        future_days=EVENT_FUTURE_DAYS,
        help_text="If you do not know yet, leave this empty.",
    )

    groups = (
        ("The person", ("counterparty", "with_whom", "event_date")),
        (
            "Your relationship",
            (
                "nature",
                "date",
                "professional_responsibility",
                "existed_before_appointment",
                "involved_in_decision",
                "description",
            ),
        ),
    )
