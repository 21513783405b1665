"""The OPCC's Code of Conduct for Employees (policy matrix rows OP-G1..OP-R3).

Each case builds the facts from contract JSON and checks the whole verdict: outcome,
rules fired, route, register keeper, citations, flags, written, deadline and lateness.
Pure Python: no database, no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from policies import opcc
from tests.policies import helpers
from tests.policies.helpers import (
    CodeUnderTest,
    assert_one_sentence_and_a_clause,
    case,
    rules_exercised,
    typed_cases,
)

TODAY = datetime.date(2026, 3, 1)


@dataclass(frozen=True)
class Expect(helpers.Expect):
    codes: tuple[str, ...] = ("opcc",)


verdict_for = CodeUnderTest("opcc", TODAY).verdict_for
observed = Expect.observed


def op(*clauses: str) -> tuple[str, ...]:
    return tuple(f"opcc:{clause}" for clause in clauses)


LM = "line_manager"
MO = "monitoring_officer"
CE = "chief_executive"
NOTHING = Expect("no_action")

# --- gifts (15.4-15.9, 16) ---------------------------------------------------------

CASH = Expect("prohibited", ("OP-G1",), (LM,), LM, op("15.7"))
NOT_FROM_CONTRACTORS = Expect("prohibited", ("OP-G4",), (LM,), None, op("15.4"))
TOKEN_OK = Expect("no_action", ("OP-G5",), cites=op("15.4"))
IF_IN_DOUBT_DECLINE = Expect("no_action", ("OP-G6",), cites=op("15.1", "15.5"))

GIFT_CASES = [
    case("cash gift is prohibited and recorded by line manager", {"form": "cash"}, CASH),
    case("voucher is a monetary gift and prohibited", {"form": "voucher"}, CASH),
    case(
        "bequest from a client's will is prohibited",
        {"form": "bequest"},
        Expect("prohibited", ("OP-G2",), (LM,), LM, op("15.7")),
    ),
    case(
        "cash from a contractor is prohibited twice over",
        {"form": "cash", "donor_category": "contractor"},
        Expect("prohibited", ("OP-G1", "OP-G4"), (LM,), LM, op("15.7", "15.4")),
    ),
    case(
        "unannounced gift goes to the monitoring officer to decide",
        {"received_without_warning": True},
        Expect(
            "approval_required",
            ("OP-G3", "OP-G6"),
            (MO,),
            None,
            op("15.6", "15.1", "15.5"),
            ("return_or_hand_over",),
        ),
    ),
    case(
        "unannounced token gift still goes to the monitoring officer",
        {"received_without_warning": True, "token_item": True},
        Expect(
            "approval_required",
            ("OP-G3", "OP-G5"),
            (MO,),
            None,
            op("15.6", "15.4"),
            ("return_or_hand_over",),
        ),
    ),
    case(
        "unannounced gift from a supplier is prohibited and reported to the MO",
        {"received_without_warning": True, "donor_category": "supplier"},
        Expect(
            "prohibited",
            ("OP-G3", "OP-G4"),
            (LM, MO),
            None,
            op("15.6", "15.4"),
            ("return_or_hand_over",),
        ),
    ),
    *[
        case(
            f"personal gift from {donor} is prohibited",
            {"donor_category": donor, "value_gbp": 5},
            NOT_FROM_CONTRACTORS,
        )
        for donor in (
            "contractor",
            "potential_contractor",
            "supplier",
            "service_user",
            "member_of_public",
        )
    ],
    case(
        "loan from a contractor is a personal gift and prohibited",
        {"form": "loan", "donor_category": "contractor"},
        NOT_FROM_CONTRACTORS,
    ),
    case(
        "token item from a contractor may be accepted",
        {"donor_category": "contractor", "token_item": True},
        TOKEN_OK,
    ),
    case(
        "gift for the OPCC from a contractor is not a personal gift",
        {"donor_category": "contractor", "on_behalf_of_employer": True},
        IF_IN_DOUBT_DECLINE,
    ),
    *[
        case(
            f"gift from {donor} only asks to decline if in doubt",
            {"donor_category": donor},
            IF_IN_DOUBT_DECLINE,
        )
        for donor in ("partner_organisation", "other")
    ],
    case(
        "gift offered to family from a contractor counts as to the officer",
        {"donor_category": "contractor", "offered_to": "family"},
        NOT_FROM_CONTRACTORS,
    ),
    case(
        "declined gift from a contractor gets the same verdict as offered",
        {"donor_category": "contractor", "status": "declined"},
        NOT_FROM_CONTRACTORS,
    ),
    case("gift given is outside the gift rules", {"direction": "given", "form": "cash"}, NOTHING),
    case(
        "sponsorship is disclosed to the line manager who keeps the record",
        {"form": "sponsorship"},
        Expect("declare", ("OP-G6", "OP-S1"), (LM,), LM, op("15.1", "15.5", "16.1", "16.2")),
    ),
    case(
        "sponsorship by a contractor follows the gift rules and is prohibited",
        {"form": "sponsorship", "donor_category": "contractor"},
        Expect("prohibited", ("OP-G4", "OP-S1"), (LM,), LM, op("15.4", "16.1", "16.2")),
    ),
    case(
        "token gift from a donor with a pending decision is prohibited",
        {"token_item": True, "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("OP-G5", "OP-G7"),
            (LM,),
            None,
            op("15.4", "15.8", "15.9"),
            ("timing_sensitive",),
        ),
    ),
]

# --- hospitality (15.2, 15.10) ------------------------------------------------------

CONSENT_IN_ADVANCE = Expect("approval_required", ("OP-H1",), (LM,), None, op("15.10"))
AUTHORISED_IN_ADVANCE = Expect("approval_required", ("OP-H2",), (LM,), LM, op("15.2"))
NO_GENUINE_NEED = Expect("prohibited", ("OP-H3",), (LM,), None, op("15.2"))

HOSPITALITY_CASES = [
    case(
        "moderate refreshments are not hospitality",
        {"hospitality_kind": "refreshments", "donor_has_pending_decision": True},
        NOTHING,
    ),
    case(
        "corporate conference needs consent in advance",
        {"hospitality_kind": "conference_or_course", "corporate": True},
        CONSENT_IN_ADVANCE,
    ),
    case(
        "personal conference with no need to represent is prohibited",
        {"hospitality_kind": "conference_or_course", "corporate": False},
        NO_GENUINE_NEED,
    ),
    case(
        "personal conference attended to represent the OPCC needs authorising",
        {"hospitality_kind": "conference_or_course", "represents_employer": True},
        AUTHORISED_IN_ADVANCE,
    ),
    case(
        "corporate working meal is not a conference and needs a genuine need",
        {"hospitality_kind": "working_meal", "corporate": True},
        NO_GENUINE_NEED,
    ),
    case(
        "working meal to represent the OPCC needs authorising",
        {"hospitality_kind": "working_meal", "represents_employer": True},
        AUTHORISED_IN_ADVANCE,
    ),
    case(
        "working meal with no genuine need is prohibited",
        {"hospitality_kind": "working_meal"},
        NO_GENUINE_NEED,
    ),
    case(
        "purely social function is prohibited",
        {"hospitality_kind": "social_or_sporting"},
        NO_GENUINE_NEED,
    ),
    case(
        "social function whose refusal would offend needs authorising",
        {"hospitality_kind": "social_or_sporting", "refusal_would_offend": True},
        AUTHORISED_IN_ADVANCE,
    ),
    case(
        "refusal would offend does not justify a working meal",
        {"hospitality_kind": "working_meal", "refusal_would_offend": True},
        NO_GENUINE_NEED,
    ),
    case(
        "refusal would offend does not justify travel",
        {"hospitality_kind": "travel_or_accommodation", "refusal_would_offend": True},
        NO_GENUINE_NEED,
    ),
    case(
        "social function offered to family is treated as offered to the officer",
        {"hospitality_kind": "social_or_sporting", "offered_to": "family"},
        NO_GENUINE_NEED,
    ),
    case(
        "corporate conference from a host with a pending decision is prohibited",
        {
            "hospitality_kind": "conference_or_course",
            "corporate": True,
            "donor_has_pending_decision": True,
        },
        Expect(
            "prohibited",
            ("OP-G7", "OP-H1"),
            (LM,),
            None,
            op("15.8", "15.9", "15.10"),
            ("timing_sensitive",),
        ),
    ),
    case(
        "representing the OPCC with a pending decision is prohibited, record kept",
        {"represents_employer": True, "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("OP-G7", "OP-H2"),
            (LM,),
            LM,
            op("15.8", "15.9", "15.2"),
            ("timing_sensitive",),
        ),
    ),
]

# --- interests (8) ----------------------------------------------------------------

WITHDRAW = ("withdraw_from_decision",)
INFORM_AND_WITHDRAW = Expect("declare", ("OP-I4",), (LM,), None, op("8.4"), WITHDRAW)

INTEREST_CASES = [
    case(
        "financial interest that could conflict is declared",
        {"interest_kind": "financial"},
        Expect("declare", ("OP-I1",), (LM,), None, op("8.2")),
    ),
    case(
        "financial interest that could not conflict needs nothing",
        {"interest_kind": "financial", "could_conflict": False},
        NOTHING,
    ),
    case(
        "non-financial interest that could conflict is declared",
        {"interest_kind": "non_financial"},
        Expect("declare", ("OP-I2",), (LM,), None, op("8.1")),
    ),
    case(
        "non-financial interest that could not conflict needs nothing",
        {"interest_kind": "non_financial", "could_conflict": False},
        NOTHING,
    ),
    case(
        "secret society membership is declared even without a conflict",
        {"interest_kind": "secret_society", "could_conflict": False},
        Expect("declare", ("OP-I3",), (LM,), None, op("8.3")),
    ),
    case(
        "debt to the OPCC is not covered by the code",
        {"interest_kind": "debt_to_employer"},
        NOTHING,
    ),
    *[
        case(
            f"matter affecting an interest held by {holder} means inform and withdraw",
            {
                "interest_kind": "non_financial",
                "could_conflict": False,
                "held_by": holder,
                "involved_in_related_matter": True,
            },
            INFORM_AND_WITHDRAW,
        )
        for holder in ("self", "spouse_or_partner", "relative")
    ],
    case(
        "matter affecting a close friend's interest is not covered by 8.4",
        {
            "interest_kind": "non_financial",
            "could_conflict": False,
            "held_by": "close_friend",
            "involved_in_related_matter": True,
        },
        NOTHING,
    ),
    case(
        "conflicting financial interest in a matter you deal with: declare and withdraw",
        {"interest_kind": "financial", "involved_in_related_matter": True},
        Expect("declare", ("OP-I1", "OP-I4"), (LM,), None, op("8.2", "8.4"), WITHDRAW),
    ),
]

# --- outside commitments (7, 11) --------------------------------------------------

DISCUSS = Expect("declare", ("OP-W1",), (LM,), None, op("7.1"))

OUTSIDE_WORK_CASES = [
    *[
        case(f"{kind} is discussed with the line manager", {"work_kind": kind}, DISCUSS)
        for kind in ("employment", "self_employment", "voluntary", "political")
    ],
    case(
        "outside work that conflicts is prohibited",
        {"work_kind": "employment", "conflicts_with_duties": True},
        Expect("prohibited", ("OP-W1", "OP-W2"), (LM,), None, op("7.1")),
    ),
    case(
        "using OPCC facilities needs the chief executive's express permission",
        {"work_kind": "voluntary", "uses_employer_resources": True},
        Expect("approval_required", ("OP-W1", "OP-W3"), (LM, CE), None, op("7.1", "11.1", "11.3")),
    ),
    case(
        "conflicting work using OPCC facilities is prohibited",
        {
            "work_kind": "business_venture",
            "conflicts_with_duties": True,
            "uses_employer_resources": True,
        },
        Expect(
            "prohibited",
            ("OP-W1", "OP-W2", "OP-W3"),
            (LM, CE),
            None,
            op("7.1", "11.1", "11.3"),
        ),
    ),
]

# --- relationships (5.2, 6) -------------------------------------------------------

CONTRACTOR_TIE = Expect("declare", ("OP-R1",), (LM,), None, op("5.2"))
NOT_IN_SELECTION = Expect("declare", ("OP-R2",), (LM,), None, op("6.1"), WITHDRAW)
NOT_IN_PAY_OR_DISCIPLINE = Expect("declare", ("OP-R3",), (LM,), None, op("6.4"), WITHDRAW)

RELATIONSHIP_CASES = [
    *[
        case(
            f"{nature} relationship with a {whom} is declared",
            {"with_whom": whom, "nature": nature},
            CONTRACTOR_TIE,
        )
        for whom, nature in (
            ("contractor", "business"),
            ("potential_contractor", "intimate"),
            ("supplier", "social"),
        )
    ],
    *[
        case(
            f"{nature} tie to a job applicant you would select: declare and withdraw",
            {"with_whom": "job_applicant", "nature": nature, "involved_in_decision": True},
            NOT_IN_SELECTION,
        )
        for nature in ("family", "intimate", "close_friend")
    ],
    case(
        "social acquaintance with a job applicant is not a close relationship",
        {"with_whom": "job_applicant", "nature": "social", "involved_in_decision": True},
        NOTHING,
    ),
    case(
        "related job applicant you would not select needs nothing",
        {"with_whom": "job_applicant", "nature": "family", "involved_in_decision": False},
        NOTHING,
    ),
    *[
        case(
            f"{nature} tie to a {whom} whose pay you decide: declare and withdraw",
            {"with_whom": whom, "nature": nature, "involved_in_decision": True},
            NOT_IN_PAY_OR_DISCIPLINE,
        )
        for whom, nature in (
            ("direct_report", "intimate"),
            ("colleague", "family"),
            ("colleague_same_section", "close_friend"),
            ("senior_officer", "family"),
        )
    ],
    case(
        "related colleague with no decision involvement needs nothing",
        {"with_whom": "colleague", "nature": "family"},
        NOTHING,
    ),
    case(
        "business tie to a direct report is not a close relationship",
        {"with_whom": "direct_report", "nature": "business", "involved_in_decision": True},
        NOTHING,
    ),
    case(
        "relationship with a service user is not covered by the code",
        {"with_whom": "service_user", "nature": "intimate"},
        NOTHING,
    ),
]


ALL_CASES = typed_cases(
    gift=GIFT_CASES,
    hospitality=HOSPITALITY_CASES,
    interest=INTEREST_CASES,
    outside_work=OUTSIDE_WORK_CASES,
    relationship=RELATIONSHIP_CASES,
)


@pytest.mark.parametrize(("declaration", "officer", "expect"), ALL_CASES)
def test_opcc_verdict(declaration, officer, expect):
    assert observed(verdict_for(declaration, officer)) == expect


def test_every_matrix_row_is_exercised_by_a_case():
    assert rules_exercised(ALL_CASES) == {r.id for r in opcc.RULES}


def test_rows_are_the_matrix_rows_in_order():
    assert [r.id for r in opcc.RULES] == [
        *("OP-G1", "OP-G2", "OP-G3", "OP-G4", "OP-G5", "OP-G6", "OP-S1", "OP-G7"),
        *("OP-H1", "OP-H2", "OP-H3", "OP-I1", "OP-I2", "OP-I3", "OP-I4"),
        *("OP-W1", "OP-W2", "OP-W3", "OP-R1", "OP-R2", "OP-R3"),
    ]


def test_every_reason_is_one_sentence_and_every_rule_cites_a_clause():
    assert_one_sentence_and_a_clause(opcc.RULES)


def test_nothing_caught_says_the_code_asks_for_nothing():
    verdict = verdict_for({"type": "interest", "interest_kind": "debt_to_employer"})
    assert verdict.reasons == (
        "The OPCC's Code of Conduct for Employees asks for nothing about this declaration.",
    )


def test_opcc_has_no_deadlines_and_nothing_in_writing():
    assert all(r.deadline_days is None and not r.written for r in opcc.RULES)


def test_seconded_officer_gets_both_codes_with_the_home_register_keeper():
    verdict = verdict_for(
        {"type": "gift", "form": "cash"}, {"seconded_to": "thurrock", "level": "assistant_director"}
    )
    assert observed(verdict) == Expect(
        "prohibited",
        ("OP-G1", "TH-G0", "TH-G2"),
        (LM, MO),
        LM,
        ("opcc:15.7", "thurrock:14.3", "thurrock:14.5"),
        ("redirect_to_charity",),
        codes=("opcc", "thurrock"),
    )


def test_verdict_json_prefixes_citations_with_the_employer():
    data = verdict_for({"type": "gift", "form": "bequest"}).as_json()
    assert data["citations"] == ["opcc:15.7"]
    assert data["reasons"] == [
        "You must not be a beneficiary in a client's will: respectfully decline and tell "
        "your manager, who makes a formal record."
    ]
