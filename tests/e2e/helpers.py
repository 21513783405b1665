"""What the end-to-end tests share besides fixtures: a complete set of answers for each
type's form (the filer's journey), and a register made the way staff make it.

The register is made through the services: drafts filed and submitted through
declarations.filing.services (which judges them by their code, declarations/submission.py) and then
acknowledged or approved by the people their route names (declarations.approvals.decisions).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from declarations import approvals
from declarations.approvals import decisions
from declarations.filing import services as filing
from declarations.filing.forms import form_class_for
from declarations.models import Declaration, Officer

# --- the filer's journey ----------------------------------------------------------------

PANEL = "#verdict-panel"
A_FEW_DAYS_AGO = datetime.date.today() - datetime.timedelta(days=3)

# A complete set of answers for each type's form, by the form's field names: text for
# text boxes, a value for radios, True/False for Yes/No, a date for the date input.
COMPLETE_ANSWERS: dict[str, dict[str, object]] = {
    "gift": {
        "counterparty": "Acme Supplies Ltd",
        "donor_category": "supplier",
        "donor_has_pending_decision": False,
        "offered_to": "self",
        "direction": "received",
        "description": "A bottle of wine",
        "form": "item",
        "token_item": False,
        "value_gbp": "£20",
        "date": A_FEW_DAYS_AGO,
        "received_without_warning": False,
        "on_behalf_of_employer": False,
        "status": "declined",
        "refusal_would_offend": False,
    },
    "hospitality": {
        "counterparty": "Basildon Builders",
        "donor_category": "contractor",
        "donor_has_pending_decision": False,
        "description": "Dinner after a site meeting",
        "hospitality_kind": "working_meal",
        "value_gbp": "35.00",
        "date": A_FEW_DAYS_AGO,
        "corporate": False,
        "represents_employer": True,
        "offered_to": "self",
        "status": "offered",
        "refusal_would_offend": False,
    },
    "interest": {
        "interest_kind": "non_financial",
        "held_by": "self",
        "counterparty": "Grays Rowing Club",
        "description": "Treasurer of the club",
        "date": A_FEW_DAYS_AGO,
        "org_does_business_with_employer": False,
        "pecuniary_interest_in_contract": False,
        "involved_in_related_matter": False,
        "could_conflict": False,
        "change_to_existing": False,
    },
    "outside_work": {
        "work_kind": "employment",
        "counterparty": "The Riverside Bar",
        "description": "Weekend bar work",
        "date": A_FEW_DAYS_AGO,
        "paid": True,
        "hours_per_week": "8",
        "during_working_hours": False,
        "uses_employer_resources": False,
        "during_sick_leave": False,
        "during_leave_or_suspension_for_employer": False,
        "overlaps_normal_duties": False,
        "conflicts_with_duties": False,
        "for_service_user": False,
        "private_gain_from_employment_work": False,
        "political_activity": "none",
    },
    "relationship": {
        "counterparty": "Sam Taylor",
        "with_whom": "colleague",
        "nature": "close_friend",
        "date": A_FEW_DAYS_AGO,
        "professional_responsibility": False,
        "existed_before_appointment": False,
        "involved_in_decision": False,
    },
    "disclosure": {
        "disclosure_kind": "improper_approach",
        "date": A_FEW_DAYS_AGO,
        "description": "Offered a weekend away to share the tender scores",
        "counterparty": "Apex Paving Ltd",
    },
}
TYPE_SLUGS = {
    "gift": "gift",
    "hospitality": "hospitality",
    "interest": "interest",
    "outside_work": "outside-work",
    "relationship": "relationship",
    "disclosure": "disclosure",
}


# --- a register made through the services ------------------------------------------------

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


# The filter the monitoring officer applies: gifts from 35 to 10 days ago.
DATE_FROM = days_ago(35)
DATE_TO = days_ago(10)


def file_declaration(officer: Officer, declaration_type: str, **answers: object) -> Declaration:
    """A draft with COMPLETE_ANSWERS (changed by `answers`), submitted as staff submit it."""
    form_class = form_class_for(declaration_type)
    given = {**COMPLETE_ANSWERS[declaration_type], **answers}
    form = form_class(data=form_class.data_from(given), officer=officer)
    assert form.is_valid(), form.errors
    draft = filing.create_draft(officer, declaration_type, form.answers(), actor=officer.user)
    return filing.submit(draft, actor=officer.user)


def draft_declaration(officer: Officer, declaration_type: str, **answers: object) -> Declaration:
    form_class = form_class_for(declaration_type)
    given = {**COMPLETE_ANSWERS[declaration_type], **answers}
    form = form_class(data=form_class.data_from(given), officer=officer)
    assert form.is_valid(), form.errors
    return filing.create_draft(officer, declaration_type, form.answers(), actor=officer.user)


def settle(declaration: Declaration) -> Declaration:
    """Take a declaration to the end of its route: the officer says what happened to a
    prohibited gift (the first thing their code offers, on the day of the offer) unless
    they said at filing they declined it, then each person on the route acknowledges or
    approves it in turn."""
    declaration.refresh_from_db()
    if approvals.awaiting_disposition(declaration):
        first = approvals.disposition_options(declaration)[0]
        approvals.record_disposition(
            declaration, declaration.officer.user, first.disposition, declaration.date
        )
    while True:
        step = (
            declaration.approval_steps.filter(state="pending", opened_at__isnull=False)
            .order_by("order")
            .first()
        )
        if step is None:
            break
        allowed = decisions.decisions_for(declaration)
        decision = "approve" if "approve" in allowed else "acknowledge"
        decisions.decide(step.pk, by=step.assignee, decision=decision)
        declaration.refresh_from_db()
    assert declaration.status in ("recorded", "approved"), declaration.status
    return declaration


@dataclass
class Register:
    """What was declared, by name, so that tests can say what should (not) be seen."""

    entries: dict[str, Declaration] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Declaration:
        return self.entries[name]

    def ref(self, name: str) -> str:
        return self.entries[name].reference_with_version


def make_register(officer, line_manager, director, monitoring_officer, stranger) -> Register:
    """Thurrock's register (and one ECC gift), made through the services:

    Dana Director: a token gift (40 days ago) recorded; a case of wine declined (30 days
    ago) recorded; a desk diary (12 days ago) still waiting for the monitoring officer;
    flowers for her partner (25 days ago, a family gift) recorded; dinner (20 days ago)
    recorded; a relationship recorded; a draft.
    Lee Manager: a token gift (15 days ago) recorded.
    Mona Monitoring: an interest recorded (no action needed).
    Olive Officer: an interest that could conflict, declared 40 days after it began
    (late under Thurrock 18.2), and an interest recorded (due for its yearly review).
    Sam Stranger (ECC): a gift from the same donor as Dana's wine, in the same dates.
    """
    token = {"token_item": True, "status": "accepted", "donor_category": "other"}
    register = Register()
    e = register.entries
    e["notebook"] = settle(
        file_declaration(
            director,
            "gift",
            counterparty="Thames Stationers",
            description="A branded notebook and pen",
            value_gbp="8",
            date=days_ago(40),
            **token,
        )
    )
    e["wine"] = settle(
        file_declaration(
            director,
            "gift",
            counterparty="Purfleet Wines",
            description="A case of wine, declined",
            value_gbp="120",
            date=days_ago(30),
            status="declined",
        )
    )
    e["diary"] = file_declaration(
        director,
        "gift",
        counterparty="Grays Print Co",
        description="A desk diary",
        value_gbp="12",
        date=days_ago(12),
        **token,
    )
    e["flowers"] = settle(
        file_declaration(
            director,
            "gift",
            counterparty="Chafford Florists",
            description="Flowers sent to my partner",
            value_gbp="25",
            date=days_ago(25),
            offered_to="family",
            **token,
        )
    )
    e["dinner"] = settle(
        file_declaration(
            director,
            "hospitality",
            counterparty="Basildon Builders",
            description="Dinner after the site visit",
            value_gbp="35",
            date=days_ago(20),
            status="accepted",
        )
    )
    e["relationship"] = settle(
        file_declaration(director, "relationship", counterparty="Sam Taylor", date=days_ago(50))
    )
    e["draft"] = draft_declaration(
        director,
        "gift",
        counterparty="Secret Draft Ltd",
        description="Not yet submitted",
        value_gbp="99",
        date=days_ago(20),
        **token,
    )
    e["pen"] = settle(
        file_declaration(
            line_manager,
            "gift",
            counterparty="Thames Stationers",
            description="A pen",
            value_gbp="5",
            date=days_ago(15),
            **token,
        )
    )
    e["law_society"] = settle(
        file_declaration(
            monitoring_officer,
            "interest",
            counterparty="Essex Law Society",
            description="Committee member",
            date=days_ago(100),
        )
    )
    e["late_interest"] = file_declaration(
        officer,
        "interest",
        counterparty="Tilbury Lettings",
        description="My brother's letting agency bids for council work",
        could_conflict=True,
        date=days_ago(40),
    )
    e["rowing"] = settle(file_declaration(officer, "interest", date=days_ago(200)))
    e["ecc_wine"] = file_declaration(
        stranger,
        "gift",
        counterparty="Purfleet Wines",
        description="A bottle of wine",
        value_gbp="15",
        date=days_ago(20),
        **token,
    )
    assert e["draft"].status == "draft"
    assert e["diary"].status == "awaiting_acknowledgement"
    assert e["late_interest"].verdict["late"] is True
    return register
