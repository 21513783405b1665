"""The questions for declaring an interest: yours, or someone close to you."""

from __future__ import annotations

from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import HELD_BY, INTEREST_KINDS
from declarations.filing.forms.fields import (
    counterparty_field,
    date_field,
    description_field,
    radios,
    yes_no,
)


class InterestForm(DeclarationForm):
    declaration_type = "interest"
    title = "Declare an interest"

    interest_kind = radios(
        "What kind of interest is it?", INTEREST_KINDS, "Select what kind of interest it is"
    )
    held_by = radios("Whose interest is it?", HELD_BY, "Select whose interest it is")
    counterparty = counterparty_field(
        "Name of the company, organisation or body",
        "Enter the name of the company, organisation or body",
        "If you owe your employer money, enter your employer's name.",
    )
    description = description_field(
        "Describe the interest",
        "Describe the interest",
        "For example, 500 shares, a directorship, or treasurer of a local charity.",
    )
    date = date_field("When did the interest start?", "Enter the date the interest started")
    org_does_business_with_employer = yes_no(
        "Does the organisation do business with your employer, or want to?",
        "Select yes if the organisation does business with your employer",
        "For example, contracts, grants or funding.",
    )
    pecuniary_interest_in_contract = yes_no(
        "Do you have a financial interest in a contract with your employer, or one that is "
        "proposed?",
        "Select yes if you have a financial interest in a contract with your employer",
        "Directly, or indirectly through someone else.",
    )
    involved_in_related_matter = yes_no(
        "Do you deal with any matter or application that affects this interest?",
        "Select yes if you deal with a matter that affects this interest",
    )
    could_conflict = yes_no(
        "Could this interest conflict with your employer's interests?",
        "Select yes if this interest could conflict with your employer's interests",
        "If you are not sure, select yes.",
    )
    change_to_existing = yes_no(
        "Is this a change to an interest you have declared before?",
        "Select yes if this changes an interest you declared before",
    )

    groups = (
        ("The interest", ("interest_kind", "held_by", "counterparty", "description", "date")),
        (
            "How it touches your work",
            (
                "org_does_business_with_employer",
                "pecuniary_interest_in_contract",
                "involved_in_related_matter",
                "could_conflict",
                "change_to_existing",
            ),
        ),
    )
