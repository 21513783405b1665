"""The county council's rules, row by row (policy-matrix.md, "county-council").

Requests are written in the contract's JSON vocabulary (tests/policies/helpers.py) and
go through `policies.parse_request` and `policies.evaluate`: no database, no Django.
Each case states the whole verdict but its reasons, with its deadline and whether it is
late. The county council's token is its own £25.00 (10.2): the register's token limit
setting never changes it.
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

EMPLOYER = "county-council"
TODAY = datetime.date(2026, 3, 2)
ON_TODAY = TODAY.isoformat()
MO = "monitoring_officer"
LINE_MANAGER_AND_MO = ("line_manager", MO)
MATRIX = Path(__file__).resolve().parents[3] / "shared" / "spec" / "policy-matrix.md"

CODE = CodeUnderTest(EMPLOYER, TODAY)
verdict_for = CODE.verdict_under
expected = CODE.expected


def case(name, declaration, expect, *, officer=None, deadline=None, late=False):
    """A row of a table: the verdict `expect`, due on `deadline` (ISO, or None: no
    deadline) and `late` or not."""
    return pytest.param(declaration, officer, expect, deadline, late, id=name)


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
        deadline=ON_TODAY,
    ),
    case(
        "a bequest is declined and reported",
        gift(form="bequest", value_gbp=5000, donor_category="service_user"),
        expected("prohibited", "CC-G1", **DECLINE_MONEY),
        deadline=ON_TODAY,
    ),
    case(
        "cash stays prohibited when refusal would offend",
        gift(form="cash", value_gbp=20, refusal_would_offend=True),
        expected("prohibited", "CC-G1", **DECLINE_MONEY),
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
    ),
    case(
        "overseas hospitality on official business needs the chief executive's approval",
        hospitality(
            represents_employer=True,
            overseas=True,
            hospitality_kind="travel_or_accommodation",
            value_gbp=20,
        ),
        expected(
            "approval_required",
            "CC-H1",
            "CC-H4",
            route=("line_manager", "chief_executive"),
            cites=("10.3", "15.1"),
        ),
        deadline=ON_TODAY,
    ),
    case(
        "overseas hospitality not on official business is prohibited",
        hospitality(overseas=True, hospitality_kind="social_or_sporting", value_gbp=20),
        expected("prohibited", "CC-H1b", route=("line_manager",), cites=("10.3",)),
    ),
    case(
        "moderate refreshments abroad are not hospitality",
        hospitality(
            hospitality_kind="refreshments", overseas=True, represents_employer=True, value_gbp=5
        ),
        expected("no_action"),
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
        deadline=ON_TODAY,
    ),
    case(
        "spinal column point 28 only tells the line manager",
        outside_work(hours_per_week=5),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"spinal_column_point": 28},
        deadline=ON_TODAY,
    ),
    case(
        "no spinal column point only tells the line manager",
        outside_work(hours_per_week=5),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"spinal_column_point": None},
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
    ),
    case(
        "conflicting work is prohibited",
        outside_work("business_venture", conflicts_with_duties=True),
        expected(
            "prohibited", "CC-W1", "CC-W7", route=("line_manager",), cites=ADVISE_LINE_MANAGER
        ),
        deadline=ON_TODAY,
    ),
    case(
        "48 hours in total raises no flag",
        outside_work(hours_per_week=11),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
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
        deadline=ON_TODAY,
    ),
    case(
        "a restricted post holder may stand for a parish council",
        outside_work("political", paid=False, political_activity="parish_council_candidate"),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        officer={"politically_restricted": True},
        deadline=ON_TODAY,
    ),
    case(
        "an unrestricted officer may hold party office",
        outside_work("political", paid=False, political_activity="party_office"),
        expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER),
        deadline=ON_TODAY,
    ),
]

NOTIFY_LINE_MANAGER_AND_MO = {"route": LINE_MANAGER_AND_MO, "keeper": MO, "written": True}
SEEK_HR_ADVICE = {"route": ("hr",), "cites": ("19.1",), "flags": WITHDRAW}

RELATIONSHIP_CASES = [
    case(
        "a relative at a contractor you engage is declared before the work",
        relationship("contractor", "family", involved_in_decision=True),
        expected(
            "declare",
            "CC-R1",
            "CC-R2",
            cites=("3.7", "note-1", "3.6"),
            **NOTIFY_LINE_MANAGER_AND_MO,
        ),
    ),
    case(
        "a friend at a supplier you supervise is declared before the work",
        relationship("supplier", "social", professional_responsibility=True),
        expected(
            "declare",
            "CC-R1",
            "CC-R2",
            cites=("3.7", "note-1", "3.6"),
            **NOTIFY_LINE_MANAGER_AND_MO,
        ),
    ),
    case(
        "a private tie with a contractor you do not deal with is declared under 3.6",
        relationship("potential_contractor", "intimate"),
        expected("declare", "CC-R2", cites=("3.6", "note-1"), **NOTIFY_LINE_MANAGER_AND_MO),
    ),
    case(
        "business dealings with a contractor are declared",
        relationship("contractor", "business"),
        expected("declare", "CC-R2", cites=("3.6", "note-1"), **NOTIFY_LINE_MANAGER_AND_MO),
    ),
    case(
        "business dealings with a supplier you engage are declared under 3.6 only",
        relationship("supplier", "business", involved_in_decision=True),
        expected("declare", "CC-R2", cites=("3.6", "note-1"), **NOTIFY_LINE_MANAGER_AND_MO),
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


DISCLOSURE_CASES = [
    case(
        "a criminal charge is told to the line manager on the day",
        disclosure("criminal_charge", date="2026-02-10", declared_on="2026-02-10"),
        expected("declare", "CC-D1", route=("line_manager",), cites=("23.1",)),
        deadline="2026-02-10",
    ),
    case(
        "a criminal charge told the day after is late",
        disclosure("criminal_charge", date="2026-02-10", declared_on="2026-02-11"),
        expected("declare", "CC-D1", route=("line_manager",), cites=("23.1",)),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a caution is told to the line manager immediately",
        disclosure("caution"),
        expected("declare", "CC-D1", route=("line_manager",), cites=("23.1",)),
        deadline=ON_TODAY,
    ),
    case(
        "a conviction is told to the line manager immediately",
        disclosure("conviction"),
        expected("declare", "CC-D1", route=("line_manager",), cites=("23.1",)),
        deadline=ON_TODAY,
    ),
    case(
        "bail conditions are told to the line manager unless said not to affect the work",
        disclosure("bail_conditions"),
        expected("declare", "CC-D2", route=("line_manager",), cites=("23.2",)),
        deadline=ON_TODAY,
    ),
    case(
        "bail conditions that affect the work told the day after are late",
        disclosure(
            "bail_conditions",
            bail_conditions_affect_work=True,
            date="2026-02-10",
            declared_on="2026-02-11",
        ),
        expected("declare", "CC-D2", route=("line_manager",), cites=("23.2",)),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "bail conditions that cannot affect the work get advice only",
        disclosure(
            "bail_conditions",
            bail_conditions_affect_work=False,
            date="2026-02-10",
            declared_on="2026-02-11",
        ),
        expected("no_action", "CC-D3", cites=("23.2",)),
    ),
    case(
        "an arrest without bail conditions asks for nothing",
        disclosure("arrest"),
        expected("no_action"),
    ),
    case(
        "an improper approach is declined and declared to head of service or director",
        disclosure("improper_approach", date="2026-02-10", declared_on="2026-02-10"),
        expected("prohibited", "CC-D4", route=("head_of_service", "director"), cites=("7.6",)),
        deadline="2026-02-10",
    ),
    case(
        "an improper approach declared the day after is late",
        disclosure("improper_approach", date="2026-02-10", declared_on="2026-02-11"),
        expected("prohibited", "CC-D4", route=("head_of_service", "director"), cites=("7.6",)),
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "overseas travel approved by the chief executive before it starts is on time",
        disclosure("overseas_travel", date="2026-04-20", declared_on="2026-03-01"),
        expected("approval_required", "CC-D5", route=("chief_executive",), cites=("15.1",)),
        deadline="2026-04-20",
    ),
    case(
        "overseas travel declared the day after it starts is late",
        disclosure("overseas_travel", date="2026-02-20", declared_on="2026-02-21"),
        expected("approval_required", "CC-D5", route=("chief_executive",), cites=("15.1",)),
        deadline="2026-02-20",
        late=True,
    ),
    case(
        "a safeguarding registration is not this code's concern",
        disclosure("safeguarding_registration_withdrawn"),
        expected("no_action"),
    ),
]

PRIVATE_TIE_WITH_CONTRACTOR = expected(
    "declare",
    "CC-R1",
    "CC-R2",
    cites=("3.7", "note-1", "3.6"),
    **NOTIFY_LINE_MANAGER_AND_MO,
)
HOSPITALITY_TOLD = expected("declare", "CC-H1", **INFORM_LINE_MANAGER)
OVERSEAS_ON_BUSINESS = expected(
    "approval_required",
    "CC-H1",
    "CC-H4",
    route=("line_manager", "chief_executive"),
    cites=("10.3", "15.1"),
)
ADVISED = expected("declare", "CC-W1", route=("line_manager",), cites=ADVISE_LINE_MANAGER)
CHIEF_OFFICERS_CONSENT = expected(
    "approval_required",
    "CC-W1",
    "CC-W2",
    route=("line_manager", "chief_officer"),
    written=True,
    cites=ADVISE_LINE_MANAGER,
)
SICK_LEAVE = expected(
    "approval_required",
    "CC-W1",
    "CC-W5",
    route=("line_manager",),
    written=True,
    cites=(*ADVISE_LINE_MANAGER, "4.5"),
)
CASH = expected("prohibited", "CC-G1", **DECLINE_MONEY)

DEADLINE_CASES = [
    case(
        "a cash offer told on the day it is made is on time",
        gift(form="cash", value_gbp=50, date="2026-02-10", declared_on="2026-02-10"),
        CASH,
        deadline="2026-02-10",
    ),
    case(
        "a cash offer told the day after it is made is late",
        gift(form="cash", value_gbp=50, date="2026-02-10", declared_on="2026-02-11"),
        CASH,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a cash offer is due on the day it is made, not the day it would be given",
        gift(form="cash", date="2026-02-10", event_date="2026-02-20", declared_on="2026-02-11"),
        CASH,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "hospitality told on the day it takes place is on time",
        hospitality(
            represents_employer=True,
            date="2026-02-01",
            event_date="2026-02-10",
            declared_on="2026-02-10",
        ),
        HOSPITALITY_TOLD,
        deadline="2026-02-10",
    ),
    case(
        "hospitality told the day after it took place is late",
        hospitality(
            represents_employer=True,
            date="2026-02-01",
            event_date="2026-02-10",
            declared_on="2026-02-11",
        ),
        HOSPITALITY_TOLD,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "overseas hospitality approved on the day of the travel is on time",
        hospitality(
            represents_employer=True,
            overseas=True,
            event_date="2026-02-10",
            date="2026-01-15",
            declared_on="2026-02-10",
        ),
        OVERSEAS_ON_BUSINESS,
        deadline="2026-02-10",
    ),
    case(
        "overseas hospitality declared the day after the travel is late",
        hospitality(
            represents_employer=True,
            overseas=True,
            event_date="2026-02-10",
            date="2026-01-15",
            declared_on="2026-02-11",
        ),
        OVERSEAS_ON_BUSINESS,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "prohibited hospitality has no deadline",
        hospitality(event_date="2026-02-10", date="2026-02-01", declared_on="2026-02-11"),
        expected("prohibited", "CC-H1b", route=("line_manager",), cites=("10.3",)),
    ),
    case(
        "outside work declared on the day it starts is on time",
        outside_work(date="2026-02-10", declared_on="2026-02-10"),
        ADVISED,
        deadline="2026-02-10",
    ),
    case(
        "outside work declared the day after it starts is late",
        outside_work(date="2026-02-10", declared_on="2026-02-11"),
        ADVISED,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "the chief officer's consent asked on the day the work starts is on time",
        outside_work(date="2026-02-10", declared_on="2026-02-10"),
        CHIEF_OFFICERS_CONSENT,
        officer={"spinal_column_point": 29},
        deadline="2026-02-10",
    ),
    case(
        "the chief officer's consent asked the day after the work starts is late",
        outside_work(date="2026-02-10", declared_on="2026-02-11"),
        CHIEF_OFFICERS_CONSENT,
        officer={"spinal_column_point": 29},
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "work on sick leave approved on the day it starts is on time",
        outside_work(during_sick_leave=True, date="2026-02-10", declared_on="2026-02-10"),
        SICK_LEAVE,
        deadline="2026-02-10",
    ),
    case(
        "work on sick leave declared the day after it starts is late",
        outside_work(during_sick_leave=True, date="2026-02-10", declared_on="2026-02-11"),
        SICK_LEAVE,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a private tie with a contractor told on the day the contract begins is on time",
        relationship(
            "contractor",
            "family",
            involved_in_decision=True,
            event_date="2026-02-10",
            declared_on="2026-02-10",
        ),
        PRIVATE_TIE_WITH_CONTRACTOR,
        deadline="2026-02-10",
    ),
    case(
        "a private tie with a contractor told the day after the contract begins is late",
        relationship(
            "contractor",
            "family",
            involved_in_decision=True,
            event_date="2026-02-10",
            declared_on="2026-02-11",
        ),
        PRIVATE_TIE_WITH_CONTRACTOR,
        deadline="2026-02-10",
        late=True,
    ),
    case(
        "a private tie with a contractor has no deadline while the start is unknown",
        relationship(
            "contractor", "family", involved_in_decision=True, date="2020-01-01", event_date=None
        ),
        PRIVATE_TIE_WITH_CONTRACTOR,
    ),
    case(
        "personal dealings under 3.6 alone have no deadline even with a start date",
        relationship("supplier", "business", event_date="2026-02-10", declared_on="2026-02-11"),
        expected("declare", "CC-R2", cites=("3.6", "note-1"), **NOTIFY_LINE_MANAGER_AND_MO),
    ),
    case(
        "a pecuniary interest as soon as practicable has no deadline",
        interest(pecuniary_interest_in_contract=True, date="2025-01-01"),
        expected("declare", "CC-I1", cites=("3.5", "note-1"), **NOTIFY_IN_WRITING),
    ),
]

TABLES = {
    "gifts": GIFT_CASES,
    "hospitality": HOSPITALITY_CASES,
    "interests": INTEREST_CASES,
    "outside_work": OUTSIDE_WORK_CASES,
    "relationships": RELATIONSHIP_CASES,
    "disclosures": DISCLOSURE_CASES,
    "deadlines": DEADLINE_CASES,
}
ROW = ("declaration", "officer", "expect", "deadline", "late")


@pytest.mark.parametrize(ROW, GIFT_CASES)
def test_gifts_beyond_a_token_are_refused(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, HOSPITALITY_CASES)
def test_hospitality_needs_a_public_interest(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, INTEREST_CASES)
def test_interests_are_notified_in_writing(declaration, officer, expect, deadline, late):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, OUTSIDE_WORK_CASES)
def test_outside_work_is_declared_and_sometimes_consented(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, RELATIONSHIP_CASES)
def test_relationships_with_contractors_and_colleagues_are_declared(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, DISCLOSURE_CASES)
def test_criminal_matters_approaches_and_travel_are_disclosed(
    declaration, officer, expect, deadline, late
):
    CODE.assert_verdict_due(declaration, officer, expect, deadline=deadline, late=late)


@pytest.mark.parametrize(ROW, DEADLINE_CASES)
def test_before_and_immediately_are_due_on_the_day_itself(
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


# --- the token: the code's own £25.00, whatever the register's setting ------------------

TOKEN_GIFT = expected("no_action", "CC-G4", **TOKEN)
REFUSED = expected("prohibited", "CC-G2", **REFUSE_AND_NOTIFY_MO)


@pytest.mark.parametrize(
    ("request_settings", "value", "expect"),
    [
        pytest.param(None, "24.99", TOKEN_GIFT, id="24.99 is a token"),
        pytest.param(None, "25.00", REFUSED, id="25.00 is not"),
        pytest.param({"token_limit_gbp": 10}, "9.99", TOKEN_GIFT, id="9.99 with a limit of 10"),
        pytest.param(
            {"token_limit_gbp": 10}, "10.00", TOKEN_GIFT, id="10.00 with a limit of 10 too"
        ),
        pytest.param(
            {"token_limit_gbp": 10}, "24.99", TOKEN_GIFT, id="24.99 with a limit of 10 too"
        ),
        pytest.param({"token_limit_gbp": 100}, "25.00", REFUSED, id="25.00 with a limit of 100"),
    ],
)
def test_the_token_limit_setting_does_not_change_the_codes_own_figure(
    request_settings, value, expect
):
    verdict = verdict_for(gift(token_item=True, value_gbp=value), settings=request_settings)

    assert summary(verdict) == expect
    assert verdict.token_limits == ()


def test_a_stored_token_limit_does_not_change_the_codes_own_figure_either():
    stored = {Employer.COUNTY_COUNCIL: RegisterSettings(token_limit_gbp=Decimal("10.00"))}

    assert summary(verdict_for(gift(value_gbp="24.99"), stored_settings=stored)) == TOKEN_GIFT


def test_hospitality_at_25_pounds_is_notified_whatever_the_setting():
    verdict = verdict_for(
        hospitality(represents_employer=True, value_gbp="25.00"),
        settings={"token_limit_gbp": 100},
    )

    assert verdict.rules_fired == ("CC-H1", "CC-H2")


# --- the rest of the code ---------------------------------------------------------------


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
        *(f"CC-H{n}" for n in range(2, 5)),
        *(f"CC-I{n}" for n in range(1, 5)),
        *(f"CC-W{n}" for n in range(1, 10)),
        *(f"CC-R{n}" for n in range(1, 4)),
        *(f"CC-D{n}" for n in range(1, 6)),
    }


@pytest.mark.skipif(not MATRIX.exists(), reason="shared/spec is not beside this checkout")
def test_every_matrix_row_is_a_rule():
    text = MATRIX.read_text(encoding="utf-8")
    section = text.split("\n## county-council\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (CC-[A-Za-z0-9]+) \|", section, flags=re.M)
    assert rows == list(dict.fromkeys(rule.id for rule in module_for(EMPLOYER).RULES))


@pytest.mark.parametrize("rule", module_for(EMPLOYER).RULES, ids=lambda rule: rule.id)
def test_every_rule_gives_one_plain_sentence_and_a_clause(rule):
    assert rule.reason.endswith(".") and rule.reason.count(". ") == 0
    assert rule.citations and all(":" not in clause for clause in rule.citations)
    assert not rule.uses_token_limit and "{" not in rule.reason


def test_either_recipient_of_an_improper_approach_will_do():
    verdict = verdict_for(disclosure("improper_approach"))

    assert verdict.route == ("head_of_service", "director")
    assert "head of service or your director (either will do)" in verdict.reasons[0]


def test_an_improper_approach_is_declined():
    options = duties_for(EMPLOYER).dispositions_for(DeclarationType.DISCLOSURE)

    assert [(o.disposition, o.words, o.cite) for o in options] == [
        (Disposition.DECLINED, "Declined", "7.6")
    ]
