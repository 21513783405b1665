"""Essex County Council's code (policies/ecc.py): one case per policy-matrix row.

Each row's case checks the whole verdict the row gives on its own (outcome, route,
register keeper, citations, flags, written, deadline and the rules that fired); then
boundaries and combinations. ECC's code has no clause numbers: citations are the
slugs of its headings (shared/codes/ecc.txt). Outside work is the only ECC row with a
deadline (2026-11: "before accepting", due on the day the work starts); the code has no
token exception, so the register's token limit never changes an ECC verdict.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from policies import duties_for, ecc, evaluate, module_for, parse_request
from policies.core import ON_THE_DATE, combine, evaluate_code
from policies.vocabulary import DeclarationType, Disposition
from tests.policies.helpers import request, verdict_json, verdict_summary

TODAY = datetime.date(2026, 6, 1)
ON_TODAY = TODAY.isoformat()
SHARED = Path(__file__).resolve().parents[3] / "shared"
MATRIX = SHARED / "spec" / "policy-matrix.md"
CODE_TEXT = next(
    (
        path
        for path in (SHARED / "codes" / "ecc.txt", Path(ecc.__file__).parent / "codes" / "ecc.txt")
        if path.exists()
    ),
    SHARED / "codes" / "ecc.txt",
)

GH = "ecc:gifts-and-hospitality"
SPONSORSHIP = "ecc:handling-ecc-money-or-sponsorship"
CONDUCT = "ecc:personal-conduct"
OUTSIDE = "ecc:outside-work"
RESOURCES = "ecc:use-of-ecc-resources-equipment-and-facilities"
RESTRICTED = "ecc:politically-restricted-posts"
SERVICE_USERS = "ecc:working-with-service-users"
MANAGING = "ecc:responsibilities-when-managing-others"
REPORTING = "ecc:reporting-improper-or-illegal-activities"

NOTHING = "Essex County Council's Code of Conduct asks for nothing about this declaration."


def check(
    declaration: dict[str, Any],
    officer: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data = request("ecc", declaration, officer or {})
    if settings is not None:
        data["settings"] = settings
    facts = parse_request(data, today=TODAY)
    verdict = evaluate(facts)
    reference = combine(ecc, [r for r in ecc.RULES if r.applies(facts)], facts)
    if not (
        facts.declaration.type == "hospitality"
        and facts.declaration.hospitality_kind == "refreshments"
    ):
        assert verdict == reference
    assert evaluate_code(module_for("ecc"), facts) == verdict
    return verdict_json(verdict)


def expect(
    outcome: str,
    rules: list[str],
    citations: list[str],
    *,
    route: tuple[str, ...] = ("line_manager",),
    keeper: str | None = None,
    flags: tuple[str, ...] = (),
    deadline: str | None = None,
    late: bool = False,
) -> dict[str, Any]:
    summary = verdict_summary(outcome, rules, citations, route=route, keeper=keeper, flags=flags)
    return {**summary, "deadline": deadline, "late": late, "codes_applied": ["ecc"]}


def without_reasons(verdict: dict[str, Any]) -> dict[str, Any]:
    assert len(verdict.pop("reasons")) >= 1
    return verdict


# One case per matrix row, (id, declaration, officer, expected verdict).
ROWS = [
    (
        "EC-G1",
        {"type": "gift", "donor_category": "contractor", "value_gbp": 10},
        None,
        expect("prohibited", ["EC-G1"], [GH]),
    ),
    (
        "EC-G2",
        {"type": "gift", "on_behalf_of_employer": True, "donor_category": "supplier"},
        None,
        expect("approval_required", ["EC-G2"], [GH]),
    ),
    (
        "EC-G3",
        {"type": "gift", "donor_category": "member_of_public", "value_gbp": 300},
        None,
        expect("no_action", ["EC-G3"], [GH], route=()),
    ),
    (
        "EC-S1",
        {"type": "gift", "form": "sponsorship", "on_behalf_of_employer": True},
        None,
        expect("approval_required", ["EC-G2", "EC-S1"], [GH, SPONSORSHIP]),
    ),
    (
        "EC-H1",
        {"type": "hospitality", "corporate": True, "donor_category": "contractor"},
        None,
        expect("approval_required", ["EC-H1"], [GH]),
    ),
    (
        "EC-H2",
        {"type": "hospitality", "donor_category": "service_user"},
        None,
        expect("prohibited", ["EC-H2"], [GH]),
    ),
    (
        "EC-H3",
        {"type": "hospitality", "donor_category": "partner_organisation"},
        None,
        expect("no_action", ["EC-H3"], [GH], route=()),
    ),
    (
        "EC-I1",
        {"type": "interest", "interest_kind": "non_financial", "could_conflict": False},
        None,
        expect("declare", ["EC-I1"], [CONDUCT], keeper="line_manager"),
    ),
    (
        "EC-W1",
        {"type": "outside_work", "work_kind": "voluntary", "paid": False, "hours_per_week": 4},
        None,
        expect("approval_required", ["EC-W1"], [OUTSIDE], deadline=ON_TODAY),
    ),
    (
        "EC-W2",
        {"type": "outside_work", "work_kind": "employment", "conflicts_with_duties": True},
        None,
        expect("prohibited", ["EC-W1", "EC-W2"], [OUTSIDE], deadline=ON_TODAY),
    ),
    (
        "EC-W3",
        {"type": "outside_work", "work_kind": "self_employment", "hours_per_week": 12},
        None,
        expect(
            "approval_required",
            ["EC-W1", "EC-W3"],
            [OUTSIDE],
            flags=("hours_exceed_48",),
            deadline=ON_TODAY,
        ),
    ),
    (
        "EC-W4",
        {"type": "outside_work", "work_kind": "business_venture", "uses_employer_resources": True},
        None,
        expect("prohibited", ["EC-W1", "EC-W4"], [OUTSIDE, RESOURCES], deadline=ON_TODAY),
    ),
    (
        "EC-W5",
        {"type": "outside_work", "work_kind": "political", "political_activity": "canvassing"},
        {"politically_restricted": True},
        expect("prohibited", ["EC-W1", "EC-W5"], [OUTSIDE, RESTRICTED], deadline=ON_TODAY),
    ),
    (
        "EC-R1",
        {"type": "relationship", "with_whom": "elected_member", "nature": "close_friend"},
        None,
        expect("declare", ["EC-R1"], [CONDUCT]),
    ),
    (
        "EC-R2",
        {"type": "relationship", "with_whom": "service_user", "nature": "intimate"},
        None,
        expect("prohibited", ["EC-R1", "EC-R2"], [CONDUCT, SERVICE_USERS]),
    ),
    (
        "EC-R3",
        {
            "type": "relationship",
            "with_whom": "job_applicant",
            "nature": "family",
            "involved_in_decision": True,
        },
        None,
        expect("declare", ["EC-R3"], [MANAGING], flags=("withdraw_from_decision",)),
    ),
    (
        "EC-D1",
        {"type": "disclosure", "disclosure_kind": "improper_approach"},
        None,
        expect(
            "prohibited",
            ["EC-D1"],
            [REPORTING, CONDUCT],
            route=("line_manager", "head_of_service"),
        ),
    ),
]


def test_every_rule_has_a_row_case():
    assert [row[0] for row in ROWS] == [r.id for r in ecc.RULES]


@pytest.mark.skipif(not MATRIX.exists(), reason="shared/spec is not beside this checkout")
def test_every_matrix_row_is_a_rule():
    text = MATRIX.read_text(encoding="utf-8")
    section = text.split("\n## ecc\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| (EC-[A-Z0-9]+) \|", section, flags=re.M) == [r.id for r in ecc.RULES]


def slug(heading: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9 ]", "", heading.lower()).split())


@pytest.mark.skipif(not CODE_TEXT.exists(), reason="shared/codes is not beside this checkout")
def test_every_citation_is_the_slug_of_a_heading_of_the_code():
    headings = {
        slug(line.lstrip("#"))
        for line in CODE_TEXT.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }
    assert "use-of-ecc-resources-equipment-and-facilities" in headings
    for r in ecc.RULES:
        for citation in r.citations:
            assert citation in headings, (r.id, citation)


@pytest.mark.parametrize("row, declaration, officer, expected", ROWS, ids=[r[0] for r in ROWS])
def test_matrix_row(row, declaration, officer, expected):
    verdict = check(declaration, officer)
    assert row in verdict["rules_fired"]
    assert without_reasons(verdict) == expected


def test_reasons_are_one_sentence_per_rule_fired():
    verdict = check(next(row[1] for row in ROWS if row[0] == "EC-R3"))
    assert verdict["reasons"] == [
        "You must not be involved in a selection process or interview for an applicant "
        "you are related to or in a personal relationship with."
    ]
    for r in ecc.RULES:
        assert r.reason.endswith(".") and r.reason[0].isupper(), r.id
        assert r.reason.count(". ") == 0 and "{" not in r.reason, r.id
        assert r.condition, r.id


def test_advice_of_the_no_action_rows():
    advice = (
        "The code asks for nothing more; if you are unclear what is acceptable, ask your manager."
    )
    assert check({"type": "gift"})["reasons"] == [advice]
    assert check({"type": "hospitality"})["reasons"] == [advice]


def test_register_keeper_only_for_interests():
    for r in ecc.RULES:
        assert (r.register_keeper is not None) == (r.id == "EC-I1"), r.id


def test_no_written_rule_and_only_outside_work_has_a_deadline():
    # ECC's code asks for the declaration form, never "in writing"; its only time limit is
    # outside work's "before accepting", due on the day the work starts.
    for r in ecc.RULES:
        assert not r.written, r.id
        assert r.deadline == (ON_THE_DATE if r.id == "EC-W1" else None), r.id
    assert not any(r.uses_token_limit for r in ecc.RULES)


# --- gifts ------------------------------------------------------------------------------

ADVANTAGE_DONORS = ["contractor", "potential_contractor", "supplier", "service_user"]
OTHER_DONORS = ["member_of_public", "partner_organisation", "other"]


@pytest.mark.parametrize("donor", ADVANTAGE_DONORS)
@pytest.mark.parametrize("form", ["item", "cash", "voucher", "loan", "bequest", "discount"])
def test_no_personal_gift_of_any_form_from_those_offering_advantage(donor, form):
    verdict = check({"type": "gift", "donor_category": donor, "form": form, "token_item": True})
    assert (verdict["outcome"], verdict["rules_fired"]) == ("prohibited", ["EC-G1"])


@pytest.mark.parametrize("donor", OTHER_DONORS)
def test_personal_gift_from_anyone_else_asks_for_nothing(donor):
    verdict = check({"type": "gift", "donor_category": donor, "form": "cash", "value_gbp": 500})
    assert (verdict["outcome"], verdict["rules_fired"]) == ("no_action", ["EC-G3"])


@pytest.mark.parametrize("donor", ADVANTAGE_DONORS + OTHER_DONORS)
def test_gift_on_behalf_of_ecc_needs_the_manager_whoever_gives_it(donor):
    verdict = check({"type": "gift", "donor_category": donor, "on_behalf_of_employer": True})
    assert (verdict["outcome"], verdict["rules_fired"]) == ("approval_required", ["EC-G2"])


@pytest.mark.parametrize("status", ["offered", "accepted", "declined"])
@pytest.mark.parametrize("offered_to", ["self", "family"])
def test_declined_and_family_offers_get_the_same_verdict(status, offered_to):
    verdict = check(
        {
            "type": "gift",
            "donor_category": "potential_contractor",
            "status": status,
            "offered_to": offered_to,
        }
    )
    assert without_reasons(verdict) == expect("prohibited", ["EC-G1"], [GH])


def test_gift_given_asks_for_nothing():
    verdict = check({"type": "gift", "direction": "given", "donor_category": "contractor"})
    assert verdict == {**expect("no_action", [], [], route=()), "reasons": [NOTHING]}


def test_personal_sponsorship_from_a_contractor_is_prohibited():
    verdict = check({"type": "gift", "form": "sponsorship", "donor_category": "contractor"})
    assert without_reasons(verdict) == expect("prohibited", ["EC-G1", "EC-S1"], [GH, SPONSORSHIP])


def test_personal_sponsorship_from_anyone_else_needs_approval():
    verdict = check({"type": "gift", "form": "sponsorship", "donor_category": "other"})
    assert without_reasons(verdict) == expect(
        "approval_required", ["EC-G3", "EC-S1"], [GH, SPONSORSHIP]
    )


# --- hospitality ------------------------------------------------------------------------


@pytest.mark.parametrize("donor", ADVANTAGE_DONORS)
def test_hospitality_for_ecc_from_a_contractor_needs_approval(donor):
    for flags in ({"corporate": True}, {"represents_employer": True}):
        verdict = check({"type": "hospitality", "donor_category": donor, **flags})
        assert (verdict["outcome"], verdict["rules_fired"]) == ("approval_required", ["EC-H1"])


@pytest.mark.parametrize(
    "kind",
    ["working_meal", "conference_or_course", "social_or_sporting", "travel_or_accommodation"],
)
def test_personal_hospitality_of_every_kind(kind):
    advantage = check(
        {"type": "hospitality", "hospitality_kind": kind, "donor_category": "supplier"}
    )
    other = check({"type": "hospitality", "hospitality_kind": kind, "donor_category": "other"})
    assert (advantage["outcome"], advantage["rules_fired"]) == ("prohibited", ["EC-H2"])
    assert (other["outcome"], other["rules_fired"]) == ("no_action", ["EC-H3"])


@pytest.mark.parametrize("donor", ADVANTAGE_DONORS + OTHER_DONORS)
def test_refreshments_ask_for_nothing(donor):
    verdict = check(
        {
            "type": "hospitality",
            "hospitality_kind": "refreshments",
            "donor_category": donor,
            "donor_has_pending_decision": True,
            "corporate": True,
        }
    )
    assert verdict["outcome"] == "no_action"
    assert verdict["route"] == verdict["citations"] == verdict["rules_fired"] == []


# --- interests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["financial", "non_financial", "secret_society", "debt_to_employer"]
)
@pytest.mark.parametrize("held_by", ["self", "spouse_or_partner", "relative", "close_friend"])
def test_every_interest_is_registered_with_the_line_manager(kind, held_by):
    verdict = check({"type": "interest", "interest_kind": kind, "held_by": held_by})
    assert without_reasons(verdict) == expect(
        "declare", ["EC-I1"], [CONDUCT], keeper="line_manager"
    )


def test_interest_declared_long_after_is_not_late():
    verdict = check(
        {
            "type": "interest",
            "interest_kind": "financial",
            "date": "2020-01-01",
            "declared_on": "2026-06-01",
        }
    )
    assert verdict["deadline"] is None and verdict["late"] is False


# --- outside work: boundaries ---------------------------------------------------------------


@pytest.mark.parametrize(
    "contracted, extra, flagged",
    [
        (37, 11, False),
        (37, "11.00", False),
        (37, 11.01, True),
        (37, "11.01", True),
        (40, 8, False),
        (40, "8.01", True),
        (48, 0, False),
        ("48.01", 0, True),
        (18.5, 29.5, False),
        (18.5, 30, True),
    ],
)
def test_hours_48_is_allowed_more_is_flagged(contracted, extra, flagged):
    verdict = check(
        {"type": "outside_work", "work_kind": "employment", "hours_per_week": extra},
        {"contracted_hours_per_week": contracted},
    )
    assert verdict["flags"] == (["hours_exceed_48"] if flagged else [])
    assert verdict["outcome"] == "approval_required"  # the flag never changes the outcome
    assert verdict["rules_fired"] == (["EC-W1", "EC-W3"] if flagged else ["EC-W1"])


@pytest.mark.parametrize(
    "activity, restricted, outcome",
    [
        ("parish_council_candidate", True, "approval_required"),
        ("candidate", True, "prohibited"),
        ("party_office", True, "prohibited"),
        ("canvassing", True, "prohibited"),
        ("public_support", True, "prohibited"),
        ("none", True, "approval_required"),
        ("candidate", False, "approval_required"),
        ("public_support", False, "approval_required"),
    ],
)
def test_politically_restricted_posts(activity, restricted, outcome):
    verdict = check(
        {"type": "outside_work", "work_kind": "political", "political_activity": activity},
        {"politically_restricted": restricted},
    )
    assert verdict["outcome"] == outcome
    assert (RESTRICTED in verdict["citations"]) == (outcome == "prohibited")


@pytest.mark.parametrize(
    "kind", ["employment", "self_employment", "business_venture", "voluntary", "executorship"]
)
@pytest.mark.parametrize("paid", [True, False])
def test_any_outside_work_paid_or_not_needs_approval(kind, paid):
    verdict = check({"type": "outside_work", "work_kind": kind, "paid": paid})
    assert without_reasons(verdict) == expect(
        "approval_required", ["EC-W1"], [OUTSIDE], deadline=ON_TODAY
    )


def test_outside_work_facts_ecc_does_not_mention_change_nothing():
    verdict = check(
        {
            "type": "outside_work",
            "work_kind": "employment",
            "during_working_hours": True,
            "overlaps_normal_duties": True,
            "during_sick_leave": True,
            "during_leave_or_suspension_for_employer": True,
            "for_service_user": True,
            "private_gain_from_employment_work": True,
        },
        {"spinal_column_point": 49, "level": "director"},
    )
    assert without_reasons(verdict) == expect(
        "approval_required", ["EC-W1"], [OUTSIDE], deadline=ON_TODAY
    )


def test_every_outside_work_rule_at_once():
    verdict = check(
        {
            "type": "outside_work",
            "work_kind": "political",
            "hours_per_week": 20,
            "conflicts_with_duties": True,
            "uses_employer_resources": True,
            "political_activity": "party_office",
        },
        {"politically_restricted": True},
    )
    assert without_reasons(verdict) == expect(
        "prohibited",
        ["EC-W1", "EC-W2", "EC-W3", "EC-W4", "EC-W5"],
        [OUTSIDE, RESOURCES, RESTRICTED],
        flags=("hours_exceed_48",),
        deadline=ON_TODAY,
    )


# --- relationships --------------------------------------------------------------------------

DECLARABLE = [
    "elected_member",
    "colleague",
    "colleague_same_section",
    "direct_report",
    "senior_officer",
    "contractor",
    "potential_contractor",
    "supplier",
    "service_user",
    "service_user_family",
]


@pytest.mark.parametrize("with_whom", DECLARABLE)
@pytest.mark.parametrize("nature", ["family", "close_friend", "social", "business"])
def test_relationships_declared_with_the_form(with_whom, nature):
    verdict = check({"type": "relationship", "with_whom": with_whom, "nature": nature})
    assert without_reasons(verdict) == expect("declare", ["EC-R1"], [CONDUCT])


@pytest.mark.parametrize("with_whom", ["service_user", "service_user_family"])
def test_intimate_relationship_with_a_service_user(with_whom):
    formed = check({"type": "relationship", "with_whom": with_whom, "nature": "intimate"})
    before = check(
        {
            "type": "relationship",
            "with_whom": with_whom,
            "nature": "intimate",
            "existed_before_appointment": True,
        }
    )
    assert formed["outcome"] == "prohibited"
    assert formed["rules_fired"] == ["EC-R1", "EC-R2"]
    assert without_reasons(before) == expect("declare", ["EC-R1"], [CONDUCT])


@pytest.mark.parametrize("with_whom", ["colleague", "direct_report", "elected_member"])
def test_intimate_relationship_at_work_is_declared_not_prohibited(with_whom):
    verdict = check({"type": "relationship", "with_whom": with_whom, "nature": "intimate"})
    assert (verdict["outcome"], verdict["rules_fired"]) == ("declare", ["EC-R1"])


@pytest.mark.parametrize(
    "nature, involved, rules",
    [
        ("family", True, ["EC-R3"]),
        ("intimate", True, ["EC-R3"]),
        ("close_friend", True, ["EC-R3"]),
        ("social", True, []),
        ("business", True, []),
        ("family", False, []),
    ],
)
def test_job_applicant(nature, involved, rules):
    verdict = check(
        {
            "type": "relationship",
            "with_whom": "job_applicant",
            "nature": nature,
            "involved_in_decision": involved,
        }
    )
    assert verdict["rules_fired"] == rules
    if rules:
        assert verdict["flags"] == ["withdraw_from_decision"]
    else:
        assert without_reasons(verdict) == expect("no_action", [], [], route=())


def test_relationship_with_an_offender_asks_for_nothing():
    verdict = check({"type": "relationship", "with_whom": "offender", "nature": "intimate"})
    assert verdict == {**expect("no_action", [], [], route=()), "reasons": [NOTHING]}


# --- outside work: the day it starts ------------------------------------------------------


@pytest.mark.parametrize(
    "declared_on, late",
    [("2026-05-20", False), ("2026-06-10", False), ("2026-06-11", True), ("2026-07-01", True)],
)
def test_outside_work_is_due_by_the_day_it_starts(declared_on, late):
    verdict = check(
        {
            "type": "outside_work",
            "work_kind": "voluntary",
            "paid": False,
            "date": "2026-06-10",
            "declared_on": declared_on,
        }
    )
    assert without_reasons(verdict) == expect(
        "approval_required", ["EC-W1"], [OUTSIDE], deadline="2026-06-10", late=late
    )


def test_late_outside_work_that_must_not_go_ahead_is_still_prohibited():
    verdict = check(
        {
            "type": "outside_work",
            "work_kind": "employment",
            "conflicts_with_duties": True,
            "date": "2026-06-10",
            "declared_on": "2026-06-11",
        }
    )
    assert without_reasons(verdict) == expect(
        "prohibited", ["EC-W1", "EC-W2"], [OUTSIDE], deadline="2026-06-10", late=True
    )


@pytest.mark.parametrize(
    "declaration",
    [
        {"type": "gift", "donor_category": "contractor", "event_date": "2026-05-01"},
        {"type": "hospitality", "corporate": True, "event_date": "2026-05-01"},
        {
            "type": "relationship",
            "with_whom": "contractor",
            "nature": "family",
            "event_date": "2026-05-01",
        },
        {"type": "disclosure", "disclosure_kind": "improper_approach", "date": "2026-05-01"},
    ],
    ids=["gift", "hospitality", "relationship", "disclosure"],
)
def test_nothing_but_outside_work_is_ever_late(declaration):
    verdict = check(declaration)
    assert verdict["deadline"] is None and verdict["late"] is False


# --- the token limit: ECC's code has no token exception -------------------------------------


@pytest.mark.parametrize(
    "request_settings, value",
    [
        (None, "24.99"),
        (None, "25.00"),
        ({"token_limit_gbp": 10}, "9.99"),
        ({"token_limit_gbp": 10}, "10.00"),
    ],
)
def test_the_token_limit_never_changes_an_ecc_gift(request_settings, value):
    for donor, outcome, rule in (
        ("supplier", "prohibited", "EC-G1"),
        ("member_of_public", "no_action", "EC-G3"),
    ):
        verdict = check(
            {"type": "gift", "donor_category": donor, "token_item": True, "value_gbp": value},
            settings=request_settings,
        )
        assert (verdict["outcome"], verdict["rules_fired"]) == (outcome, [rule])


# --- disclosures ------------------------------------------------------------------------------


def test_an_improper_approach_goes_to_the_line_manager_or_head_of_service():
    verdict = check({"type": "disclosure", "disclosure_kind": "improper_approach"})
    assert verdict["reasons"] == [
        "Accepting would misuse your official position for personal interest or the interest "
        "of others: refuse the approach and report it to your line manager or Head of Service "
        "(either will do)."
    ]


@pytest.mark.parametrize(
    "kind",
    [
        "criminal_charge",
        "caution",
        "conviction",
        "arrest",
        "bail_conditions",
        "outside_conduct",
        "safeguarding_registration_withdrawn",
        "suspect_money",
        "canvassed",
        "management_buyout",
        "former_officer_business",
        "overseas_travel",
        "court_witness",
        "court_or_prison_intervention",
    ],
)
def test_a_disclosure_no_row_catches_asks_for_nothing(kind):
    verdict = check({"type": "disclosure", "disclosure_kind": kind})
    assert verdict == {**expect("no_action", [], [], route=()), "reasons": [NOTHING]}


def test_an_improper_approach_is_declined():
    options = duties_for("ecc").dispositions_for(DeclarationType.DISCLOSURE)
    assert [(o.disposition, o.words, o.cite) for o in options] == [
        (Disposition.DECLINED, "Declined", "personal-conduct")
    ]
