"""Seconded officers (officer.seconded_to): both codes apply and their verdicts merge.

policy-contract.md, "Combining": the strictest outcome of the two codes wins, routes
merge in canonical order, citations, flags and reasons are the union, the earliest
deadline wins, and the register keeper comes from the home employer unless only the
host code asks for a register entry. codes_applied is [home, host].

Expected verdicts follow the rows of shared/spec/policy-matrix.md (and the differences
noted in policies/MATRIX_NOTES.md).
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest

from policies import RegisterSettings, evaluate, merge_codes, module_for, parse_request
from policies.core import strictest
from policies.vocabulary import Employer, Outcome
from tests.policies.helpers import ROUTE_ORDER, request, verdict_json

TODAY = datetime.date(2026, 6, 1)
EMPLOYERS = [employer.value for employer in Employer]


def verdict(
    employer: str,
    declaration: dict[str, Any],
    seconded_to: str | None = None,
    **officer: Any,
) -> dict[str, Any]:
    if seconded_to:
        officer["seconded_to"] = seconded_to
    facts = parse_request(request(employer, declaration, officer), today=TODAY)
    return verdict_json(evaluate(facts))


def alone_and_seconded(employer: str, host: str, declaration: dict[str, Any], **officer: Any):
    return (
        verdict(employer, declaration, **officer),
        verdict(host, declaration, **officer),
        verdict(employer, declaration, seconded_to=host, **officer),
    )


def nothing(employer: str) -> str:
    return f"{module_for(employer).NAME} asks for nothing about this declaration."


def test_every_code_has_its_rules():
    for employer in EMPLOYERS:
        assert module_for(employer).RULES, employer


# --- ECC's code with the "nothing fires" behaviour of any host ---------------------------


@pytest.mark.parametrize("host", [e for e in EMPLOYERS if e != "ecc"])
def test_codes_applied_home_then_host(host):
    result = verdict("ecc", {"type": "interest", "interest_kind": "financial"}, seconded_to=host)
    assert result["codes_applied"] == ["ecc", host]
    back = verdict(host, {"type": "interest", "interest_kind": "financial"}, seconded_to="ecc")
    assert back["codes_applied"] == [host, "ecc"]


@pytest.mark.parametrize("host", [e for e in EMPLOYERS if e != "ecc"])
def test_refreshments_ask_for_nothing_under_both_codes(host):
    result = verdict(
        "ecc", {"type": "hospitality", "hospitality_kind": "refreshments"}, seconded_to=host
    )
    assert result["outcome"] == "no_action"
    assert result["route"] == result["citations"] == result["flags"] == []
    assert result["register_keeper"] is None
    assert len(result["reasons"]) == 1  # the same sentence from both codes, once
    assert result["codes_applied"] == ["ecc", host]


def test_nothing_fires_under_either_code():
    # Neither ECC's code nor Thurrock's says anything about ties with an offender.
    result = verdict(
        "ecc",
        {"type": "relationship", "with_whom": "offender", "nature": "social"},
        seconded_to="thurrock",
    )
    assert result == {
        "outcome": "no_action",
        "route": [],
        "register_keeper": None,
        "deadline": None,
        "late": False,
        "written": False,
        "citations": [],
        "flags": [],
        "reasons": [nothing("ecc"), nothing("thurrock")],
        "codes_applied": ["ecc", "thurrock"],
        "rules_fired": [],
    }


# --- pairs of codes -------------------------------------------------------------------------


def test_ecc_officer_at_thurrock_declares_an_interest_within_28_days():
    # EC-I1 (declare, LM keeps it) + TH-I2 (declare to LM and director, 28 days).
    result = verdict(
        "ecc",
        {
            "type": "interest",
            "interest_kind": "financial",
            "date": "2026-05-01",
            "declared_on": "2026-06-01",
        },
        seconded_to="thurrock",
    )
    assert result["outcome"] == "declare"
    assert result["route"] == ["line_manager", "director"]
    assert result["register_keeper"] == "line_manager"
    assert result["deadline"] == "2026-05-29"
    assert result["late"] is True
    assert result["citations"] == ["ecc:personal-conduct", "thurrock:18.2", "thurrock:18.4"]
    assert result["flags"] == ["annual_review"]
    assert result["rules_fired"] == ["EC-I1", "TH-I2"]
    assert result["codes_applied"] == ["ecc", "thurrock"]


def test_keeper_stays_with_the_home_code_when_both_name_one():
    # A director: TH-I1 says the monitoring officer keeps it, in writing; ECC's line
    # manager still keeps the entry because ECC (home) asks for one too.
    result = verdict(
        "ecc",
        {
            "type": "interest",
            "interest_kind": "non_financial",
            "date": "2026-05-20",
            "declared_on": "2026-05-21",
        },
        seconded_to="thurrock",
        level="director",
    )
    assert result["outcome"] == "declare"
    assert result["route"] == ["line_manager", "monitoring_officer"]
    assert result["register_keeper"] == "line_manager"
    assert result["written"] is True
    assert (result["deadline"], result["late"]) == ("2026-06-17", False)
    assert result["citations"] == ["ecc:personal-conduct", "thurrock:18.1"]
    assert result["flags"] == ["annual_review"]


def test_keeper_from_the_host_when_only_the_host_names_one():
    # EC-G1 prohibits a personal gift from a contractor but names no register;
    # Thurrock registers every gift (14.3) with the monitoring officer for a director.
    declaration = {"type": "gift", "donor_category": "contractor", "value_gbp": 40}
    home, host, merged = alone_and_seconded("ecc", "thurrock", declaration, level="director")
    assert home["register_keeper"] is None
    assert host["register_keeper"] == "monitoring_officer"
    assert merged["outcome"] == "prohibited"
    assert merged["register_keeper"] == "monitoring_officer"
    assert merged["route"] == ["line_manager", "monitoring_officer"]
    assert merged["citations"] == ["ecc:gifts-and-hospitality", "thurrock:14.3", "thurrock:14.5"]
    assert merged["flags"] == ["redirect_to_charity"]
    assert merged["rules_fired"] == ["EC-G1", "TH-G0", "TH-G2"]


def test_thurrock_officer_at_ecc_keeps_the_thurrock_register():
    # Home TH-G0/TH-G1: a token item is declared to the director who keeps the register;
    # host EC-G3 asks for nothing (advice only) but its citation and reason are kept.
    declaration = {"type": "gift", "token_item": True, "donor_category": "member_of_public"}
    home, host, merged = alone_and_seconded("thurrock", "ecc", declaration)
    assert (home["outcome"], host["outcome"]) == ("declare", "no_action")
    assert merged["outcome"] == "declare"
    assert merged["route"] == ["director"]
    assert merged["register_keeper"] == "director"
    assert merged["citations"] == home["citations"] + ["ecc:gifts-and-hospitality"]
    assert merged["reasons"] == home["reasons"] + host["reasons"]
    assert merged["codes_applied"] == ["thurrock", "ecc"]


def test_county_council_officer_at_opcc_doing_outside_work_with_employer_resources():
    # CC-W1 (declare) + CC-W2 (spinal point 29+: chief officer's written consent) +
    # CC-W3 (prohibited: employer resources); OP-W1 (declare) + OP-W3 (chief executive).
    declaration = {
        "type": "outside_work",
        "work_kind": "self_employment",
        "uses_employer_resources": True,
    }
    home, host, merged = alone_and_seconded(
        "county-council", "opcc", declaration, spinal_column_point=30
    )
    assert home["outcome"] == "prohibited"
    assert host["outcome"] == "approval_required"
    assert merged["outcome"] == "prohibited"
    assert merged["route"] == ["line_manager", "chief_officer", "chief_executive"]
    assert merged["written"] is True
    assert merged["register_keeper"] is None
    for citation in ["county-council:4.1", "county-council:4.3", "opcc:7.1", "opcc:11.1"]:
        assert citation in merged["citations"]
    assert merged["citations"] == home["citations"] + host["citations"]
    assert merged["codes_applied"] == ["county-council", "opcc"]


def test_opcc_officer_at_essex_probation_offered_hospitality_by_a_service_user():
    # OP-H3 (purely social: prohibited) + EP-G1 (service user: prohibited, contact log).
    declaration = {
        "type": "hospitality",
        "hospitality_kind": "social_or_sporting",
        "donor_category": "service_user",
    }
    home, host, merged = alone_and_seconded("opcc", "essex-probation", declaration)
    assert merged["outcome"] == "prohibited"
    assert merged["route"] == ["line_manager"]
    assert "record_on_contact_log" in merged["flags"]
    assert "essex-probation:7.4" in merged["citations"]
    assert "essex-probation:4.9" in merged["citations"]
    assert "opcc:15.2" in merged["citations"]
    assert merged["citations"] == home["citations"] + host["citations"]


def test_board_member_at_the_county_council_declares_an_interest():
    # EP-B1 (declare to the board secretary, no register named) + CC-I3 (declare in
    # writing to LM and MO, who keeps the Register of Officers' Interests).
    declaration = {"type": "interest", "interest_kind": "financial"}
    home, _host, merged = alone_and_seconded(
        "essex-probation", "county-council", declaration, board_member=True
    )
    assert home["register_keeper"] is None
    assert merged["outcome"] == "declare"
    assert merged["route"] == ["line_manager", "monitoring_officer", "board_secretary"]
    assert merged["register_keeper"] == "monitoring_officer"
    assert merged["written"] is True
    assert merged["citations"][:2] == ["essex-probation:board-2", "essex-probation:board-8"]
    assert "county-council:3.3" in merged["citations"]


def test_gift_given_only_the_probation_code_covers_giving():
    # EP-G5 (approval, the board secretary keeps the register); ECC asks for nothing.
    declaration = {"type": "gift", "direction": "given", "value_gbp": 15}
    _home, host, merged = alone_and_seconded("essex-probation", "ecc", declaration)
    assert host["outcome"] == "no_action"
    assert merged["outcome"] == "approval_required"
    assert merged["route"] == ["line_manager"]
    assert merged["register_keeper"] == "board_secretary"
    assert merged["citations"] == ["essex-probation:7.4"]
    assert merged["reasons"][-1] == nothing("ecc")
    # ... and the other way round the keeper comes from the host alone
    back = verdict("ecc", declaration, seconded_to="essex-probation")
    assert (back["outcome"], back["register_keeper"]) == ("approval_required", "board_secretary")
    assert back["codes_applied"] == ["ecc", "essex-probation"]


def test_earliest_deadline_and_hours_flag_from_either_code():
    # CC-W8 flags hours over 48; Thurrock's TH-W1 needs written consent.
    declaration = {"type": "outside_work", "work_kind": "employment", "hours_per_week": 16}
    home, host, merged = alone_and_seconded("thurrock", "county-council", declaration)
    assert "hours_exceed_48" in merged["flags"]
    assert merged["written"] is True
    assert merged["outcome"] == strictest([Outcome(home["outcome"]), Outcome(host["outcome"])])


# --- every pair -------------------------------------------------------------------------------

SAMPLES = [
    {"type": "gift", "donor_category": "contractor", "value_gbp": 30},
    {"type": "gift", "token_item": True, "value_gbp": 5, "on_behalf_of_employer": True},
    {"type": "gift", "form": "sponsorship", "donor_category": "partner_organisation"},
    {"type": "hospitality", "represents_employer": True, "value_gbp": 60},
    {"type": "hospitality", "hospitality_kind": "social_or_sporting", "donor_category": "other"},
    {"type": "interest", "interest_kind": "financial", "date": "2026-01-01"},
    {"type": "interest", "interest_kind": "secret_society", "could_conflict": False},
    {"type": "outside_work", "work_kind": "voluntary", "paid": False},
    {"type": "outside_work", "work_kind": "employment", "conflicts_with_duties": True},
    {"type": "relationship", "with_whom": "supplier", "nature": "business"},
    {"type": "relationship", "with_whom": "service_user", "nature": "intimate"},
    # added 2026-11: event dates, sponsors, overseas hospitality, disclosures
    {"type": "gift", "value_gbp": 20, "token_item": True, "event_date": "2026-05-20"},
    {"type": "gift", "form": "sponsorship", "sponsor": "employer", "value_gbp": 200},
    {"type": "hospitality", "overseas": True, "value_gbp": 900, "event_date": "2026-07-01"},
    {
        "type": "relationship",
        "with_whom": "contractor",
        "nature": "family",
        "event_date": "2026-05-15",
    },
    {"type": "disclosure", "disclosure_kind": "conviction", "date": "2026-05-01"},
    {"type": "disclosure", "disclosure_kind": "bail_conditions"},
    {"type": "disclosure", "disclosure_kind": "improper_approach"},
    {"type": "disclosure", "disclosure_kind": "court_witness", "required_by_court": True},
]
PAIRS = list(itertools.permutations(EMPLOYERS, 2))


@pytest.mark.parametrize("home, host", PAIRS)
def test_every_pair_merges_as_the_contract_says(home, host):
    for declaration in SAMPLES:
        alone_home, alone_host, merged = alone_and_seconded(home, host, declaration)
        assert merged["outcome"] == strictest(
            [Outcome(alone_home["outcome"]), Outcome(alone_host["outcome"])]
        ), declaration
        assert merged["route"] == [
            role
            for role in ROUTE_ORDER
            if role in alone_home["route"] or role in alone_host["route"]
        ]
        assert merged["register_keeper"] == (
            alone_home["register_keeper"] or alone_host["register_keeper"]
        )
        assert merged["citations"] == list(
            dict.fromkeys(alone_home["citations"] + alone_host["citations"])
        )
        assert set(merged["flags"]) == set(alone_home["flags"]) | set(alone_host["flags"])
        assert merged["written"] == (alone_home["written"] or alone_host["written"])
        deadlines = [d for d in (alone_home["deadline"], alone_host["deadline"]) if d]
        assert merged["deadline"] == min(deadlines, default=None)
        declared_on = declaration.get("declared_on", TODAY.isoformat())
        assert merged["late"] == (
            merged["deadline"] is not None and declared_on > merged["deadline"]
        )
        assert merged["codes_applied"] == [home, host]
        assert merged["rules_fired"] == alone_home["rules_fired"] + alone_host["rules_fired"]


# Each employer's register keeps its own token limit (policy-contract.md, "settings").
STORED = {
    Employer.ESSEX_PROBATION: RegisterSettings(Decimal("5.00")),
    Employer.COUNTY_COUNCIL: RegisterSettings(Decimal("15.00")),
    Employer.OPCC: RegisterSettings(Decimal("30.00")),
    Employer.THURROCK: RegisterSettings(Decimal("40.00")),
    Employer.ECC: RegisterSettings(Decimal("60.00")),
}
TOKEN_GIFTS = [
    {"type": "gift", "token_item": True, "value_gbp": value, "donor_category": donor}
    for value in (1, 10, 20, 35, 50, 100)
    for donor in ("member_of_public", "contractor")
]


def evaluated(employer: str, declaration: dict[str, Any], own: dict | None = None, **officer):
    data = request(employer, declaration, officer)
    if own is not None:
        data["settings"] = own
    return evaluate(parse_request(data, today=TODAY, stored_settings=STORED))


@pytest.mark.parametrize("home, host", PAIRS)
def test_home_and_host_each_apply_their_own_stored_token_limit(home, host):
    for declaration in TOKEN_GIFTS:
        alone_home = evaluated(home, declaration)
        alone_host = evaluated(host, declaration)
        merged = evaluated(home, declaration, seconded_to=host)
        assert merged == merge_codes(
            alone_home,
            alone_host,
            parse_request(request(home, declaration, {"seconded_to": host}), today=TODAY),
        )
        assert merged.token_limits == alone_home.token_limits + alone_host.token_limits
        for code, limit in merged.token_limits:
            assert limit == STORED[code].token_limit_gbp


@pytest.mark.parametrize("home, host", PAIRS)
def test_a_requests_token_limit_applies_under_both_codes(home, host):
    for declaration in TOKEN_GIFTS:
        merged = evaluated(home, declaration, {"token_limit_gbp": "12.34"}, seconded_to=host)
        assert all(limit == Decimal("12.34") for _code, limit in merged.token_limits)
        assert {code for code, _limit in merged.token_limits} <= {Employer(home), Employer(host)}
