"""Thurrock Council's Officers' Code of Conduct (policy matrix rows TH-G0..TH-D7, 2026-11).

Each case builds the facts from contract JSON and checks the whole verdict: outcome,
rules fired, route, register keeper, citations, flags, written, deadline and lateness.
The 2026-11 rows add the token limit's boundaries (the default, a request's own
settings and the stored ones), the day a deadline falls on (declared that day: on time;
the day after: late), sponsorship by whom, and the disclosures. Pure Python: no
database, no Django.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from policies import RegisterSettings, duties_for, thurrock
from policies.core import ON_THE_DATE, ON_THE_EVENT_DATE, within_days
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
CODE = CodeUnderTest("thurrock", TODAY)
verdict_for = CODE.verdict_under
ON_TODAY = TODAY.isoformat()
DAY_28 = "2026-03-29"  # TODAY + 28 days: the last day to declare an interest
DAY_29 = "2026-03-30"
MATRIX = Path(__file__).resolve().parents[3] / "shared" / "spec" / "policy-matrix.md"


@dataclass(frozen=True)
class Expect(helpers.Expect):
    codes: tuple[str, ...] = ("thurrock",)


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


def outside_sponsorship(keeper: str) -> Expect:
    return Expect(
        "prohibited",
        ("TH-G0", "TH-G2"),
        (keeper,),
        keeper,
        th("14.3", "14.5", "15.1"),
        ("redirect_to_charity",),
    )


def council_sponsorship(keeper: str) -> Expect:
    return Expect("declare", ("TH-G0", "TH-S1"), (LM, keeper), keeper, th("14.3", "15.2"))


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
    # 2026-11 TH-S1, TH-G2 (15.1, 15.2): sponsorship by whom.
    case(
        "benefit from council sponsorship needs full disclosure, not a ban",
        {"form": "sponsorship", "sponsor": "employer", "value_gbp": 500},
        council_sponsorship(DIR),
    ),
    case(
        "council sponsorship of an assistant director is recorded by the monitoring officer",
        {"form": "sponsorship", "sponsor": "employer"},
        council_sponsorship(MO),
        at("assistant_director"),
    ),
    case(
        "council sponsorship marked as a token item is still only disclosed",
        {"form": "sponsorship", "sponsor": "employer", "token_item": True},
        council_sponsorship(DIR),
    ),
    case(
        "sponsorship by an outside body follows the gift rules and is refused",
        {"form": "sponsorship", "sponsor": "outside_body"},
        outside_sponsorship(DIR),
    ),
    case(
        "sponsorship is by an outside body unless said otherwise",
        {"form": "sponsorship", "value_gbp": 10},
        outside_sponsorship(DIR),
    ),
    case(
        "an outside body's sponsorship marked as a token item is never a token",
        {"form": "sponsorship", "token_item": True, "value_gbp": 5},
        outside_sponsorship(MO),
        at("director"),
    ),
    case(
        "a contractor's sponsorship is refused and timing sensitive",
        {"form": "sponsorship", "donor_category": "contractor", "donor_has_pending_decision": True},
        Expect(
            "prohibited",
            ("TH-G0", "TH-G2", "TH-G3"),
            (DIR,),
            DIR,
            th("14.3", "14.5", "15.1", "14.6"),
            ("timing_sensitive", "redirect_to_charity"),
        ),
    ),
    # 2026-11 TH-G1, TH-G2 (14.5): a token is an item worth less than the token limit.
    case(
        "token item worth 24.99 is a token",
        {"token_item": True, "value_gbp": "24.99"},
        token_gift(DIR),
    ),
    case(
        "token item worth 25.00 is not a token and is prohibited",
        {"token_item": True, "value_gbp": "25.00"},
        non_token_gift(DIR),
    ),
    case(
        "token item worth 25.00 to an assistant director is prohibited in the MO's register",
        {"token_item": True, "value_gbp": "25.00"},
        non_token_gift(MO),
        at("assistant_director"),
    ),
    *[
        case(
            f"{form} marked as a token item is not a token and is prohibited",
            {"form": form, "token_item": True, "value_gbp": 1},
            non_token_gift(DIR),
        )
        for form in ("cash", "voucher", "loan", "bequest", "discount")
    ],
    case("gift given is outside the gift rules", {"direction": "given"}, NOTHING),
]

# --- hospitality (14.1, 14.2, 14.6, 14.7) ------------------------------------------


def register_and(rule: str, outcome: str, keeper: str, *clauses: str) -> Expect:
    return Expect(outcome, ("TH-G0", rule), (keeper,), keeper, th("14.3", *clauses))


def corporate_conference(keeper: str, due: str = ON_TODAY, late: bool = False) -> Expect:
    """14.7 "consent in advance": due on the day the hospitality takes place."""
    return Expect(
        "approval_required",
        ("TH-G0", "TH-H1"),
        (LM, keeper),
        keeper,
        th("14.3", "14.7"),
        deadline=due,
        late=late,
    )


def on(event_date: str, declared_on: str) -> dict[str, str]:
    """Offered on 1 February, taking place on `event_date`, declared on `declared_on`."""
    return {"date": "2026-02-01", "event_date": event_date, "declared_on": declared_on}


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
            deadline=ON_TODAY,
        ),
    ),
    # 2026-11 TH-H1: due on its event date.
    case(
        "corporate conference declared on the day it takes place is in time",
        {**CORPORATE_CONFERENCE, **on("2026-02-20", "2026-02-20")},
        corporate_conference(DIR, "2026-02-20"),
    ),
    case(
        "corporate conference declared the day after it took place is late",
        {**CORPORATE_CONFERENCE, **on("2026-02-20", "2026-02-21")},
        corporate_conference(DIR, "2026-02-20", late=True),
    ),
    case(
        "corporate conference without an event date is due on its date",
        {**CORPORATE_CONFERENCE, "date": "2026-02-10", "declared_on": "2026-02-11"},
        corporate_conference(MO, "2026-02-10", late=True),
        at("director"),
    ),
    case(
        "hospitality representing the council declared late has no deadline",
        {"represents_employer": True, **on("2026-02-20", "2026-02-21")},
        GENUINE_NEED,
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


DEBT_TO_THE_COUNCIL = Expect("declare", ("TH-I3",), (LM,), None, th("6.6"))

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
    # 2026-11 TH-I1, TH-I2, TH-I3: 6.6 alone governs a debt to the council.
    *[
        case(
            f"a debt of {level} that could conflict is disclosed to the manager only",
            {"interest_kind": "debt_to_employer", "could_conflict": True},
            DEBT_TO_THE_COUNCIL,
            at(level),
        )
        for level in ("staff", "head_of_service", "assistant_director", "chief_executive")
    ],
    case(
        "a debt declared months later has no deadline",
        {"interest_kind": "debt_to_employer", "date": "2025-06-01", "declared_on": "2026-03-01"},
        DEBT_TO_THE_COUNCIL,
    ),
    case(
        "a debt in a matter you deal with: disclose and withdraw",
        {"interest_kind": "debt_to_employer", "involved_in_related_matter": True},
        Expect("declare", ("TH-I3", "TH-I4"), (LM,), None, th("6.6", "18.5"), WITHDRAW),
        at("director"),
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

# 2026-11 TH-W1, TH-W4: due on the day the work starts (its date).
WRITTEN_CONSENT = Expect(
    "approval_required", ("TH-W1",), (LM,), None, th("17.2"), written=True, deadline=ON_TODAY
)
VOLUNTARY_WELCOME = Expect("no_action", ("TH-W2",), cites=th("17.1"))
NOT_ALLOWED = Expect("prohibited", ("TH-W3",), (LM,), None, th("17.2"))


RESTRICTED_POST = {"politically_restricted": True}
STARTS_ON_20_FEBRUARY = {"date": "2026-02-20", "declared_on": "2026-02-20"}


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
            Expect(
                "prohibited",
                ("TH-W1", "TH-W3"),
                (LM,),
                None,
                th("17.2"),
                written=True,
                deadline=ON_TODAY,
            ),
        )
        for fact in ("conflicts_with_duties", "uses_employer_resources", "during_working_hours")
    ],
    case("executorship needs nothing", {"work_kind": "executorship"}, NOTHING),
    case(
        "work during sick leave needs the assistant director's prior authorisation",
        {"work_kind": "executorship", "during_sick_leave": True},
        Expect("approval_required", ("TH-W4",), (AD,), None, th("4.2"), deadline=ON_TODAY),
    ),
    case(
        "paid work during sick leave needs both consents",
        {"work_kind": "employment", "during_sick_leave": True},
        Expect(
            "approval_required",
            ("TH-W1", "TH-W4"),
            (LM, AD),
            None,
            th("17.2", "4.2"),
            written=True,
            deadline=ON_TODAY,
        ),
    ),
    case(
        "employment declared on the day it starts is in time",
        {"work_kind": "employment", **STARTS_ON_20_FEBRUARY, "declared_on": "2026-02-20"},
        dataclasses.replace(WRITTEN_CONSENT, deadline="2026-02-20"),
    ),
    case(
        "employment declared the day after it started is late",
        {"work_kind": "employment", **STARTS_ON_20_FEBRUARY, "declared_on": "2026-02-21"},
        dataclasses.replace(WRITTEN_CONSENT, deadline="2026-02-20", late=True),
    ),
    case(
        "work on sick leave declared on the day it starts is in time",
        {"work_kind": "voluntary", "during_sick_leave": True, **STARTS_ON_20_FEBRUARY},
        Expect(
            "approval_required",
            ("TH-W2", "TH-W4"),
            (AD,),
            None,
            th("17.1", "4.2"),
            deadline="2026-02-20",
        ),
    ),
    case(
        "work on sick leave declared the day after it started is late",
        {
            "work_kind": "executorship",
            "during_sick_leave": True,
            **STARTS_ON_20_FEBRUARY,
            "declared_on": "2026-02-21",
        },
        Expect(
            "approval_required",
            ("TH-W4",),
            (AD,),
            None,
            th("4.2"),
            deadline="2026-02-20",
            late=True,
        ),
    ),
    case(
        "work needing authorisation for private gain alone sets no deadline",
        {
            "work_kind": "voluntary",
            "private_gain_from_employment_work": True,
            **STARTS_ON_20_FEBRUARY,
            "declared_on": "2026-02-21",
        },
        Expect("approval_required", ("TH-W2", "TH-W5"), (AD, LEGAL), None, th("17.1", "17.4")),
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
            deadline=ON_TODAY,
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
            # 2026-11 TH-R1: a senior officer in your own line of management.
            ("senior_officer", "family"),
            ("senior_officer", "intimate"),
            ("senior_officer", "close_friend"),
            ("senior_officer", "social"),
        )
    ],
    case(
        "business tie to a senior officer is not a close relationship",
        {"with_whom": "senior_officer", "nature": "business"},
        NOTHING,
    ),
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
        for whom, nature in (("colleague", "family"),)
    ],
    case(
        "close friend who is a senior officer whose pay you decide: both rules",
        {"with_whom": "senior_officer", "nature": "close_friend", "involved_in_decision": True},
        Expect("declare", ("TH-R1", "TH-R4"), (LM,), None, th("19.2", "13.4"), WITHDRAW),
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
        {"with_whom": "supplier", "nature": "business"},
        CONTRACTOR_TIE,
    ),
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


# --- disclosures (3.1, 11, 12, 13.3, 22), 2026-11 -----------------------------------

HR = "hr"
CRIMINAL_ACTION = Expect("declare", ("TH-D1",), (LM, HR), None, th("12.3"))
OUTSIDE_CONDUCT = Expect("declare", ("TH-D2",), (LM, HR), None, th("12.4"))
SUSPECT_MONEY = Expect("declare", ("TH-D3",), (MO,), None, th("11.4"))
IMPROPER_APPROACH = Expect("prohibited", ("TH-D4",), (LM,), None, th("11.1", "3.1"))
RESIST_CANVASSING = Expect("no_action", ("TH-D5",), cites=th("13.3"))
NO_SPECIAL_FAVOUR = Expect("no_action", ("TH-D7",), cites=th("22.5"))


def buyout(due: str, late: bool = False) -> Expect:
    return Expect("declare", ("TH-D6",), (LM,), None, th("22.4"), WITHDRAW, deadline=due, late=late)


def disclosure(kind: str, **fields: Any) -> dict[str, Any]:
    return {"disclosure_kind": kind, **fields}


DAY_AFTER = {"date": "2026-02-01", "declared_on": "2026-02-02"}

DISCLOSURE_CASES = [
    *[
        case(f"a {kind} is notified to the manager or HR", disclosure(kind), CRIMINAL_ACTION)
        for kind in ("criminal_charge", "arrest", "bail_conditions", "caution", "conviction")
    ],
    case(
        "bail conditions that could not affect the work are still criminal action",
        disclosure("bail_conditions", bail_conditions_affect_work=False),
        CRIMINAL_ACTION,
    ),
    case(
        "a conviction notified the day after has no deadline to miss",
        disclosure("conviction", **DAY_AFTER),
        CRIMINAL_ACTION,
    ),
    case(
        "conduct outside work that may make you unsuitable is notified",
        disclosure("outside_conduct", **DAY_AFTER),
        OUTSIDE_CONDUCT,
    ),
    case(
        "suspect money is reported to the monitoring officer",
        disclosure("suspect_money"),
        SUSPECT_MONEY,
    ),
    case(
        "an improper approach is refused and reported to the manager",
        disclosure("improper_approach", **DAY_AFTER),
        IMPROPER_APPROACH,
    ),
    case(
        "being canvassed about an appointment gets advice only",
        disclosure("canvassed"),
        RESIST_CANVASSING,
    ),
    case(
        "a buyout intent declared on the day it was formed is in time",
        disclosure("management_buyout", date="2026-02-01", declared_on="2026-02-01"),
        buyout("2026-02-01"),
    ),
    case(
        "a buyout intent declared the day after it was formed is late",
        disclosure("management_buyout", **DAY_AFTER),
        buyout("2026-02-01", late=True),
    ),
    case(
        "a former officer's business in a contract award gets advice only",
        disclosure("former_officer_business"),
        NO_SPECIAL_FAVOUR,
    ),
    *[
        case(f"the code has no clause for {kind}", disclosure(kind), NOTHING)
        for kind in (
            "safeguarding_registration_withdrawn",
            "overseas_travel",
            "court_witness",
            "court_or_prison_intervention",
        )
    ],
]


ALL_CASES = typed_cases(
    gift=GIFT_CASES,
    hospitality=HOSPITALITY_CASES,
    interest=INTEREST_CASES,
    outside_work=OUTSIDE_WORK_CASES,
    relationship=RELATIONSHIP_CASES,
    disclosure=DISCLOSURE_CASES,
)


@pytest.mark.parametrize(("declaration", "officer", "expect"), ALL_CASES)
def test_thurrock_verdict(declaration, officer, expect):
    verdict = verdict_for(declaration, officer)
    assert observed(verdict) == expect
    assert len(verdict.reasons) == max(len(set(verdict.rules_fired)), 1)


def test_every_matrix_row_is_exercised_by_a_case():
    assert rules_exercised(ALL_CASES) == {r.id for r in thurrock.RULES}


def test_rows_are_the_matrix_rows_in_order():
    assert [r.id for r in thurrock.RULES] == [
        *("TH-G0", "TH-G1", "TH-G2", "TH-G2", "TH-G3", "TH-H1", "TH-H2", "TH-H3", "TH-H4"),
        *("TH-I1", "TH-I2", "TH-I3", "TH-I4"),
        *("TH-W1", "TH-W2", "TH-W3", "TH-W4", "TH-W5", "TH-S1", "TH-W6"),
        *("TH-R1", "TH-R2", "TH-R3", "TH-R4"),
        *("TH-D1", "TH-D2", "TH-D3", "TH-D4", "TH-D5", "TH-D6", "TH-D7"),
    ]


def test_row_th_g2_is_two_rules_only_because_outside_sponsorship_also_cites_15_1():
    first, second = [r for r in thurrock.RULES if r.id == "TH-G2"]

    assert first.citations == ("14.5",) and second.citations == ("14.5", "15.1")
    assert (first.outcome, first.route, first.flags) == (
        second.outcome,
        second.route,
        second.flags,
    )


@pytest.mark.skipif(not MATRIX.exists(), reason="shared/spec is not beside this checkout")
def test_every_matrix_row_is_a_rule():
    text = MATRIX.read_text(encoding="utf-8")
    section = text.split("\n## thurrock\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (TH-[A-Z0-9]+) \|", section, flags=re.M)
    assert rows == list(dict.fromkeys(r.id for r in thurrock.RULES))


def test_deadlines_are_the_rows_own():
    assert {r.id: r.deadline for r in thurrock.RULES if r.deadline} == {
        "TH-H1": ON_THE_EVENT_DATE,
        "TH-I1": within_days(28),
        "TH-I2": within_days(28),
        "TH-W1": ON_THE_DATE,
        "TH-W4": ON_THE_DATE,
        "TH-D6": ON_THE_DATE,
    }
    assert set(thurrock.DUTIES.deadlines) == {
        Deadline(DeclarationType.HOSPITALITY, ON_THE_EVENT_DATE, ("14.7",)),
        Deadline(DeclarationType.INTEREST, within_days(28), ("18.1", "18.2")),
        Deadline(DeclarationType.OUTSIDE_WORK, ON_THE_DATE, ("17.2", "4.2")),
        Deadline(DeclarationType.DISCLOSURE, ON_THE_DATE, ("22.4",)),
    }


# --- the token limit (14.5): the register's setting, default £25.00 ---------------------


@pytest.mark.parametrize(
    ("value", "own", "stored", "rule", "limit"),
    [
        pytest.param("24.99", None, None, "TH-G1", "25.00", id="24.99 under the default"),
        pytest.param("25.00", None, None, "TH-G2", "25.00", id="25.00 under the default"),
        pytest.param("9.99", {"token_limit_gbp": 10}, None, "TH-G1", "10.00", id="9.99 of 10"),
        pytest.param("10.00", {"token_limit_gbp": 10}, None, "TH-G2", "10.00", id="10.00 of 10"),
        pytest.param(
            "99.99", {"token_limit_gbp": "100.00"}, None, "TH-G1", "100.00", id="99.99 of 100"
        ),
        pytest.param(
            "9.99",
            None,
            {Employer.THURROCK: RegisterSettings(Decimal("10"))},
            "TH-G1",
            "10.00",
            id="9.99 of a stored 10",
        ),
        pytest.param(
            "10.00",
            None,
            {Employer.THURROCK: RegisterSettings(Decimal("10"))},
            "TH-G2",
            "10.00",
            id="10.00 of a stored 10",
        ),
        pytest.param(
            "10.00",
            {"token_limit_gbp": 25},
            {Employer.THURROCK: RegisterSettings(Decimal("10"))},
            "TH-G1",
            "25.00",
            id="the request's own settings override the stored ones",
        ),
        pytest.param(
            "10.00",
            None,
            {Employer.OPCC: RegisterSettings(Decimal("10"))},
            "TH-G1",
            "25.00",
            id="another employer's stored setting does not apply",
        ),
    ],
)
def test_a_token_is_an_item_worth_less_than_the_token_limit(value, own, stored, rule, limit):
    verdict = verdict_for(
        {"type": "gift", "token_item": True, "value_gbp": value},
        settings=own,
        stored_settings=stored,
    )

    assert verdict.rules_fired == ("TH-G0", rule)
    assert verdict.outcome == ("declare" if rule == "TH-G1" else "prohibited")
    assert verdict.token_limits == ((Employer.THURROCK, Decimal(limit)),)
    reason = verdict.reasons[1]
    assert f"worth less than £{limit}" in reason and "{" not in reason


def test_rules_that_apply_the_token_limit_say_so():
    uses = {(r.id, r.citations) for r in thurrock.RULES if r.uses_token_limit}

    assert uses == {("TH-G1", ("14.3", "14.5")), ("TH-G2", ("14.5",))}
    for r in thurrock.RULES:
        assert ("{token_limit}" in r.reason) is r.uses_token_limit, r.id
        assert "£25" not in r.reason, r.id


def test_no_form_hint_fixes_a_token_figure():
    for hint in thurrock.DUTIES.form_hints:
        assert "£" not in hint.text, hint.field
    (token_hint,) = [hint for hint in thurrock.DUTIES.form_hints if hint.field == "token_item"]
    assert "the register's token limit" in token_hint.text


def test_a_refused_improper_approach_says_what_happened_to_it():
    (option,) = duties_for("thurrock").dispositions_for(DeclarationType.DISCLOSURE)

    assert (option.disposition, option.words, option.cite) == (
        Disposition.DECLINED,
        "Refused",
        "11.1",
    )


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
