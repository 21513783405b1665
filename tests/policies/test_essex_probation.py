"""Essex Probation's rules, row by row (policy-matrix.md, "essex-probation").

Requests are written in the contract's JSON vocabulary (tests/policies/helpers.py) and
go through `policies.parse_request` and `policies.evaluate`: no database, no Django.
Each case states the whole verdict but its reasons, with its deadline and whether it is
late; the 2026-11 rows add the token limit's boundaries (the register's setting and a
request's own) and the day each deadline falls on.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from policies import RegisterSettings, duties_for, module_for
from policies.vocabulary import DeclarationType, Disposition, Employer
from tests.policies.helpers import (
    CodeUnderTest,
    disclosure,
    gift,
    hospitality,
    interest,
    outside_work,
    relationship,
    summary,
)

EMPLOYER = "essex-probation"
TODAY = datetime.date(2026, 3, 2)
CONTACT_LOG = "record_on_contact_log"
NO_DIRECT_SUPERVISION = "no_direct_supervision"
MATRIX = Path(__file__).resolve().parents[3] / "shared" / "spec" / "policy-matrix.md"

CODE = CodeUnderTest(EMPLOYER, TODAY)
verdict_for = CODE.verdict_under
expected = CODE.expected


def case(name, declaration, expect, *, officer=None, deadline=None, late=False):
    """A row of a table: the verdict `expect`, due on `deadline` (ISO, or None: no
    deadline) and `late` or not."""
    return pytest.param(declaration, officer, expect, deadline, late, id=name)


ON_TODAY = TODAY.isoformat()
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
        deadline=ON_TODAY,
    ),
    case(
        "token item from a contractor needs line manager approval too",
        gift(token_item=True, donor_category="contractor", value_gbp="2.50"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
        deadline=ON_TODAY,
    ),
    case(
        "a token item at GBP 24.99 is below the default token limit",
        gift(token_item=True, value_gbp="24.99"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
        deadline=ON_TODAY,
    ),
    case(
        "a token item at GBP 25.00 is not of nominal value and is declined",
        gift(token_item=True, value_gbp="25.00"),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "a cheap item that is not a promotional item is not a token",
        gift(value_gbp=5, donor_category="partner_organisation"),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
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
        deadline=ON_TODAY,
    ),
    case(
        "giving a gift needs line manager approval and the board register",
        gift(direction="given", token_item=True, value_gbp=5),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
        deadline=ON_TODAY,
    ),
    case(
        "giving cash is covered by the giving rule alone",
        gift(direction="given", form="cash", value_gbp=20),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
        deadline=ON_TODAY,
    ),
    case(
        "giving an item worth more than the token limit still only needs consulting",
        gift(direction="given", token_item=True, value_gbp=80),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        "new business dealings with a service user are prohibited",
        relationship("service_user", "business"),
        expected("prohibited", "EP-R5", route=("line_manager",), cites=("7.5",)),
    ),
    case(
        "business dealings with a service user from before appointment are declared",
        relationship("service_user", "business", existed_before_appointment=True),
        expected(
            "declare",
            "EP-R6",
            route=("line_manager",),
            cites=("7.5", "7.7"),
            flags=(NO_DIRECT_SUPERVISION,),
        ),
    ),
    case(
        "new business dealings with a service user's family need the line manager's judgement",
        relationship("service_user_family", "business"),
        expected("approval_required", "EP-R7", route=("line_manager",), cites=("7.5",)),
    ),
    case(
        "old business dealings with a service user's family need the same judgement",
        relationship("service_user_family", "business", existed_before_appointment=True),
        expected("approval_required", "EP-R7", route=("line_manager",), cites=("7.5",)),
    ),
    case(
        "business dealings with a service user you are responsible for are still prohibited",
        relationship("service_user", "business", professional_responsibility=True),
        expected("prohibited", "EP-R5", route=("line_manager",), cites=("7.5",)),
    ),
    case(
        "business dealings with a contractor ask for nothing of this code",
        relationship("contractor", "business"),
        expected("no_action"),
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


DISCLOSURE_CASES = [
    case(
        "a conviction is reported to the chief executive, with no time limit",
        disclosure("conviction", date="2026-01-05"),
        expected("declare", "EP-D1", route=("chief_executive",), cites=("4.4",)),
    ),
    case(
        "a caution is reported to the chief executive",
        disclosure("caution"),
        expected("declare", "EP-D1", route=("chief_executive",), cites=("4.4",)),
    ),
    case(
        "a criminal charge is not named by 4.4 and asks for nothing",
        disclosure("criminal_charge"),
        expected("no_action"),
    ),
    case(
        "an arrest asks for nothing",
        disclosure("arrest"),
        expected("no_action"),
    ),
    case(
        "bail conditions ask for nothing",
        disclosure("bail_conditions"),
        expected("no_action"),
    ),
    case(
        "a withdrawn ISA registration told to HR on the day is on time",
        disclosure(
            "safeguarding_registration_withdrawn", date="2026-02-10", declared_on="2026-02-10"
        ),
        expected("declare", "EP-D2", route=("hr",), cites=("4.5",)),
        deadline="2026-02-10",
    ),
    case(
        "a withdrawn ISA registration told to HR the day after is late",
        disclosure(
            "safeguarding_registration_withdrawn", date="2026-02-10", declared_on="2026-02-11"
        ),
        expected("declare", "EP-D2", route=("hr",), cites=("4.5",)),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a witness the court requires needs the line director's permission by the hearing",
        disclosure("court_witness", required_by_court=True, date="2026-04-20"),
        expected("approval_required", "EP-D3", route=("director",), cites=("6.5",)),
        deadline="2026-04-20",
    ),
    case(
        "permission asked the day after the hearing is late",
        disclosure(
            "court_witness", required_by_court=True, date="2026-02-20", declared_on="2026-02-21"
        ),
        expected("approval_required", "EP-D3", route=("director",), cites=("6.5",)),
        deadline="2026-02-20",
        late=True,
    ),
    case(
        "acting as a witness the court does not require is prohibited",
        disclosure("court_witness"),
        expected("prohibited", "EP-D4", route=("line_manager",), cites=("6.5",)),
    ),
    case(
        "intervening in court matters other than for a service user is prohibited",
        disclosure("court_or_prison_intervention"),
        expected("prohibited", "EP-D5", route=("line_manager",), cites=("5.8",)),
    ),
    case(
        "arranging a prison visit for a service user asks for nothing",
        disclosure("court_or_prison_intervention", for_service_user=True),
        expected("no_action"),
    ),
    case(
        "an improper approach is declined, logged and reported",
        disclosure("improper_approach"),
        expected(
            "prohibited",
            "EP-D6",
            route=("line_manager",),
            cites=("7.4", "8.6"),
            flags=(CONTACT_LOG,),
        ),
    ),
    case(
        "overseas travel asks for nothing of this code",
        disclosure("overseas_travel"),
        expected("no_action"),
    ),
]

DEADLINE_CASES = [
    case(
        "a token accepted on the day it is declared is on time",
        gift(token_item=True, value_gbp=5, event_date="2026-02-10", declared_on="2026-02-10"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
        deadline="2026-02-10",
    ),
    case(
        "a token declared the day after it was accepted is late",
        gift(token_item=True, value_gbp=5, event_date="2026-02-10", declared_on="2026-02-11"),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a token offered earlier is due when it is accepted, not when offered",
        gift(
            token_item=True,
            value_gbp=5,
            date="2026-02-01",
            event_date="2026-02-10",
            declared_on="2026-02-09",
        ),
        expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER),
        deadline="2026-02-10",
    ),
    case(
        "a gift given on the day it is declared is on time",
        gift(direction="given", token_item=True, event_date="2026-02-10", declared_on="2026-02-10"),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
        deadline="2026-02-10",
    ),
    case(
        "a gift declared the day after it was given is late",
        gift(direction="given", token_item=True, event_date="2026-02-10", declared_on="2026-02-11"),
        expected("approval_required", "EP-G5", **CONSULT_AND_REGISTER),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a refused gift has no deadline however late it is declared",
        gift(value_gbp=50, event_date="2026-01-10", declared_on="2026-02-11"),
        expected("prohibited", "EP-G4", **DECLINE_AND_LOG),
    ),
    case(
        "hospitality has no deadline",
        hospitality(date="2026-01-10", declared_on="2026-02-11"),
        expected("approval_required", "EP-H1", **CONSULT_AND_REGISTER),
    ),
    case(
        "an executorship declared on the day it starts is on time",
        outside_work(
            "executorship", for_service_user=True, date="2026-02-10", declared_on="2026-02-10"
        ),
        expected(
            "approval_required",
            "EP-W3",
            route=("chief_executive",),
            written=True,
            cites=("7.3",),
        ),
        deadline="2026-02-10",
    ),
    case(
        "an executorship declared the day after it starts is late",
        outside_work(
            "executorship", for_service_user=True, date="2026-02-10", declared_on="2026-02-11"
        ),
        expected(
            "approval_required",
            "EP-W3",
            route=("chief_executive",),
            written=True,
            cites=("7.3",),
        ),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "other employment has no deadline",
        outside_work("employment", date="2026-01-10", declared_on="2026-02-11"),
        expected("approval_required", "EP-W1", route=("chief_executive",), cites=("4.8",)),
    ),
]

TABLES = {
    "gifts": GIFT_CASES,
    "hospitality": HOSPITALITY_CASES,
    "outside_work": OUTSIDE_WORK_CASES,
    "relationships": RELATIONSHIP_CASES,
    "interests": INTEREST_CASES,
    "disclosures": DISCLOSURE_CASES,
    "deadlines": DEADLINE_CASES,
}
ROW = ("declaration", "officer", "expect", "deadline", "late")


@pytest.mark.parametrize(ROW, GIFT_CASES)
def test_gifts_follow_clause_7_4(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, HOSPITALITY_CASES)
def test_hospitality_needs_approval_unless_from_a_service_user(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, OUTSIDE_WORK_CASES)
def test_outside_work_needs_the_chief_executive_and_no_conflict(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, RELATIONSHIP_CASES)
def test_relationships_with_service_users_stay_professional(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, INTEREST_CASES)
def test_only_board_members_declare_interests(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, DISCLOSURE_CASES)
def test_disclosures_follow_clauses_4_4_to_8_6(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, DEADLINE_CASES)
def test_before_accepting_or_giving_is_due_on_the_day_itself(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


def test_every_rule_has_a_case():
    fired = {
        rule
        for table in TABLES.values()
        for param in table
        for rule in param.values[2]["rules_fired"]
    }
    assert fired == {rule.id for rule in module_for(EMPLOYER).RULES}


# --- the token limit: the register's setting, or a request's own ----------------------

TOKEN = expected("approval_required", "EP-G3", **CONSULT_AND_REGISTER)
NOT_A_TOKEN = expected("prohibited", "EP-G4", **DECLINE_AND_LOG)


@pytest.mark.parametrize(
    ("request_settings", "value", "expect", "figure"),
    [
        pytest.param(None, "24.99", TOKEN, "£25.00", id="24.99 under the default limit"),
        pytest.param(None, "25.00", NOT_A_TOKEN, "£25.00", id="25.00 at the default limit"),
        pytest.param({"token_limit_gbp": 10}, "9.99", TOKEN, "£10.00", id="9.99 under 10"),
        pytest.param({"token_limit_gbp": 10}, "10.00", NOT_A_TOKEN, "£10.00", id="10.00 at 10"),
        pytest.param({"token_limit_gbp": "40"}, "30", TOKEN, "£40.00", id="30 under 40"),
        pytest.param({"token_limit_gbp": "40"}, "40.00", NOT_A_TOKEN, "£40.00", id="40.00 at 40"),
    ],
)
def test_a_token_is_worth_less_than_the_token_limit(request_settings, value, expect, figure):
    verdict = verdict_for(gift(token_item=True, value_gbp=value), settings=request_settings)

    assert summary(verdict) == expect
    assert verdict.token_limits == ((Employer.ESSEX_PROBATION, Decimal(figure[1:])),)
    (reason,) = verdict.reasons
    assert figure in reason and "{" not in reason


def test_the_registers_stored_limit_applies_unless_the_request_gives_its_own():
    stored = {Employer.ESSEX_PROBATION: RegisterSettings(token_limit_gbp=Decimal("10.00"))}
    other_employers = {Employer.OPCC: RegisterSettings(token_limit_gbp=Decimal("5.00"))}
    item = gift(token_item=True, value_gbp="10.00")

    assert verdict_for(item, stored_settings=stored).rules_fired == ("EP-G4",)
    assert verdict_for(item, stored_settings=other_employers).rules_fired == ("EP-G3",)
    assert verdict_for(
        item, settings={"token_limit_gbp": 20}, stored_settings=stored
    ).rules_fired == ("EP-G3",)


@pytest.mark.parametrize("form", ["cash", "voucher", "loan", "bequest", "discount", "sponsorship"])
def test_only_an_item_can_be_a_token_under_any_limit(form):
    verdict = verdict_for(
        gift(form=form, token_item=True, value_gbp=1), settings={"token_limit_gbp": 1000}
    )

    assert verdict.outcome == "prohibited"
    assert "EP-G3" not in verdict.rules_fired and "EP-G4" in verdict.rules_fired


def test_rules_that_do_not_apply_the_limit_record_none():
    verdict = verdict_for(gift(token_item=True, donor_category="service_user"))

    assert verdict.rules_fired == ("EP-G1",)
    assert verdict.token_limits == ()


# --- the rest of the code ---------------------------------------------------------------


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
        *(f"EP-R{n}" for n in range(1, 8)),
        "EP-I1",
        "EP-B1",
        *(f"EP-D{n}" for n in range(1, 7)),
    }


@pytest.mark.skipif(not MATRIX.exists(), reason="shared/spec is not beside this checkout")
def test_every_matrix_row_is_a_rule():
    text = MATRIX.read_text(encoding="utf-8")
    section = text.split("\n## essex-probation\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (EP-[A-Z0-9]+) \|", section, flags=re.M)
    assert rows == list(dict.fromkeys(rule.id for rule in module_for(EMPLOYER).RULES))


@pytest.mark.parametrize("rule", module_for(EMPLOYER).RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_one_plain_sentence_and_a_clause(rule):
    assert rule.reason.endswith(".") and rule.reason.count(". ") == 0
    assert rule.citations and all(":" not in clause for clause in rule.citations)
    assert ("{token_limit}" in rule.reason) is rule.uses_token_limit


def test_the_token_hint_names_no_figure_but_the_registers_limit():
    (hint,) = [h for h in duties_for(EMPLOYER).form_hints if h.field == "token_item"]

    assert "the register's token limit" in hint.text
    assert "£" not in hint.text


def test_a_prohibited_disclosure_can_be_declined_or_not_gone_ahead():
    options = duties_for(EMPLOYER).dispositions_for(DeclarationType.DISCLOSURE)

    assert [(o.disposition, o.cite) for o in options] == [
        (Disposition.DECLINED, "7.4"),
        (Disposition.NOT_GONE_AHEAD, "6.5"),
    ]
