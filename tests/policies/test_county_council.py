"""The county council's rules, row by row (policy-matrix.md, "county-council").

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

EMPLOYER = "county-council"
TODAY = datetime.date(2026, 3, 2)
MO = "monitoring_officer"
LINE_MANAGER_AND_MO = ("line_manager", MO)

CODE = CodeUnderTest(EMPLOYER, TODAY)
verdict_for = CODE.verdict_for
expected = CODE.expected

TOKEN = {"cites": ("10.2",)}
REFUSE_AND_NOTIFY_MO = {"route": (MO,), "keeper": MO, "written": True, "cites": ("10.2", "note-1")}
LINE_MANAGER_DECIDES = {
    "route": LINE_MANAGER_AND_MO,
    "keeper": MO,
    "written": True,
    "cites": ("10.2", "note-1"),
}
DECLINE_MONEY = {
    "route": LINE_MANAGER_AND_MO,
    "keeper": MO,
    "written": True,
    "cites": ("11.1", "note-1"),
    "flags": ("report_if_bequest_made",),
}
CONSULT_ON_TOKEN = {
    "route": ("line_manager",),
    "cites": ("10.2",),
    "flags": ("timing_sensitive",),
}
PROCUREMENT = {"procurement_or_regulatory_role": True}

GIFT_CASES = [
    case(
        "an item at GBP 24.99 is a token",
        gift(value_gbp="24.99", donor_category="supplier"),
        expected("no_action", "CC-G4", **TOKEN),
    ),
    case(
        "a free item is a token",
        gift(token_item=True),
        expected("no_action", "CC-G4", **TOKEN),
    ),
    case(
        "an item at GBP 25.00 is refused and notified to the MO",
        gift(value_gbp="25.00", donor_category="supplier"),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a promotional item worth GBP 30 is not a token",
        gift(token_item=True, value_gbp=30),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a small voucher is never a token",
        gift(form="voucher", value_gbp=10),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a loan is never a token",
        gift(form="loan", value_gbp=5),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "sponsorship follows the gift rules and is no token",
        gift(form="sponsorship", value_gbp=10, donor_category="partner_organisation"),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a special discount is refused under 10.2 and 12.1",
        gift(form="discount", value_gbp=5, donor_category="supplier"),
        expected(
            "prohibited",
            "CC-G2",
            route=(MO,),
            keeper=MO,
            written=True,
            cites=("10.2", "note-1", "12.1"),
        ),
    ),
    case(
        "a GBP 30 gift that refusal would offend goes to the line manager",
        gift(value_gbp=30, refusal_would_offend=True, donor_category="member_of_public"),
        expected("approval_required", "CC-G3", **LINE_MANAGER_DECIDES),
    ),
    case(
        "a discount that refusal would offend goes to the line manager",
        gift(form="discount", value_gbp=40, refusal_would_offend=True),
        expected("approval_required", "CC-G3", **LINE_MANAGER_DECIDES),
    ),
    case(
        "a token that refusal would offend is still just a token",
        gift(value_gbp="24.99", refusal_would_offend=True),
        expected("no_action", "CC-G4", **TOKEN),
    ),
    case(
        "a cash gift is declined and reported",
        gift(form="cash", value_gbp=10, donor_category="service_user"),
        expected("prohibited", "CC-G1", **DECLINE_MONEY),
    ),
    case(
        "a bequest is declined and reported",
        gift(form="bequest", value_gbp=5000, donor_category="service_user"),
        expected("prohibited", "CC-G1", **DECLINE_MONEY),
    ),
    case(
        "cash stays prohibited when refusal would offend",
        gift(form="cash", value_gbp=20, refusal_would_offend=True),
        expected("prohibited", "CC-G1", **DECLINE_MONEY),
    ),
    case(
        "a procurement officer consults on a token from a contractor",
        gift(value_gbp=10, donor_category="contractor"),
        expected("approval_required", "CC-G4", "CC-G5", **CONSULT_ON_TOKEN),
        officer=PROCUREMENT,
    ),
    case(
        "a procurement officer consults on a token from a donor awaiting a decision",
        gift(value_gbp=10, donor_has_pending_decision=True),
        expected("approval_required", "CC-G4", "CC-G5", **CONSULT_ON_TOKEN),
        officer=PROCUREMENT,
    ),
    case(
        "a procurement officer may take a token from an uninvolved donor",
        gift(value_gbp=10, donor_category="member_of_public"),
        expected("no_action", "CC-G4", **TOKEN),
        officer=PROCUREMENT,
    ),
    case(
        "an officer outside procurement may take a token from a contractor",
        gift(value_gbp=10, donor_category="contractor", donor_has_pending_decision=True),
        expected("no_action", "CC-G4", **TOKEN),
    ),
    case(
        "a procurement officer refuses a GBP 25 gift from a contractor",
        gift(value_gbp=25, donor_category="contractor"),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
        officer=PROCUREMENT,
    ),
    case(
        "an offer to the family counts as an offer to the officer",
        gift(offered_to="family", value_gbp=50),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a declined gift gets the same verdict as an offered one",
        gift(status="declined", value_gbp=50),
        expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO),
    ),
    case(
        "a gift given asks for nothing",
        gift(direction="given", value_gbp=100),
        expected("no_action"),
    ),
]

INFORM_LINE_MANAGER = {"route": ("line_manager",), "cites": ("10.3",)}

HOSPITALITY_CASES = [
    case(
        "hospitality to represent the council at GBP 24.99 is told to the line manager",
        hospitality(represents_employer=True, value_gbp="24.99"),
        expected("declare", "CC-H1", **INFORM_LINE_MANAGER),
    ),
    case(
        "hospitality to represent the council at GBP 25.00 is also notified to the MO",
        hospitality(represents_employer=True, value_gbp="25.00"),
        expected(
            "declare",
            "CC-H1",
            "CC-H2",
            route=LINE_MANAGER_AND_MO,
            keeper=MO,
            written=True,
            cites=("10.3", "note-1"),
        ),
    ),
    case(
        "hospitality without public interest is prohibited",
        hospitality(hospitality_kind="social_or_sporting", value_gbp=10),
        expected("prohibited", "CC-H1b", route=("line_manager",), cites=("10.3",)),
    ),
    case(
        "lavish hospitality without public interest is prohibited and notified to the MO",
        hospitality(hospitality_kind="travel_or_accommodation", value_gbp=400),
        expected(
            "prohibited",
            "CC-H1b",
            "CC-H2",
            route=LINE_MANAGER_AND_MO,
            keeper=MO,
            written=True,
            cites=("10.3", "note-1"),
        ),
    ),
    case(
        "hospitality from a host awaiting a decision is timing sensitive",
        hospitality(represents_employer=True, value_gbp=15, donor_has_pending_decision=True),
        expected("declare", "CC-H1", "CC-H3", flags=("timing_sensitive",), **INFORM_LINE_MANAGER),
    ),
    case(
        "moderate refreshments are not hospitality",
        hospitality(hospitality_kind="refreshments", value_gbp=30),
        expected("no_action"),
    ),
]

NOTIFY_IN_WRITING = {"route": LINE_MANAGER_AND_MO, "keeper": MO, "written": True}
WITHDRAW = ("withdraw_from_decision",)

INTEREST_CASES = [
    case(
        "a pecuniary interest in a contract is notified in writing to the MO",
        interest(pecuniary_interest_in_contract=True),
        expected("declare", "CC-I1", cites=("3.5", "note-1"), **NOTIFY_IN_WRITING),
    ),
    case(
        "a spouse's stake in a council supplier is declared in writing",
        interest(held_by="spouse_or_partner", org_does_business_with_employer=True),
        expected("declare", "CC-I2", cites=("3.3", "note-1"), **NOTIFY_IN_WRITING),
    ),
    case(
        "a contract interest in a supplier is declared under both clauses",
        interest(pecuniary_interest_in_contract=True, org_does_business_with_employer=True),
        expected("declare", "CC-I1", "CC-I2", cites=("3.5", "note-1", "3.3"), **NOTIFY_IN_WRITING),
    ),
    case(
        "any other potential conflict is declared in writing",
        interest(interest_kind="non_financial", held_by="close_friend"),
        expected("declare", "CC-I3", cites=("3.3", "note-1"), **NOTIFY_IN_WRITING),
    ),
    case(
        "an interest that could not conflict asks for nothing",
        interest(could_conflict=False),
        expected("no_action"),
    ),
    case(
        "dealing with a matter that affects the interest means withdrawing",
        interest(interest_kind="non_financial", involved_in_related_matter=True),
        expected(
            "declare",
            "CC-I3",
            "CC-I4",
            cites=("3.3", "note-1", "3.4"),
            flags=WITHDRAW,
            **NOTIFY_IN_WRITING,
        ),
    ),
    case(
        "dealing with a matter that affects the interest is declared even if no conflict seen",
        interest(could_conflict=False, involved_in_related_matter=True),
        expected(
            "declare",
            "CC-I3",
            "CC-I4",
            cites=("3.3", "note-1", "3.4"),
            flags=WITHDRAW,
            **NOTIFY_IN_WRITING,
        ),
    ),
    case(
        "a contract interest in a matter you handle is declared and you withdraw",
        interest(pecuniary_interest_in_contract=True, involved_in_related_matter=True),
        expected(
            "declare",
            "CC-I1",
            "CC-I4",
            cites=("3.5", "note-1", "3.4"),
            flags=WITHDRAW,
            **NOTIFY_IN_WRITING,
        ),
    ),
]

ADVISE_LINE_MANAGER = ("4.2", "4.3")

OUTSIDE_WORK_CASES = [
    case(
        "voluntary work is declared to the line manager",
        outside_work("voluntary", paid=False, hours_per_week=2),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
    ),
    case(
        "spinal column point 28 only tells the line manager",
        outside_work(hours_per_week=5),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"spinal_column_point": 28},
    ),
    case(
        "no spinal column point only tells the line manager",
        outside_work(hours_per_week=5),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"spinal_column_point": None},
    ),
    case(
        "spinal column point 29 needs the chief officer's written consent",
        outside_work(hours_per_week=5),
        expected(
            "approval_required",
            "CC-W1",
            "CC-W2",
            route=("line_manager", "chief_officer"),
            written=True,
            cites=ADVISE_LINE_MANAGER,
        ),
        officer={"spinal_column_point": 29},
    ),
    case(
        "spinal column point 29 needs consent for unpaid work too",
        outside_work("voluntary", paid=False),
        expected(
            "approval_required",
            "CC-W1",
            "CC-W2",
            route=("line_manager", "chief_officer"),
            written=True,
            cites=ADVISE_LINE_MANAGER,
        ),
        officer={"spinal_column_point": 40},
    ),
    case(
        "using council equipment is prohibited",
        outside_work("self_employment", uses_employer_resources=True),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W3",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "4.1"),
        ),
    ),
    case(
        "working in council time is prohibited",
        outside_work(during_working_hours=True),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W3",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "4.1"),
        ),
    ),
    case(
        "private work your service would do is prohibited",
        outside_work("self_employment", overlaps_normal_duties=True),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W4",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "4.4"),
        ),
    ),
    case(
        "work on sick leave needs prior written approval",
        outside_work(during_sick_leave=True),
        expected(
            "approval_required",
            "CC-W1",
            "CC-W5",
            route=("line_manager",),
            written=True,
            cites=(*ADVISE_LINE_MANAGER, "4.5"),
        ),
    ),
    case(
        "work for the council during suspension is prohibited",
        outside_work(during_leave_or_suspension_for_employer=True),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W6",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "4.6"),
        ),
    ),
    case(
        "conflicting work is prohibited",
        outside_work("business_venture", conflicts_with_duties=True),
        expected(
            "prohibited", "CC-W1", "CC-W7", route=("line_manager",), cites=ADVISE_LINE_MANAGER
        ),
    ),
    case(
        "48 hours in total raises no flag",
        outside_work(hours_per_week=11),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
    ),
    case(
        "48.01 hours in total is flagged",
        outside_work(hours_per_week="11.01"),
        expected(
            "declare",
            "CC-W1",
            "CC-W8",
            route=("line_manager",),
            cites=ADVISE_LINE_MANAGER,
            flags=("hours_exceed_48",),
        ),
    ),
    case(
        "49 hours with a longer contract is flagged",
        outside_work(hours_per_week=9),
        expected(
            "declare",
            "CC-W1",
            "CC-W8",
            route=("line_manager",),
            cites=ADVISE_LINE_MANAGER,
            flags=("hours_exceed_48",),
        ),
        officer={"contracted_hours_per_week": 40},
    ),
    case(
        "a restricted post holder may not stand for election",
        outside_work("political", paid=False, political_activity="candidate"),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W9",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "16.3"),
        ),
        officer={"politically_restricted": True},
    ),
    case(
        "a restricted post holder may not canvass",
        outside_work("political", paid=False, political_activity="canvassing"),
        expected(
            "prohibited",
            "CC-W1",
            "CC-W9",
            route=("line_manager",),
            cites=(*ADVISE_LINE_MANAGER, "16.3"),
        ),
        officer={"politically_restricted": True},
    ),
    case(
        "a restricted post holder may stand for a parish council",
        outside_work("political", paid=False, political_activity="parish_council_candidate"),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"politically_restricted": True},
    ),
    case(
        "an unrestricted officer may hold party office",
        outside_work("political", paid=False, political_activity="party_office"),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
    ),
]

TELL_LINE_MANAGER = {"route": ("line_manager",)}
SEEK_HR_ADVICE = {"route": ("hr",), "cites": ("19.1",), "flags": WITHDRAW}

RELATIONSHIP_CASES = [
    case(
        "a relative at a contractor you engage is declared before the work",
        relationship("contractor", "family", involved_in_decision=True),
        expected("declare", "CC-R1", "CC-R2", cites=("3.7", "3.6"), **TELL_LINE_MANAGER),
    ),
    case(
        "a friend at a supplier you supervise is declared before the work",
        relationship("supplier", "social", professional_responsibility=True),
        expected("declare", "CC-R1", "CC-R2", cites=("3.7", "3.6"), **TELL_LINE_MANAGER),
    ),
    case(
        "a private tie with a contractor you do not deal with is declared under 3.6",
        relationship("potential_contractor", "intimate"),
        expected("declare", "CC-R2", cites=("3.6",), **TELL_LINE_MANAGER),
    ),
    case(
        "business dealings with a contractor are declared",
        relationship("contractor", "business"),
        expected("declare", "CC-R2", cites=("3.6",), **TELL_LINE_MANAGER),
    ),
    case(
        "business dealings with a supplier you engage are declared under 3.6 only",
        relationship("supplier", "business", involved_in_decision=True),
        expected("declare", "CC-R2", cites=("3.6",), **TELL_LINE_MANAGER),
    ),
    case(
        "a relative applying for a job you select for means seeking HR advice",
        relationship("job_applicant", "family", involved_in_decision=True),
        expected("declare", "CC-R3", **SEEK_HR_ADVICE),
    ),
    case(
        "a partner reporting to you means seeking HR advice",
        relationship("direct_report", "intimate", involved_in_decision=True),
        expected("declare", "CC-R3", **SEEK_HR_ADVICE),
    ),
    case(
        "a close friend in your section means seeking HR advice",
        relationship("colleague_same_section", "close_friend", involved_in_decision=True),
        expected("declare", "CC-R3", **SEEK_HR_ADVICE),
    ),
    case(
        "a relative who is a senior officer is another employee under 19.1",
        relationship("senior_officer", "family", involved_in_decision=True),
        expected("declare", "CC-R3", **SEEK_HR_ADVICE),
    ),
    case(
        "a relative applying for a job you play no part in asks for nothing",
        relationship("job_applicant", "family"),
        expected("no_action"),
    ),
    case(
        "a social tie with a colleague is not a close personal relationship",
        relationship("colleague", "social", involved_in_decision=True),
        expected("no_action"),
    ),
    case(
        "a relationship with a service user asks for nothing",
        relationship("service_user", "intimate"),
        expected("no_action"),
    ),
]


@pytest.mark.parametrize(("declaration", "officer", "expect"), GIFT_CASES)
def test_gifts_beyond_a_token_are_refused(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), HOSPITALITY_CASES)
def test_hospitality_needs_a_public_interest(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), INTEREST_CASES)
def test_interests_are_notified_in_writing(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), OUTSIDE_WORK_CASES)
def test_outside_work_is_declared_and_sometimes_consented(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


@pytest.mark.parametrize(("declaration", "officer", "expect"), RELATIONSHIP_CASES)
def test_relationships_with_contractors_and_colleagues_are_declared(declaration, officer, expect):
    CODE.assert_verdict(declaration, officer, expect)


def test_a_verdict_that_no_rule_catches_says_the_code_asks_for_nothing():
    verdict = verdict_for(gift(direction="given"))
    assert verdict.reasons == (
        "The county council's Officers' Code of Conduct asks for nothing about this declaration.",
    )


def test_the_module_has_one_rule_id_per_matrix_row():
    ids = {rule.id for rule in module_for(EMPLOYER).RULES}
    assert ids == {
        *(f"CC-G{n}" for n in range(1, 6)),
        "CC-H1",
        "CC-H1b",
        "CC-H2",
        "CC-H3",
        *(f"CC-I{n}" for n in range(1, 5)),
        *(f"CC-W{n}" for n in range(1, 10)),
        *(f"CC-R{n}" for n in range(1, 4)),
    }


@pytest.mark.parametrize("rule", module_for(EMPLOYER).RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_one_plain_sentence_and_a_clause(rule):
    assert rule.reason.endswith(".") and rule.reason.count(". ") == 0
    assert rule.citations and all(":" not in clause for clause in rule.citations)
