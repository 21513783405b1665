"""The OPCC's Code of Conduct for Employees (policy matrix rows OP-G1..OP-D3, 2026-11).

Each case builds the facts from contract JSON and checks the whole verdict: outcome,
rules fired, route, register keeper, citations, flags, written, deadline and lateness.
The 2026-11 rows add the token limit's boundaries (the default, a request's own
settings and the stored ones), the day a deadline falls on (declared that day: on time;
the day after: late), and the disclosures. Pure Python: no database, no Django.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from policies import RegisterSettings, duties_for, opcc
from policies.core import ON_THE_EVENT_DATE
from policies.duties import Deadline
from policies.vocabulary import DeclarationType, Disposition, Employer
from tests.policies import helpers
from tests.policies.helpers import (
    CodeUnderTest,
    assert_one_sentence_and_a_clause,
    case,
    rules_exercised,
    typed_cases,
)

TODAY = datetime.date(2026, 3, 1)
CODE = CodeUnderTest("opcc", TODAY)
verdict_for = CODE.verdict_under
ON_TODAY = TODAY.isoformat()
MATRIX = Path(__file__).resolve().parents[3] / "shared" / "spec" / "policy-matrix.md"


@dataclass(frozen=True)
class Expect(helpers.Expect):
    codes: tuple[str, ...] = ("opcc",)


observed = Expect.observed


def op(*clauses: str) -> tuple[str, ...]:
    return tuple(f"opcc:{clause}" for clause in clauses)


LM = "line_manager"
MO = "monitoring_officer"
CE = "chief_executive"
NOTHING = Expect("no_action")

# --- gifts (15.4-15.9, 16) ---------------------------------------------------------

CASH = Expect("prohibited", ("OP-G1",), (LM,), LM, op("15.7"))
CASH_NOT_A_TOKEN = Expect("prohibited", ("OP-G1", "OP-G4"), (LM,), LM, op("15.7", "15.4"))
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
    # 2026-11: a token is an item worth less than the register's token limit (15.4).
    case(
        "token item worth 24.99 from a contractor is a token and may be accepted",
        {"donor_category": "contractor", "token_item": True, "value_gbp": "24.99"},
        TOKEN_OK,
    ),
    case(
        "token item worth 25.00 from a contractor is not a token and is prohibited",
        {"donor_category": "contractor", "token_item": True, "value_gbp": "25.00"},
        NOT_FROM_CONTRACTORS,
    ),
    case(
        "token item worth 24.99 from another donor is a token",
        {"token_item": True, "value_gbp": "24.99"},
        TOKEN_OK,
    ),
    case(
        "token item worth 25.00 from another donor only asks to decline if in doubt",
        {"token_item": True, "value_gbp": "25.00"},
        IF_IN_DOUBT_DECLINE,
    ),
    *[
        case(
            f"{form} marked as a token item from a contractor is not a token",
            {"form": form, "token_item": True, "donor_category": "contractor"},
            CASH_NOT_A_TOKEN,
        )
        for form in ("cash", "voucher")
    ],
    *[
        case(
            f"{form} marked as a token item from a contractor is not a token and prohibited",
            {"form": form, "token_item": True, "donor_category": "contractor"},
            NOT_FROM_CONTRACTORS,
        )
        for form in ("loan", "discount")
    ],
    case(
        "voucher marked as a token item from another donor is still a monetary gift",
        {"form": "voucher", "token_item": True},
        CASH,
    ),
    case(
        "discount marked as a token item from another donor is not a token",
        {"form": "discount", "token_item": True},
        IF_IN_DOUBT_DECLINE,
    ),
    case(
        "outside body's sponsorship is disclosed and follows the gift rules",
        {"form": "sponsorship", "sponsor": "outside_body"},
        Expect("declare", ("OP-G6", "OP-S1"), (LM,), LM, op("15.1", "15.5", "16.1", "16.2")),
    ),
    case(
        "a benefit from OPCC sponsorship is disclosed to the manager who keeps the record",
        {"form": "sponsorship", "sponsor": "employer"},
        Expect("declare", ("OP-G6", "OP-S1"), (LM,), LM, op("15.1", "15.5", "16.1", "16.2")),
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

# 2026-11: due on the day the hospitality takes place (event_date, by default its date).
CONSENT_IN_ADVANCE = Expect(
    "approval_required", ("OP-H1",), (LM,), None, op("15.10"), deadline=ON_TODAY
)
AUTHORISED_IN_ADVANCE = Expect(
    "approval_required", ("OP-H2",), (LM,), LM, op("15.2"), deadline=ON_TODAY
)
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
            deadline=ON_TODAY,
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
            deadline=ON_TODAY,
        ),
    ),
]


def on(event_date: str, declared_on: str) -> dict[str, str]:
    """Offered on 1 February, taking place on `event_date`, declared on `declared_on`."""
    return {"date": "2026-02-01", "event_date": event_date, "declared_on": declared_on}


def in_advance(rule: str, keeper: str | None, clause: str, due: str, late: bool) -> Expect:
    return Expect("approval_required", (rule,), (LM,), keeper, op(clause), deadline=due, late=late)


CORPORATE_CONFERENCE = {"hospitality_kind": "conference_or_course", "corporate": True}
REPRESENTING = {"hospitality_kind": "working_meal", "represents_employer": True}

# 2026-11: "consent in advance" (15.10) and "authorised in advance" (15.2).
HOSPITALITY_DEADLINE_CASES = [
    case(
        "corporate conference declared on the day it takes place is in time",
        {**CORPORATE_CONFERENCE, **on("2026-02-20", "2026-02-20")},
        in_advance("OP-H1", None, "15.10", "2026-02-20", False),
    ),
    case(
        "corporate conference declared the day after it took place is late",
        {**CORPORATE_CONFERENCE, **on("2026-02-20", "2026-02-21")},
        in_advance("OP-H1", None, "15.10", "2026-02-20", True),
    ),
    case(
        "hospitality representing the OPCC declared on the day it takes place is in time",
        {**REPRESENTING, **on("2026-02-20", "2026-02-20")},
        in_advance("OP-H2", LM, "15.2", "2026-02-20", False),
    ),
    case(
        "hospitality representing the OPCC declared the day after is late",
        {**REPRESENTING, **on("2026-02-20", "2026-02-21")},
        in_advance("OP-H2", LM, "15.2", "2026-02-20", True),
    ),
    case(
        "a social function whose refusal would offend is due on the day it takes place",
        {
            "hospitality_kind": "social_or_sporting",
            "refusal_would_offend": True,
            **on("2026-02-20", "2026-02-19"),
        },
        in_advance("OP-H2", LM, "15.2", "2026-02-20", False),
    ),
    case(
        "without an event date the hospitality is due on its date",
        {**CORPORATE_CONFERENCE, "date": "2026-02-10", "declared_on": "2026-02-11"},
        in_advance("OP-H1", None, "15.10", "2026-02-10", True),
    ),
    case(
        "purely social hospitality declared late is prohibited with no deadline",
        {"hospitality_kind": "social_or_sporting", **on("2026-02-20", "2026-02-21")},
        NO_GENUINE_NEED,
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
RELATIVE_OF_SENIOR_OFFICER = Expect("declare", ("OP-R4",), (LM,), None, op("6.2"), WITHDRAW)

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
    case(
        "a contractor tie sets no deadline even when the contract's start is known",
        {
            "with_whom": "contractor",
            "nature": "family",
            "date": "2026-01-01",
            "event_date": "2026-02-01",
            "declared_on": "2026-02-02",
        },
        CONTRACTOR_TIE,
    ),
    case(
        "a contractor tie with no contract date sets no deadline",
        {"with_whom": "contractor", "nature": "business", "declared_on": "2026-03-01"},
        CONTRACTOR_TIE,
    ),
    # 2026-11 OP-R4 (6.2): a relative of a senior officer (head of service or above) applies.
    *[
        case(
            f"a relative applies to the OPCC and you are {level}: take no part in selection",
            {"with_whom": "job_applicant", "nature": "family"},
            RELATIVE_OF_SENIOR_OFFICER,
            {"level": level},
        )
        for level in ("head_of_service", "assistant_director", "director", "chief_executive")
    ],
    *[
        case(
            f"a relative applies and you are {level}, not a senior officer: nothing",
            {"with_whom": "job_applicant", "nature": "family"},
            NOTHING,
            {"level": level},
        )
        for level in ("staff", "manager")
    ],
    case(
        "a senior officer's relative whose selection they would take part in: both clauses",
        {"with_whom": "job_applicant", "nature": "family", "involved_in_decision": True},
        Expect("declare", ("OP-R2", "OP-R4"), (LM,), None, op("6.1", "6.2"), WITHDRAW),
        {"level": "director"},
    ),
    case(
        "a senior officer's close friend applying is not a relative",
        {"with_whom": "job_applicant", "nature": "close_friend"},
        NOTHING,
        {"level": "director"},
    ),
]


# --- disclosures (2.4, 6.3, 12.3, 13.1), 2026-11 ------------------------------------

IMPROPER_APPROACH = Expect("prohibited", ("OP-D1",), (LM, CE, MO), None, op("2.4", "13.1"))
CANVASSED = Expect("declare", ("OP-D2",), (LM, CE), None, op("6.3"))
NO_SPECIAL_FAVOUR = Expect("no_action", ("OP-D3",), cites=op("12.3"))


def disclosure(kind: str, **fields: Any) -> dict[str, Any]:
    return {"disclosure_kind": kind, **fields}


DAY_AFTER = {"date": "2026-02-01", "declared_on": "2026-02-02"}

DISCLOSURE_CASES = [
    case(
        "an improper approach is refused and reported",
        disclosure("improper_approach"),
        IMPROPER_APPROACH,
    ),
    case(
        "an improper approach reported the day after has no deadline to miss",
        disclosure("improper_approach", **DAY_AFTER),
        IMPROPER_APPROACH,
    ),
    case(
        "being canvassed for an appointment goes to the manager and the chief executive",
        disclosure("canvassed"),
        CANVASSED,
    ),
    case(
        "being canvassed reported the day after has no deadline to miss",
        disclosure("canvassed", **DAY_AFTER),
        CANVASSED,
    ),
    case(
        "a former employee's business in a contract award gets advice only",
        disclosure("former_officer_business"),
        NO_SPECIAL_FAVOUR,
    ),
    *[
        case(f"the code has no clause for a {kind}", disclosure(kind), NOTHING)
        for kind in (
            "criminal_charge",
            "caution",
            "conviction",
            "arrest",
            "bail_conditions",
            "outside_conduct",
            "safeguarding_registration_withdrawn",
            "suspect_money",
            "management_buyout",
            "overseas_travel",
            "court_witness",
            "court_or_prison_intervention",
        )
    ],
]


ALL_CASES = typed_cases(
    gift=GIFT_CASES,
    hospitality=HOSPITALITY_CASES + HOSPITALITY_DEADLINE_CASES,
    interest=INTEREST_CASES,
    outside_work=OUTSIDE_WORK_CASES,
    relationship=RELATIONSHIP_CASES,
    disclosure=DISCLOSURE_CASES,
)


@pytest.mark.parametrize(("declaration", "officer", "expect"), ALL_CASES)
def test_opcc_verdict(declaration, officer, expect):
    verdict = verdict_for(declaration, officer)
    assert observed(verdict) == expect
    assert len(verdict.reasons) == max(len(set(verdict.rules_fired)), 1)


def test_every_matrix_row_is_exercised_by_a_case():
    assert rules_exercised(ALL_CASES) == {r.id for r in opcc.RULES}


def test_rows_are_the_matrix_rows_in_order():
    assert [r.id for r in opcc.RULES] == [
        *("OP-G1", "OP-G2", "OP-G3", "OP-G4", "OP-G5", "OP-G6", "OP-S1", "OP-G7"),
        *("OP-H1", "OP-H2", "OP-H3", "OP-I1", "OP-I2", "OP-I3", "OP-I4"),
        *("OP-W1", "OP-W2", "OP-W3", "OP-R1", "OP-R2", "OP-R3", "OP-R4"),
        *("OP-D1", "OP-D2", "OP-D3"),
    ]


@pytest.mark.skipif(not MATRIX.exists(), reason="shared/spec is not beside this checkout")
def test_every_matrix_row_is_a_rule():
    section = MATRIX.read_text(encoding="utf-8").split("\n## opcc\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (OP-[A-Z0-9]+) \|", section, flags=re.M)
    assert rows == list(dict.fromkeys(r.id for r in opcc.RULES))


def test_every_reason_is_one_sentence_and_every_rule_cites_a_clause():
    assert_one_sentence_and_a_clause(opcc.RULES)


def test_nothing_caught_says_the_code_asks_for_nothing():
    verdict = verdict_for({"type": "interest", "interest_kind": "debt_to_employer"})
    assert verdict.reasons == (
        "The OPCC's Code of Conduct for Employees asks for nothing about this declaration.",
    )


def test_only_hospitality_in_advance_has_a_deadline_and_nothing_is_in_writing():
    assert not any(r.written for r in opcc.RULES)
    assert {r.id: r.deadline for r in opcc.RULES if r.deadline} == {
        "OP-H1": ON_THE_EVENT_DATE,
        "OP-H2": ON_THE_EVENT_DATE,
    }
    assert opcc.DUTIES.deadlines == (
        Deadline(DeclarationType.HOSPITALITY, ON_THE_EVENT_DATE, ("15.10", "15.2")),
    )


# --- the token limit (15.4): the register's setting, default £25.00 ---------------------

CONTRACTOR_TOKEN = {"type": "gift", "donor_category": "contractor", "token_item": True}


@pytest.mark.parametrize(
    ("value", "own", "stored", "rule", "limit"),
    [
        pytest.param("24.99", None, None, "OP-G5", "25.00", id="24.99 under the default"),
        pytest.param("25.00", None, None, "OP-G4", "25.00", id="25.00 under the default"),
        pytest.param("9.99", {"token_limit_gbp": 10}, None, "OP-G5", "10.00", id="9.99 of 10"),
        pytest.param("10.00", {"token_limit_gbp": 10}, None, "OP-G4", "10.00", id="10.00 of 10"),
        pytest.param("49.99", {"token_limit_gbp": "50"}, None, "OP-G5", "50.00", id="49.99 of 50"),
        pytest.param(
            "9.99",
            None,
            {Employer.OPCC: RegisterSettings(Decimal("10"))},
            "OP-G5",
            "10.00",
            id="9.99 of a stored 10",
        ),
        pytest.param(
            "10.00",
            None,
            {Employer.OPCC: RegisterSettings(Decimal("10"))},
            "OP-G4",
            "10.00",
            id="10.00 of a stored 10",
        ),
        pytest.param(
            "10.00",
            {"token_limit_gbp": 25},
            {Employer.OPCC: RegisterSettings(Decimal("10"))},
            "OP-G5",
            "25.00",
            id="the request's own settings override the stored ones",
        ),
        pytest.param(
            "10.00",
            None,
            {Employer.THURROCK: RegisterSettings(Decimal("10"))},
            "OP-G5",
            "25.00",
            id="another employer's stored setting does not apply",
        ),
    ],
)
def test_a_token_is_an_item_worth_less_than_the_token_limit(value, own, stored, rule, limit):
    verdict = verdict_for(
        {**CONTRACTOR_TOKEN, "value_gbp": value}, settings=own, stored_settings=stored
    )

    assert verdict.rules_fired == (rule,)
    assert verdict.outcome == ("no_action" if rule == "OP-G5" else "prohibited")
    assert verdict.token_limits == ((Employer.OPCC, Decimal(limit)),)
    (reason,) = verdict.reasons
    assert f"worth less than £{limit}" in reason and "{" not in reason


def test_a_gift_that_is_not_a_token_says_the_limit_it_was_measured_against():
    verdict = verdict_for({"type": "gift", "value_gbp": 12}, settings={"token_limit_gbp": 10})

    assert verdict.rules_fired == ("OP-G6",)
    assert "worth less than £10.00" in verdict.reasons[0]


def test_rules_that_apply_the_token_limit_say_so():
    uses = {r.id for r in opcc.RULES if r.uses_token_limit}

    assert uses == {"OP-G4", "OP-G5", "OP-G6"}
    for r in opcc.RULES:
        assert ("{token_limit}" in r.reason) is (r.id in uses), r.id
        assert "£25" not in r.reason, r.id


def test_no_form_hint_fixes_a_token_figure():
    for hint in opcc.DUTIES.form_hints:
        assert "£" not in hint.text, hint.field
    (token_hint,) = [hint for hint in opcc.DUTIES.form_hints if hint.field == "token_item"]
    assert "the register's token limit" in token_hint.text


def test_a_refused_improper_approach_says_what_happened_to_it():
    (option,) = duties_for("opcc").dispositions_for(DeclarationType.DISCLOSURE)

    assert (option.disposition, option.words, option.cite) == (
        Disposition.DECLINED,
        "Refused",
        "13.1",
    )


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
