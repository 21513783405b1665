"""Thurrock Council's Officers' Code of Conduct (policy matrix rows TH-G0..TH-R4).

Each case builds the facts from contract JSON and checks the whole verdict: outcome,
rules fired, route, register keeper, citations, flags, written, deadline and lateness.
Pure Python: no database, no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from policies import thurrock
from tests.policies import helpers
from tests.policies.helpers import (
    CodeUnderTest,
    assert_one_sentence_and_a_clause,
    case,
    rules_exercised,
    typed_cases,
)

TODAY = datetime.date(2026, 3, 1)
DAY_28 = "2026-03-29"  # TODAY + 28 days: the last day to declare an interest
DAY_29 = "2026-03-30"


@dataclass(frozen=True)
class Expect(helpers.Expect):
    codes: tuple[str, ...] = ("thurrock",)


verdict_for = CodeUnderTest("thurrock", TODAY).verdict_for
observed = Expect.observed


def th(*clauses: str) -> tuple[str, ...]:
    return tuple(f"thurrock:{clause}" for clause in clauses)


def at(level: str) -> dict[str, str]:
    return {"level": level}


LM = "line_manager"
AD = "assistant_director"
DIR = "director"
MO = "monitoring_officer"
LEGAL = "legal_adviser"
NOTHING = Expect("no_action")
WITHDRAW = ("withdraw_from_decision",)
JUNIORS = ("staff", "manager", "head_of_service")
SENIORS = ("assistant_director", "director", "chief_executive")

# --- gifts (14.3, 14.5, 14.6, 15.2) --------------------------------------------------


def token_gift(keeper: str) -> Expect:
    return Expect("declare", ("TH-G0", "TH-G1"), (keeper,), keeper, th("14.3", "14.5"))


def non_token_gift(keeper: str) -> Expect:
    return Expect(
        "prohibited",
        ("TH-G0", "TH-G2"),
        (keeper,),
        keeper,
        th("14.3", "14.5"),
        ("redirect_to_charity",),
    )


GIFT_CASES = [
    case(
        "token gift is recorded in the director's register", {"token_item": True}, token_gift(DIR)
    ),
    *[
        case(
            f"non-token gift to {level} is prohibited, director keeps the register",
            {"value_gbp": 30},
            non_token_gift(DIR),
            at(level),
        )
        for level in JUNIORS
    ],
    *[
        case(
            f"non-token gift to {level} is prohibited, monitoring officer keeps the register",
            {"value_gbp": 30},
            non_token_gift(MO),
            at(level),
        )
        for level in SENIORS
    ],
    case(
        "token gift to an assistant director goes in the monitoring officer's register",
        {"token_item": True},
        token_gift(MO),
        at("assistant_director"),
    ),
    case(
        "token gift to a head of service goes in the director's register",
        {"token_item": True},
        token_gift(DIR),
        at("head_of_service"),
    ),
    *[
        case(f"{form} gift is not a token and is prohibited", {"form": form}, non_token_gift(DIR))
        for form in ("cash", "voucher", "loan", "bequest", "discount")
    ],
    case(
        "goodwill gift for the council is redirected to the Mayor's Charity Fund",
        {"on_behalf_of_employer": True, "donor_category": "partner_organisation"},
        non_token_gift(DIR),
    ),
    case(
        "declined gift is still recorded with the same verdict",
        {"status": "declined", "donor_category": "contractor"},
        non_token_gift(DIR),
    ),
    case(
        "gift offered to family counts as offered to the officer",
        {"offered_to": "family", "token_item": True},
        token_gift(DIR),
    ),
    case(
        "token gift from a donor with a pending decision is timing sensitive",
        {"token_item": True, "donor_has_pending_decision": True},
        Expect(
            "declare",
            ("TH-G0", "TH-G1", "TH-G3"),
            (DIR,),
            DIR,
            th("14.3", "14.5", "14.6"),
            ("timing_sensitive",),
        ),
    ),
    case(
        "non-token gift from a donor with a pending decision is prohibited",
        {"donor_category": "contractor", "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("TH-G0", "TH-G2", "TH-G3"),
            (DIR,),
            DIR,
            th("14.3", "14.5", "14.6"),
            ("timing_sensitive", "redirect_to_charity"),
        ),
    ),
    case(
        "benefit from council sponsorship needs full disclosure, not a ban",
        {"form": "sponsorship", "value_gbp": 500},
        Expect("declare", ("TH-G0", "TH-S1"), (LM, DIR), DIR, th("14.3", "15.2")),
    ),
    case(
        "sponsorship of an assistant director is recorded by the monitoring officer",
        {"form": "sponsorship"},
        Expect("declare", ("TH-G0", "TH-S1"), (LM, MO), MO, th("14.3", "15.2")),
        at("assistant_director"),
    ),
    case("gift given is outside the gift rules", {"direction": "given"}, NOTHING),
]

# --- hospitality (14.1, 14.2, 14.6, 14.7) ------------------------------------------


def register_and(rule: str, outcome: str, keeper: str, *clauses: str) -> Expect:
    return Expect(outcome, ("TH-G0", rule), (keeper,), keeper, th("14.3", *clauses))


def corporate_conference(keeper: str) -> Expect:
    return Expect("approval_required", ("TH-G0", "TH-H1"), (LM, keeper), keeper, th("14.3", "14.7"))


GENUINE_NEED = register_and("TH-H2", "declare", DIR, "14.1", "14.2")
PURELY_SOCIAL = register_and("TH-H3", "prohibited", DIR, "14.1", "14.2")
CORPORATE_CONFERENCE = {"hospitality_kind": "conference_or_course", "corporate": True}

HOSPITALITY_CASES = [
    case(
        "moderate refreshments are not hospitality",
        {"hospitality_kind": "refreshments", "donor_has_pending_decision": True},
        NOTHING,
    ),
    case(
        "corporate conference needs the manager's consent in advance",
        CORPORATE_CONFERENCE,
        corporate_conference(DIR),
    ),
    case(
        "corporate conference for a head of service is in the director's register",
        CORPORATE_CONFERENCE,
        corporate_conference(DIR),
        at("head_of_service"),
    ),
    case(
        "corporate conference for an assistant director is in the MO's register",
        CORPORATE_CONFERENCE,
        corporate_conference(MO),
        at("assistant_director"),
    ),
    case(
        "personal conference with no genuine need is prohibited",
        {"hospitality_kind": "conference_or_course"},
        PURELY_SOCIAL,
    ),
    case(
        "working meal to represent the council is recorded",
        {"hospitality_kind": "working_meal", "represents_employer": True},
        GENUINE_NEED,
    ),
    case(
        "civic or courtesy visit is recorded",
        {"hospitality_kind": "social_or_sporting", "represents_employer": True},
        GENUINE_NEED,
    ),
    case(
        "corporate working meal is not a conference and needs a genuine need",
        {"hospitality_kind": "working_meal", "corporate": True},
        PURELY_SOCIAL,
    ),
    case(
        "purely social function is prohibited",
        {"hospitality_kind": "social_or_sporting"},
        PURELY_SOCIAL,
    ),
    case(
        "refusal would offend is no ground under Thurrock's code",
        {"hospitality_kind": "social_or_sporting", "refusal_would_offend": True},
        PURELY_SOCIAL,
    ),
    case(
        "purely social travel for an assistant director is prohibited, MO's register",
        {"hospitality_kind": "travel_or_accommodation"},
        register_and("TH-H3", "prohibited", MO, "14.1", "14.2"),
        at("assistant_director"),
    ),
    case(
        "declined social invitation is still recorded with the same verdict",
        {"hospitality_kind": "social_or_sporting", "status": "declined"},
        PURELY_SOCIAL,
    ),
    case(
        "hospitality from a host with a pending decision must be declined",
        {"represents_employer": True, "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("TH-G0", "TH-H2", "TH-H4"),
            (DIR,),
            DIR,
            th("14.3", "14.1", "14.2", "14.6"),
            ("timing_sensitive",),
        ),
    ),
    case(
        "corporate conference from a host with a pending decision must be declined",
        {**CORPORATE_CONFERENCE, "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("TH-G0", "TH-H1", "TH-H4"),
            (LM, DIR),
            DIR,
            th("14.3", "14.7", "14.6"),
            ("timing_sensitive",),
        ),
    ),
]

# --- interests (6.6, 18) ------------------------------------------------------------


def senior_interest(deadline: str = DAY_28, late: bool = False) -> Expect:
    return Expect(
        "declare",
        ("TH-I1",),
        (MO,),
        MO,
        th("18.1"),
        ("annual_review",),
        written=True,
        deadline=deadline,
        late=late,
    )


def junior_interest(deadline: str = DAY_28, late: bool = False) -> Expect:
    return Expect(
        "declare",
        ("TH-I2",),
        (LM, DIR),
        LM,
        th("18.2", "18.4"),
        ("annual_review",),
        deadline=deadline,
        late=late,
    )


def dated(declared_on: str, **fields: Any) -> dict[str, Any]:
    return {
        "interest_kind": "financial",
        "date": "2026-03-01",
        "declared_on": declared_on,
        **fields,
    }


INTEREST_CASES = [
    *[
        case(
            f"{level} declares a conflicting interest to their director",
            {"interest_kind": "financial"},
            junior_interest(),
            at(level),
        )
        for level in JUNIORS
    ],
    *[
        case(
            f"{level} notifies the monitoring officer in writing",
            {"interest_kind": "non_financial"},
            senior_interest(),
            at(level),
        )
        for level in SENIORS
    ],
    case(
        "senior interest declared on day 28 is in time",
        dated("2026-03-29"),
        senior_interest(),
        at("assistant_director"),
    ),
    case(
        "senior interest declared on day 29 is late",
        dated("2026-03-30"),
        senior_interest(late=True),
        at("assistant_director"),
    ),
    case(
        "junior interest declared on day 28 is in time",
        dated("2026-03-29"),
        junior_interest(),
        at("head_of_service"),
    ),
    case(
        "junior interest declared on day 29 is late",
        dated("2026-03-30"),
        junior_interest(late=True),
        at("head_of_service"),
    ),
    case(
        "deadline runs from the date of the interest, not from today",
        {"interest_kind": "financial", "date": "2026-01-31", "declared_on": "2026-02-28"},
        junior_interest(deadline="2026-02-28"),
    ),
    case(
        "a change to a declared interest has the same 28 days",
        {"interest_kind": "financial", "change_to_existing": True},
        senior_interest(),
        at("director"),
    ),
    case(
        "secret society membership that could conflict is declared",
        {"interest_kind": "secret_society"},
        junior_interest(),
    ),
    case(
        "interest that could not conflict needs nothing",
        {"interest_kind": "financial", "could_conflict": False},
        NOTHING,
        at("assistant_director"),
    ),
    case(
        "council tax arrears are disclosed to the manager",
        {"interest_kind": "debt_to_employer", "could_conflict": False},
        Expect("declare", ("TH-I3",), (LM,), None, th("6.6")),
    ),
    case(
        "conflicting debt of a senior officer also goes to the monitoring officer",
        {"interest_kind": "debt_to_employer"},
        Expect(
            "declare",
            ("TH-I1", "TH-I3"),
            (LM, MO),
            MO,
            th("18.1", "6.6"),
            ("annual_review",),
            written=True,
            deadline=DAY_28,
        ),
        at("assistant_director"),
    ),
    case(
        "dealing with a related matter flags withdrawal",
        {
            "interest_kind": "non_financial",
            "could_conflict": False,
            "involved_in_related_matter": True,
        },
        Expect("no_action", ("TH-I4",), cites=th("18.5"), flags=WITHDRAW),
    ),
    case(
        "conflicting interest in a matter you deal with: declare and withdraw",
        {"interest_kind": "financial", "involved_in_related_matter": True},
        Expect(
            "declare",
            ("TH-I2", "TH-I4"),
            (LM, DIR),
            LM,
            th("18.2", "18.4", "18.5"),
            ("withdraw_from_decision", "annual_review"),
            deadline=DAY_28,
        ),
    ),
]

# --- outside work (4.2, 16.6, 17) ---------------------------------------------------

WRITTEN_CONSENT = Expect("approval_required", ("TH-W1",), (LM,), None, th("17.2"), written=True)
VOLUNTARY_WELCOME = Expect("no_action", ("TH-W2",), cites=th("17.1"))
NOT_ALLOWED = Expect("prohibited", ("TH-W3",), (LM,), None, th("17.2"))


RESTRICTED_POST = {"politically_restricted": True}


def political(activity: str) -> dict[str, Any]:
    return {"work_kind": "political", "political_activity": activity}


OUTSIDE_WORK_CASES = [
    *[
        case(f"{kind} needs written consent from the manager", {"work_kind": kind}, WRITTEN_CONSENT)
        for kind in ("employment", "self_employment", "business_venture")
    ],
    case(
        "unpaid employment still needs written consent",
        {"work_kind": "employment", "paid": False},
        WRITTEN_CONSENT,
    ),
    case(
        "voluntary work is welcomed", {"work_kind": "voluntary", "paid": False}, VOLUNTARY_WELCOME
    ),
    case(
        "voluntary work that conflicts is prohibited",
        {"work_kind": "voluntary", "conflicts_with_duties": True},
        NOT_ALLOWED,
    ),
    case(
        "voluntary work in working hours is prohibited",
        {"work_kind": "voluntary", "during_working_hours": True},
        Expect("prohibited", ("TH-W2", "TH-W3"), (LM,), None, th("17.1", "17.2")),
    ),
    *[
        case(
            f"employment with {fact} is prohibited",
            {"work_kind": "employment", fact: True},
            Expect("prohibited", ("TH-W1", "TH-W3"), (LM,), None, th("17.2"), written=True),
        )
        for fact in ("conflicts_with_duties", "uses_employer_resources", "during_working_hours")
    ],
    case("executorship needs nothing", {"work_kind": "executorship"}, NOTHING),
    case(
        "work during sick leave needs the assistant director's prior authorisation",
        {"work_kind": "executorship", "during_sick_leave": True},
        Expect("approval_required", ("TH-W4",), (AD,), None, th("4.2")),
    ),
    case(
        "paid work during sick leave needs both consents",
        {"work_kind": "employment", "during_sick_leave": True},
        Expect(
            "approval_required", ("TH-W1", "TH-W4"), (LM, AD), None, th("17.2", "4.2"), written=True
        ),
    ),
    case(
        "private gain from work linked to the job needs AD and legal adviser",
        {"work_kind": "self_employment", "private_gain_from_employment_work": True},
        Expect(
            "approval_required",
            ("TH-W1", "TH-W5"),
            (LM, AD, LEGAL),
            None,
            th("17.2", "17.4"),
            written=True,
        ),
    ),
    *[
        case(
            f"politically restricted post holder {activity} is prohibited",
            political(activity),
            Expect("prohibited", ("TH-W6",), (LM,), None, th("16.6")),
            RESTRICTED_POST,
        )
        for activity in ("candidate", "party_office", "canvassing", "public_support")
    ],
    case(
        "politically restricted post holder may stand for a parish council",
        political("parish_council_candidate"),
        NOTHING,
        RESTRICTED_POST,
    ),
    case(
        "unrestricted officer may stand as a candidate",
        political("candidate"),
        NOTHING,
        {"politically_restricted": False},
    ),
]

# --- relationships (13, 19.2, 21) ---------------------------------------------------

DECLARE_TO_MANAGER = Expect("declare", ("TH-R1",), (LM,), None, th("19.2"))
CONTRACTOR_TIE = Expect("declare", ("TH-R2",), (LM,), None, th("21.1", "21.2"))
NOT_IN_APPOINTMENT = Expect("declare", ("TH-R3",), (LM,), None, th("13.2"), WITHDRAW)
NOT_IN_PAY_OR_DISCIPLINE = Expect("declare", ("TH-R4",), (LM,), None, th("13.4"), WITHDRAW)

RELATIONSHIP_CASES = [
    *[
        case(
            f"{nature} relationship with a {whom} is declared",
            {"with_whom": whom, "nature": nature},
            DECLARE_TO_MANAGER,
        )
        for whom, nature in (
            ("colleague_same_section", "social"),
            ("colleague_same_section", "close_friend"),
            ("direct_report", "family"),
            ("elected_member", "intimate"),
        )
    ],
    case(
        "business tie to a colleague in the section is not a close relationship",
        {"with_whom": "colleague_same_section", "nature": "business"},
        NOTHING,
    ),
    case(
        "close friend in another section needs nothing",
        {"with_whom": "colleague", "nature": "close_friend"},
        NOTHING,
    ),
    *[
        case(
            f"{nature} relationship with a {whom} is declared at the earliest opportunity",
            {"with_whom": whom, "nature": nature},
            CONTRACTOR_TIE,
        )
        for whom, nature in (
            ("contractor", "business"),
            ("potential_contractor", "social"),
            ("supplier", "family"),
        )
    ],
    *[
        case(
            f"{nature} tie to a job applicant you would appoint: declare and withdraw",
            {"with_whom": "job_applicant", "nature": nature, "involved_in_decision": True},
            NOT_IN_APPOINTMENT,
        )
        for nature in ("family", "intimate", "close_friend")
    ],
    case(
        "social acquaintance with a job applicant is not a close relationship",
        {"with_whom": "job_applicant", "nature": "social", "involved_in_decision": True},
        NOTHING,
    ),
    case(
        "related job applicant you would not appoint needs nothing",
        {"with_whom": "job_applicant", "nature": "family"},
        NOTHING,
    ),
    *[
        case(
            f"{nature} tie to a {whom} whose pay you decide: declare and withdraw",
            {"with_whom": whom, "nature": nature, "involved_in_decision": True},
            NOT_IN_PAY_OR_DISCIPLINE,
        )
        for whom, nature in (
            ("colleague", "family"),
            ("senior_officer", "close_friend"),
        )
    ],
    case(
        "intimate direct report whose discipline you decide: both rules",
        {"with_whom": "direct_report", "nature": "intimate", "involved_in_decision": True},
        Expect("declare", ("TH-R1", "TH-R4"), (LM,), None, th("19.2", "13.4"), WITHDRAW),
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
def test_thurrock_verdict(declaration, officer, expect):
    assert observed(verdict_for(declaration, officer)) == expect


def test_every_matrix_row_is_exercised_by_a_case():
    assert rules_exercised(ALL_CASES) == {r.id for r in thurrock.RULES}


def test_rows_are_the_matrix_rows_in_order():
    assert [r.id for r in thurrock.RULES] == [
        *("TH-G0", "TH-G1", "TH-G2", "TH-G3", "TH-H1", "TH-H2", "TH-H3", "TH-H4"),
        *("TH-I1", "TH-I2", "TH-I3", "TH-I4"),
        *("TH-W1", "TH-W2", "TH-W3", "TH-W4", "TH-W5", "TH-S1", "TH-W6"),
        *("TH-R1", "TH-R2", "TH-R3", "TH-R4"),
    ]


def test_every_reason_is_one_sentence_and_every_rule_cites_a_clause():
    assert_one_sentence_and_a_clause(thurrock.RULES)


def test_register_keeper_is_in_the_route_of_every_gift_and_hospitality_verdict():
    for level, keeper in (("head_of_service", DIR), ("assistant_director", MO)):
        for declaration in (
            {"type": "gift", "token_item": True},
            {"type": "gift", "form": "sponsorship"},
            {"type": "hospitality", "represents_employer": True},
        ):
            verdict = verdict_for(declaration, at(level))
            assert verdict.register_keeper == keeper
            assert keeper in verdict.route


def test_seconded_officer_keeps_thurrock_as_register_keeper():
    verdict = verdict_for({"type": "gift", "donor_category": "contractor"}, {"seconded_to": "opcc"})
    assert observed(verdict) == Expect(
        "prohibited",
        ("TH-G0", "TH-G2", "OP-G4"),
        (LM, DIR),
        DIR,
        (*th("14.3", "14.5"), "opcc:15.4"),
        ("redirect_to_charity",),
        codes=("thurrock", "opcc"),
    )


def test_verdict_json_gives_the_interest_deadline_as_an_iso_date():
    data = verdict_for({"type": "interest", **dated(DAY_29)}, at("head_of_service")).as_json()
    assert (data["deadline"], data["late"]) == (DAY_28, True)
