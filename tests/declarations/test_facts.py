"""A declaration becomes the contract's request, and only through the one parser.

For each type the request built from the models is asserted field by field against
the contract, and `policies.parse_request` must accept it.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

import policies
from declarations.facts import facts_for, parse_json_request, request_for, settings_for
from declarations.models import Declaration
from policies.vocabulary import (
    DeclarationType,
    DisclosureKind,
    DonorCategory,
    Employer,
    Level,
    Sponsor,
)
from tests.factories import (
    DeclarationFactory,
    DisclosureFactory,
    GiftFactory,
    HospitalityFactory,
    InterestFactory,
    OrganisationFactory,
    OutsideWorkFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

OLIVE = {
    "level": "staff",
    "spinal_column_point": None,
    "seconded_to": None,
    "board_member": False,
    "politically_restricted": False,
    "procurement_or_regulatory_role": False,
    "contracted_hours_per_week": "37.00",
}
DATES = {"date": "2026-11-02", "declared_on": "2026-11-03"}


def saved(detail) -> Declaration:
    """The declaration as the database gives it back (Decimals with their two places)."""
    return Declaration.objects.select_related("officer__seconded_to", "organisation").get(
        pk=detail.declaration.pk
    )


def test_a_gift_becomes_the_contracts_gift_request(officer):
    declaration = saved(GiftFactory(declaration__officer=officer))

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "gift",
            **DATES,
            "direction": "received",
            "offered_to": "self",
            "form": "item",
            "token_item": False,
            "value_gbp": "20.00",
            "donor_category": "supplier",
            "status": "offered",
            "on_behalf_of_employer": False,
            "received_without_warning": False,
            "refusal_would_offend": False,
            "donor_has_pending_decision": False,
            "sponsor": "outside_body",
        },
    }


def test_hospitality_sends_only_the_fields_the_contract_lists_for_it(officer):
    declaration = saved(
        HospitalityFactory(declaration__officer=officer, corporate=True, value_gbp=Decimal("45"))
    )

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "hospitality",
            **DATES,
            "offered_to": "self",
            "value_gbp": "45.00",
            "donor_category": "supplier",
            "status": "offered",
            "donor_has_pending_decision": False,
            "refusal_would_offend": False,
            "hospitality_kind": "working_meal",
            "corporate": True,
            "represents_employer": False,
            "overseas": False,
        },
    }


def test_an_interest_becomes_the_contracts_interest_request(officer):
    declaration = saved(InterestFactory(declaration__officer=officer, held_by="spouse_or_partner"))

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "interest",
            **DATES,
            "interest_kind": "financial",
            "held_by": "spouse_or_partner",
            "org_does_business_with_employer": False,
            "pecuniary_interest_in_contract": False,
            "involved_in_related_matter": False,
            "could_conflict": True,
            "change_to_existing": False,
        },
    }


def test_outside_work_becomes_the_contracts_outside_work_request(officer):
    declaration = saved(
        OutsideWorkFactory(declaration__officer=officer, hours_per_week=Decimal("7.5"))
    )

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "outside_work",
            **DATES,
            "work_kind": "employment",
            "paid": True,
            "hours_per_week": "7.50",
            "during_working_hours": False,
            "uses_employer_resources": False,
            "overlaps_normal_duties": False,
            "conflicts_with_duties": False,
            "during_sick_leave": False,
            "during_leave_or_suspension_for_employer": False,
            "for_service_user": False,
            "private_gain_from_employment_work": False,
            "political_activity": "none",
        },
    }


def test_an_event_date_given_is_sent_and_one_left_empty_is_the_contracts_default(officer):
    given = saved(GiftFactory(declaration__officer=officer, event_date=datetime.date(2026, 11, 20)))
    left_empty = saved(GiftFactory(declaration__officer=officer))

    assert request_for(given)["declaration"]["event_date"] == "2026-11-20"
    assert facts_for(given).declaration.event_date == datetime.date(2026, 11, 20)
    assert "event_date" not in request_for(left_empty)["declaration"]
    assert facts_for(left_empty).declaration.event_date == datetime.date(2026, 11, 2)


def test_a_sponsorship_sends_who_sponsors_it(officer):
    declaration = saved(
        GiftFactory(declaration__officer=officer, form="sponsorship", sponsor="employer")
    )

    assert request_for(declaration)["declaration"]["sponsor"] == "employer"
    assert facts_for(declaration).declaration.sponsor is Sponsor.EMPLOYER


def test_hospitality_abroad_says_so(officer):
    declaration = saved(HospitalityFactory(declaration__officer=officer, overseas=True))

    assert request_for(declaration)["declaration"]["overseas"] is True


def test_a_relationship_sends_when_work_with_them_begins_only_when_known(officer):
    known = saved(
        RelationshipFactory(declaration__officer=officer, event_date=datetime.date(2027, 1, 4))
    )
    unknown = saved(RelationshipFactory(declaration__officer=officer))

    assert request_for(known)["declaration"]["event_date"] == "2027-01-04"
    assert "event_date" not in request_for(unknown)["declaration"]
    assert facts_for(unknown).declaration.event_date is None


def test_a_disclosure_becomes_the_contracts_disclosure_request(officer):
    declaration = saved(
        DisclosureFactory(
            declaration__officer=officer,
            disclosure_kind="bail_conditions",
            bail_conditions_affect_work=False,
        )
    )

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "disclosure",
            **DATES,
            "disclosure_kind": "bail_conditions",
            "bail_conditions_affect_work": False,
            "required_by_court": False,
            "for_service_user": False,
        },
    }
    assert facts_for(declaration).declaration.disclosure_kind is DisclosureKind.BAIL_CONDITIONS


def test_a_relationship_becomes_the_contracts_relationship_request(officer):
    declaration = saved(RelationshipFactory(declaration__officer=officer))

    assert request_for(declaration) == {
        "employer": "thurrock",
        "officer": OLIVE,
        "declaration": {
            "type": "relationship",
            **DATES,
            "with_whom": "contractor",
            "nature": "family",
            "professional_responsibility": False,
            "existed_before_appointment": False,
            "involved_in_decision": False,
        },
    }


DETAIL_FACTORIES = {
    DeclarationType.GIFT: GiftFactory,
    DeclarationType.HOSPITALITY: HospitalityFactory,
    DeclarationType.INTEREST: InterestFactory,
    DeclarationType.OUTSIDE_WORK: OutsideWorkFactory,
    DeclarationType.RELATIONSHIP: RelationshipFactory,
    DeclarationType.DISCLOSURE: DisclosureFactory,
}


@pytest.mark.parametrize("kind", list(DeclarationType))
def test_the_parser_accepts_the_request_of_every_type(kind, officer):
    declaration = saved(DETAIL_FACTORIES[kind](declaration__officer=officer))

    facts = facts_for(declaration)

    assert facts.employer is Employer.THURROCK
    assert facts.declaration.type is kind
    assert str(facts.declaration.date) == DATES["date"]
    assert str(facts.declaration.declared_on) == DATES["declared_on"]
    assert facts.officer.level is Level.STAFF
    assert facts.officer.contracted_hours_per_week == Decimal("37")


@pytest.mark.parametrize("kind", list(DeclarationType))
def test_the_request_survives_json_unchanged(kind, officer):
    """What the API or CLI would receive for this declaration means the same facts."""
    declaration = saved(DETAIL_FACTORIES[kind](declaration__officer=officer))

    assert parse_json_request(
        json.dumps(request_for(declaration)), stored_settings=settings_for(declaration)
    ) == facts_for(declaration)


def test_money_keeps_its_exact_pence(officer):
    declaration = saved(GiftFactory(declaration__officer=officer, value_gbp=Decimal("24.99")))

    assert request_for(declaration)["declaration"]["value_gbp"] == "24.99"
    assert facts_for(declaration).declaration.value_gbp == Decimal("24.99")
    assert facts_for(declaration).declaration.donor_category is DonorCategory.SUPPLIER


def test_a_seconded_officer_sends_the_host_code_and_their_own_facts(officer):
    officer.seconded_to = OrganisationFactory(code="opcc")
    officer.level = "assistant_director"
    officer.spinal_column_point = 41
    officer.board_member = True
    officer.politically_restricted = True
    officer.procurement_or_regulatory_role = True
    officer.contracted_hours_per_week = Decimal("22.5")
    officer.save()
    declaration = saved(InterestFactory(declaration__officer=officer))

    assert request_for(declaration)["officer"] == {
        "level": "assistant_director",
        "spinal_column_point": 41,
        "seconded_to": "opcc",
        "board_member": True,
        "politically_restricted": True,
        "procurement_or_regulatory_role": True,
        "contracted_hours_per_week": "22.50",
    }
    assert facts_for(declaration).officer.seconded_to is Employer.OPCC


def test_the_employer_is_the_organisation_the_declaration_was_filed_with(stranger):
    declaration = saved(GiftFactory(declaration__officer=stranger))

    assert request_for(declaration)["employer"] == "ecc"


def test_a_declaration_without_its_details_is_refused_not_judged_on_defaults(officer):
    declaration = DeclarationFactory(officer=officer, type="gift")

    with pytest.raises(policies.FactsError) as raised:
        facts_for(declaration)

    assert raised.value.field == "declaration"


def test_stored_data_outside_the_contract_is_refused_with_its_field(officer):
    gift = GiftFactory(declaration__officer=officer)
    declaration = saved(gift)
    declaration.gift_hospitality.donor_category = "friend"  # as if the data were corrupted

    with pytest.raises(policies.FactsError) as raised:
        facts_for(declaration)

    assert raised.value.field == "declaration.donor_category"
