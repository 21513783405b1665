"""The questions for a disclosure: something the officer's code asks them to tell.

A charge, caution or conviction, an arrest or bail conditions, an approach meant to
influence their work, a request to travel overseas or to be a witness in court...
(policy-contract.md, "type disclosure"). The kinds are offered in the officer's own
words; the follow-up questions are asked only under the kind they belong to, and only
where the officer's code reads them (policies.relevance).
"""

from __future__ import annotations

from typing import Any

from declarations import clock
from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import DISCLOSURE_KINDS
from declarations.filing.forms.fields import (
    EVENT_FUTURE_DAYS,
    counterparty_field,
    date_field,
    description_field,
    radios,
    yes_no,
)
from policies.vocabulary import DisclosureKind

# What may lie ahead when it is disclosed: travel, a court hearing, a prison visit (up
# to EVENT_FUTURE_DAYS ahead). Everything else has happened by the time it is told, so a
# date in the future could only put off its deadline.
MAY_LIE_AHEAD = frozenset(
    {
        DisclosureKind.OVERSEAS_TRAVEL,
        DisclosureKind.COURT_WITNESS,
        DisclosureKind.COURT_OR_PRISON_INTERVENTION,
    }
)


class DisclosureForm(DeclarationForm):
    declaration_type = "disclosure"
    title = "Make a disclosure"
    optional = frozenset({"counterparty"})

    disclosure_kind = radios(
        "What do you need to tell us?",
        DISCLOSURE_KINDS,
        "Select what you need to tell us",
    )
    bail_conditions_affect_work = yes_no(
        "Could the bail conditions affect your work?",
        "Select yes if the bail conditions could affect your work",
        "For example, if you care for people and the conditions bar contact with people like "
        "them. If you are not sure, select yes.",
    )
    required_by_court = yes_no(
        "Does the court require you to give evidence?",
        "Select yes if the court requires you to give evidence",
        "For example, you have been served with a witness summons.",
    )
    for_service_user = yes_no(
        "Is it for a service user, as part of your work?",
        "Select yes if it is for a service user as part of your work",
    )
    date = date_field(
        "When did it happen?",
        "Enter the date it happened",
        future_days=EVENT_FUTURE_DAYS,
        help_text=(
            "The day of the charge, caution, conviction, arrest or approach; for travel, "
            "the day it starts; for a court hearing, the day of the hearing; for a buyout, "
            "the day you decided to take part."
        ),
    )
    description = description_field(
        "Tell us what happened",
        "Tell us what happened",
        "Include anything your manager needs to know, such as the offence, the conditions "
        "or what you were offered.",
    )
    counterparty = counterparty_field(
        "Who was involved? (optional)",
        "Enter who was involved",
        "For example, who approached or canvassed you, the business concerned or the court.",
    )

    # Each follow-up belongs to one kind (contract: bail conditions, a court witness, a
    # court or prison intervention).
    follow_ups = {
        "bail_conditions_affect_work": ("disclosure_kind", "bail_conditions"),
        "required_by_court": ("disclosure_kind", "court_witness"),
        "for_service_user": ("disclosure_kind", "court_or_prison_intervention"),
    }

    groups = (
        (
            "What happened",
            (
                "disclosure_kind",
                "bail_conditions_affect_work",
                "required_by_court",
                "for_service_user",
                "date",
                "description",
                "counterparty",
            ),
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, date = data.get("disclosure_kind"), data.get("date")
        if date is not None and kind not in (None, "", *MAY_LIE_AHEAD) and date > clock.today():
            self.add_error("date", "The date it happened must be today or in the past")
        return data
