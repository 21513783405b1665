"""Essex Probation's rules, row by row (policy-matrix.md, "essex-probation").

Requests are written in the contract's JSON vocabulary (tests/policies/helpers.py) and
go through `policies.parse_request` and `policies.evaluate`: no database, no Django.
"""

from __future__ import annotations

import datetime

import pytest

from policies import module_for
from tests.policies.helpers import (
    CodeUnderTest,
    case,
    gift,
    hospitality,
    interest,
    outside_work,
    relationship,
)

EMPLOYER = "essex-probation"
TODAY = datetime.date(2026, 3, 2)
CONTACT_LOG = "record_on_contact_log"
NO_DIRECT_SUPERVISION = "no_direct_supervision"

CODE = CodeUnderTest(EMPLOYER, TODAY)
verdict_for = CODE.verdict_for
expected = CODE.expected

DECLINE_AND_LOG = {"route": ("line_manager",), "cites": ("7.4",), "flags": (CONTACT_LOG,)}
CONSULT_AND_REGISTER = {
    "route": ("line_manager",),
    "keeper": "board_secretary",
    "cites": ("7.4",),
}

GIFT_CASES = [
    case(
        "token item from a partner needs line manager approval and the board register",
        gift(token_item=True, donor_category="partner_organisation", value_gbp=8),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
    ),
    case(
        "token item from a contractor needs line manager approval too",
        gift(token_item=True, donor_category="contractor", value_gbp="2.50"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
    ),
    case(
        "token item from a service user is prohibited",
        gift(token_item=True, donor_category="service_user"),
        expected("prohibited", "EP-G1", **DECLINE_AND_LOG),
    ),
    case(
        "cash is prohibited as money",
        gift(form="cash", value_gbp=5),
        expected("prohibited", "EP-G2", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a voucher counts as money",
        gift(form="voucher", value_gbp=10, donor_category="supplier"),
        expected("prohibited", "EP-G2", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "cash marked as a token item is still money",
        gift(form="cash", token_item=True, value_gbp=1),
        expected("prohibited", "EP-G2", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "cash gift from a service user breaks both prohibitions",
        gift(form="cash", donor_category="service_user", value_gbp=20),
        expected("prohibited", "EP-G1", "EP-G2", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "an item that is not a token is declined",
        gift(value_gbp=40, donor_category="partner_organisation"),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a loan is declined",
        gift(form="loan", value_gbp=500),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a bequest is declined",
        gift(form="bequest", value_gbp=1000, donor_category="member_of_public"),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a loan marked as a token item is still declined",
        gift(form="loan", token_item=True),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "an offer to the family counts as an offer to the officer",
        gift(offered_to="family", value_gbp=60),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a declined token gets the same verdict as an offered one",
        gift(token_item=True, status="declined"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
    ),
    case(
        "giving a gift needs line manager approval and the board register",
        gift(direction="given", token_item=True, value_gbp=5),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
    ),
    case(
        "giving cash is covered by the giving rule alone",
        gift(direction="given", form="cash", value_gbp=20),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
    ),
]

HOSPITALITY_CASES = [
    case(
        "a working meal needs line manager approval and the board register",
        hospitality(hospitality_kind="working_meal", donor_category="partner_organisation"),
        expected("approval_required", "EP-H1", **CONSULT_AND_REGISTER),
    ),
    case(
        "free accommodation from a supplier needs approval",
        hospitality(hospitality_kind="travel_or_accommodation", donor_category="supplier"),
        expected("approval_required", "EP-H1", **CONSULT_AND_REGISTER),
    ),
    case(
        "a social invitation from a service user is prohibited under 7.4 and 4.9",
        hospitality(hospitality_kind="social_or_sporting", donor_category="service_user"),
        expected(
            "prohibited",
            "EP-G1",
            route=("line_manager",),
            cites=("7.4", "4.9"),
            flags=(CONTACT_LOG,),
        ),
    ),
    case(
        "moderate refreshments are not hospitality",
        hospitality(hospitality_kind="refreshments", donor_category="supplier"),
        expected("no_action"),
    ),
]

OUTSIDE_WORK_CASES = [
    case(
        "other employment needs the chief executive's permission",
        outside_work("employment", hours_per_week=8),
        expected("approval_required", "EP-W1", route=("chief_executive",), cites=("4.8",)),
    ),
    case(
        "self-employment needs the chief executive's permission",
        outside_work("self_employment"),
        expected("approval_required", "EP-W1", route=("chief_executive",), cites=("4.8",)),
    ),
    case(
        "a private business venture needs the chief executive's permission",
        outside_work("business_venture", paid=False),
        expected("approval_required", "EP-W1", route=("chief_executive",), cites=("4.8",)),
    ),
    case(
        "voluntary work asks for nothing",
        outside_work("voluntary", paid=False, hours_per_week=3),
        expected("no_action"),
    ),
    case(
        "voluntary work against the service's interests is prohibited",
        outside_work("voluntary", paid=False, conflicts_with_duties=True),
        expected("prohibited", "EP-W2", route=("line_manager",), cites=("7.2",)),
    ),
    case(
        "conflicting employment is prohibited though it would need permission",
        outside_work("employment", conflicts_with_duties=True),
        expected(
            "prohibited",
            "EP-W1",
            "EP-W2",
            route=("line_manager", "chief_executive"),
            cites=("4.8", "7.2"),
        ),
    ),
    case(
        "executor for an unrelated service user needs prior written consent",
        outside_work("executorship", paid=False, for_service_user=True),
        expected(
            "approval_required",
            "EP-W3",
            route=("chief_executive",),
            written=True,
            cites=("7.3",),
        ),
    ),
    case(
        "executor for someone who is not a service user asks for nothing",
        outside_work("executorship", paid=False),
        expected("no_action"),
    ),
]

PROHIBITED_INTIMACY = {"route": ("line_manager",), "cites": ("7.5", "7.7")}
DECLARE_NO_SUPERVISION = {
    "route": ("line_manager",),
    "cites": ("7.6",),
    "flags": (NO_DIRECT_SUPERVISION,),
}

RELATIONSHIP_CASES = [
    case(
        "a new intimate relationship with a service user is prohibited",
        relationship("service_user", "intimate"),
        expected("prohibited", "EP-R1", **PROHIBITED_INTIMACY),
    ),
    case(
        "a new intimate relationship with an offender is prohibited",
        relationship("offender", "intimate", professional_responsibility=True),
        expected("prohibited", "EP-R1", **PROHIBITED_INTIMACY),
    ),
    case(
        "a new intimate relationship with a service user's family is prohibited",
        relationship("service_user_family", "intimate"),
        expected("prohibited", "EP-R1", **PROHIBITED_INTIMACY),
    ),
    case(
        "an intimate relationship from before appointment is declared and separated",
        relationship("service_user", "intimate", existed_before_appointment=True),
        expected(
            "declare",
            "EP-R2",
            route=("line_manager",),
            cites=("7.7",),
            flags=(NO_DIRECT_SUPERVISION,),
        ),
    ),
    case(
        "an offender in the family is declared with no direct supervision",
        relationship("offender", "family"),
        expected("declare", "EP-R3", **DECLARE_NO_SUPERVISION),
    ),
    case(
        "a social tie with an offender is declared",
        relationship("offender", "social", existed_before_appointment=True),
        expected("declare", "EP-R3", **DECLARE_NO_SUPERVISION),
    ),
    case(
        "a business tie with an offender is not a familial or social one",
        relationship("offender", "business"),
        expected("no_action"),
    ),
    case(
        "a service user in the family is declared",
        relationship("service_user", "family"),
        expected("declare", "EP-R3", **DECLARE_NO_SUPERVISION),
    ),
    case(
        "a close friend in a service user's family is declared",
        relationship("service_user_family", "close_friend"),
        expected("declare", "EP-R3", **DECLARE_NO_SUPERVISION),
    ),
    case(
        "socialising with a service user is prohibited",
        relationship("service_user", "social"),
        expected(
            "prohibited",
            "EP-R3",
            "EP-R4",
            route=("line_manager",),
            cites=("7.6", "4.9"),
            flags=(NO_DIRECT_SUPERVISION,),
        ),
    ),
    case(
        "a new close friendship with a service user is socialising too",
        relationship("service_user", "close_friend"),
        expected(
            "prohibited",
            "EP-R3",
            "EP-R4",
            route=("line_manager",),
            cites=("7.6", "4.9"),
            flags=(NO_DIRECT_SUPERVISION,),
        ),
    ),
    case(
        "a friendship that predates appointment is declared not prohibited",
        relationship("service_user", "social", existed_before_appointment=True),
        expected("declare", "EP-R3", **DECLARE_NO_SUPERVISION),
    ),
    case(
        "a relationship with a colleague asks for nothing",
        relationship("colleague", "intimate"),
        expected("no_action"),
    ),
]

INTEREST_CASES = [
    case(
        "a staff interest that could conflict gets advice only",
        interest(could_conflict=True),
        expected("no_action", "EP-I1", cites=("7.1", "8.1")),
    ),
    case(
        "a staff interest that could not conflict asks for nothing",
        interest(interest_kind="non_financial", could_conflict=False),
        expected("no_action"),
    ),
    case(
        "a board member declares a private interest to the board secretary",
        interest(org_does_business_with_employer=True),
        expected("declare", "EP-B1", route=("board_secretary",), cites=("board-2", "board-8")),
        officer={"board_member": True},
    ),
    case(
        "a board member's interest that could not conflict asks for nothing",
        interest(could_conflict=False),
        expected("no_action"),
        officer={"board_member": True},
    ),
]


@pytest.mark.parametrize(("declaration", "officer", "expect"), GIFT_CASES)
def test_gifts_follow_clause_7_4(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), HOSPITALITY_CASES)
def test_hospitality_needs_approval_unless_from_a_service_user(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), OUTSIDE_WORK_CASES)
def test_outside_work_needs_the_chief_executive_and_no_conflict(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), RELATIONSHIP_CASES)
def test_relationships_with_service_users_stay_professional(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), INTEREST_CASES)
def test_only_board_members_declare_interests(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


def test_a_verdict_that_no_rule_catches_says_the_code_asks_for_nothing():
    verdict = verdict_for(outside_work("voluntary", paid=False))
    assert verdict.reasons == (
        "Essex Probation's Code of Conduct asks for nothing about this declaration.",
    )


def test_the_module_has_one_rule_id_per_matrix_row():
    ids = {rule.id for rule in module_for(EMPLOYER).RULES}
    assert ids == {
        *(f"EP-G{n}" for n in range(1, 6)),
        "EP-H1",
        *(f"EP-W{n}" for n in range(1, 4)),
        *(f"EP-R{n}" for n in range(1, 5)),
        "EP-I1",
        "EP-B1",
    }


@pytest.mark.parametrize("rule", module_for(EMPLOYER).RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_one_plain_sentence_and_a_clause(rule):
    assert rule.reason.endswith(".") and rule.reason.count(". ") == 0
    assert rule.citations and all(":" not in clause for clause in rule.citations)
