"""How rules combine (policy-contract.md, "Combining"), on small made-up modules.

The modules here are built with `rule(...)` inside the tests, so each test shows the
merge semantics alone, independent of any employer's code.
"""

from __future__ import annotations

import datetime
import types
from decimal import Decimal
from typing import Any

import pytest

from policies import evaluate, parse_request
from policies.core import (
    DISCLOSURE,
    GIFT,
    HOSPITALITY,
    INTEREST,
    ON_THE_DATE,
    ON_THE_EVENT_DATE,
    OUTSIDE_WORK,
    REFRESHMENTS_REASON,
    RELATIONSHIP,
    ByLevel,
    Due,
    Verdict,
    canonical_route,
    combine,
    evaluate_code,
    merge_codes,
    money_words,
    rule,
    strictest,
    within_days,
)
from policies.facts import DeclarationFacts, Facts, RegisterSettings
from policies.vocabulary import (
    ROLE_ORDER,
    DeclarationType,
    Employer,
    Flag,
    Level,
    Outcome,
    Role,
)
from tests.policies.helpers import ROUTE_ORDER, request

TODAY = datetime.date(2026, 6, 1)
ALWAYS = lambda f: True  # noqa: E731
NEVER = lambda f: False  # noqa: E731
ALL_TYPES = list(DeclarationType)


def module(*rules, employer: Employer = Employer.THURROCK, name: str = "The test code") -> Any:
    return types.SimpleNamespace(EMPLOYER=employer, NAME=name, VERSION="test", RULES=rules)


def r(id: str, outcome: Outcome | None = Outcome.DECLARE, *, types=ALL_TYPES, when=ALWAYS, **kw):
    kw.setdefault("cite", id.lower())
    kw.setdefault("reason", f"Reason {id}.")
    return rule(id, types, f"condition {id}", when, outcome, **kw)


def facts(declaration: dict[str, Any] | None = None, **officer: Any) -> Facts:
    declaration = declaration or {"type": "interest", "interest_kind": "financial"}
    return parse_request(request("thurrock", declaration, officer), today=TODAY)


def run(*rules, f: Facts | None = None) -> Verdict:
    code = module(*rules)
    f = f or facts()
    verdict = evaluate_code(code, f)
    # evaluate_code is the plain combination of the rules that apply
    reference = combine(code, [one for one in code.RULES if one.applies(f)], f)
    assert verdict == reference
    assert verdict.rules_fired == reference.rules_fired
    return verdict


# --- outcome ------------------------------------------------------------------------


def test_strictest_outcome_wins():
    verdict = run(
        r("A", Outcome.DECLARE),
        r("B", Outcome.PROHIBITED),
        r("C", Outcome.APPROVAL_REQUIRED),
        r("D", Outcome.NO_ACTION),
    )
    assert verdict.outcome is Outcome.PROHIBITED
    assert verdict.rules_fired == ("A", "B", "C", "D")


@pytest.mark.parametrize(
    "outcomes, expected",
    [
        ([Outcome.NO_ACTION, Outcome.DECLARE], Outcome.DECLARE),
        ([Outcome.DECLARE, Outcome.APPROVAL_REQUIRED], Outcome.APPROVAL_REQUIRED),
        ([Outcome.APPROVAL_REQUIRED, Outcome.PROHIBITED], Outcome.PROHIBITED),
        ([Outcome.NO_ACTION], Outcome.NO_ACTION),
        ([], Outcome.NO_ACTION),
    ],
)
def test_strictest(outcomes, expected):
    assert strictest(outcomes) is expected
    assert strictest(reversed(outcomes)) is expected


def test_rules_that_do_not_fire_contribute_nothing():
    verdict = run(
        r("A", Outcome.DECLARE, route=[Role.LINE_MANAGER]),
        r("B", Outcome.PROHIBITED, when=NEVER, route=[Role.HR], flags=[Flag.ANNUAL_REVIEW]),
    )
    assert verdict.outcome is Outcome.DECLARE
    assert verdict.route == (Role.LINE_MANAGER,)
    assert verdict.flags == ()
    assert verdict.citations == ("thurrock:a",)
    assert verdict.rules_fired == ("A",)


def test_rule_without_outcome_adds_flags_citation_and_reason_but_no_outcome():
    verdict = run(
        r("A", Outcome.DECLARE, route=[Role.LINE_MANAGER]),
        r("F", None, flags=[Flag.HOURS_EXCEED_48], cite="4.2"),
    )
    assert verdict.outcome is Outcome.DECLARE
    assert verdict.route == (Role.LINE_MANAGER,)
    assert verdict.flags == (Flag.HOURS_EXCEED_48,)
    assert verdict.citations == ("thurrock:a", "thurrock:4.2")
    assert verdict.reasons == ("Reason A.", "Reason F.")


def test_flag_only_rules_alone_give_no_action_with_their_advice():
    verdict = run(r("F", None, flags=[Flag.TIMING_SENSITIVE]))
    assert verdict.outcome is Outcome.NO_ACTION
    assert verdict.route == ()
    assert verdict.flags == (Flag.TIMING_SENSITIVE,)
    assert verdict.citations == ("thurrock:f",)
    assert verdict.reasons == ("Reason F.",)


def test_no_action_rule_still_gives_its_citation_and_reason():
    verdict = run(r("N", Outcome.NO_ACTION, cite="15.5", reason="If in doubt, decline."))
    assert verdict.as_json() == {
        "outcome": "no_action",
        "route": [],
        "register_keeper": None,
        "deadline": None,
        "late": False,
        "written": False,
        "citations": ["thurrock:15.5"],
        "flags": [],
        "reasons": ["If in doubt, decline."],
        "codes_applied": ["thurrock"],
    }


# --- when nothing fires ------------------------------------------------------------------


def test_when_nothing_fires():
    verdict = run(r("A", when=NEVER), r("B", types=[GIFT]))
    assert verdict.as_json() == {
        "outcome": "no_action",
        "route": [],
        "register_keeper": None,
        "deadline": None,
        "late": False,
        "written": False,
        "citations": [],
        "flags": [],
        "reasons": ["The test code asks for nothing about this declaration."],
        "codes_applied": ["thurrock"],
    }
    assert verdict.rules_fired == ()


def test_a_module_without_rules_asks_for_nothing():
    verdict = run()
    assert verdict.outcome is Outcome.NO_ACTION
    assert verdict.reasons == ("The test code asks for nothing about this declaration.",)


# --- route ---------------------------------------------------------------------------


def test_routes_union_in_canonical_order_without_duplicates():
    verdict = run(
        r("A", route=[Role.MONITORING_OFFICER, Role.LINE_MANAGER]),
        r("B", route=[Role.BOARD_SECRETARY, Role.DIRECTOR, Role.LINE_MANAGER]),
        r("C", route=[Role.HR, Role.HEAD_OF_SERVICE, Role.MONITORING_OFFICER]),
        r("D", route=[Role.LEGAL_ADVISER, Role.CHIEF_EXECUTIVE, Role.CHIEF_OFFICER]),
        r("E", route=[Role.ASSISTANT_DIRECTOR]),
    )
    assert verdict.route == ROLE_ORDER
    assert [role.value for role in verdict.route] == ROUTE_ORDER


def test_route_of_a_prohibited_and_a_declared_rule_merge():
    verdict = run(
        r("A", Outcome.PROHIBITED, route=[Role.LINE_MANAGER]),
        r("B", Outcome.DECLARE, route=[Role.MONITORING_OFFICER]),
    )
    assert verdict.route == (Role.LINE_MANAGER, Role.MONITORING_OFFICER)


def test_canonical_route():
    assert canonical_route([Role.HR, Role.LINE_MANAGER, Role.HR]) == (Role.LINE_MANAGER, Role.HR)
    assert canonical_route([]) == ()


# --- register keeper ----------------------------------------------------------------------


def test_keeper_of_the_strictest_rule_wins():
    verdict = run(
        r("A", Outcome.DECLARE, register_keeper=Role.BOARD_SECRETARY),
        r("B", Outcome.PROHIBITED, register_keeper=Role.LINE_MANAGER),
        r("C", Outcome.APPROVAL_REQUIRED, register_keeper=Role.MONITORING_OFFICER),
    )
    assert verdict.register_keeper is Role.LINE_MANAGER


def test_among_equally_strict_the_keeper_later_in_role_order_wins():
    verdict = run(
        r("A", Outcome.DECLARE, register_keeper=Role.MONITORING_OFFICER),
        r("B", Outcome.DECLARE, register_keeper=Role.LINE_MANAGER),
        r("C", Outcome.DECLARE, register_keeper=Role.DIRECTOR),
    )
    assert verdict.register_keeper is Role.MONITORING_OFFICER
    # ... whatever the order of the rules
    verdict = run(
        r("B", Outcome.DECLARE, register_keeper=Role.LINE_MANAGER),
        r("A", Outcome.DECLARE, register_keeper=Role.MONITORING_OFFICER),
    )
    assert verdict.register_keeper is Role.MONITORING_OFFICER


def test_keeper_comes_from_rules_that_name_one():
    verdict = run(
        r("A", Outcome.PROHIBITED, route=[Role.LINE_MANAGER]),
        r("B", Outcome.DECLARE, register_keeper=Role.LINE_MANAGER),
    )
    assert verdict.outcome is Outcome.PROHIBITED
    assert verdict.register_keeper is Role.LINE_MANAGER


def test_a_flag_only_rule_keeper_counts_as_no_action():
    verdict = run(
        r("F", None, register_keeper=Role.MONITORING_OFFICER),
        r("N", Outcome.NO_ACTION, register_keeper=Role.LINE_MANAGER),
        r("D", Outcome.DECLARE, register_keeper=Role.HR),
    )
    assert verdict.register_keeper is Role.HR
    verdict = run(
        r("F", None, register_keeper=Role.MONITORING_OFFICER),
        r("N", Outcome.NO_ACTION, register_keeper=Role.LINE_MANAGER),
    )
    assert verdict.register_keeper is Role.MONITORING_OFFICER


def test_no_keeper_when_no_rule_names_one():
    assert run(r("A", Outcome.PROHIBITED, route=[Role.LINE_MANAGER])).register_keeper is None


# --- ByLevel ------------------------------------------------------------------------------

KEEPER = ByLevel(Level.ASSISTANT_DIRECTOR, Role.MONITORING_OFFICER, Role.DIRECTOR)


@pytest.mark.parametrize(
    "level, keeper",
    [
        ("staff", Role.DIRECTOR),
        ("manager", Role.DIRECTOR),
        ("head_of_service", Role.DIRECTOR),
        ("assistant_director", Role.MONITORING_OFFICER),
        ("director", Role.MONITORING_OFFICER),
        ("chief_executive", Role.MONITORING_OFFICER),
    ],
)
def test_by_level_resolves_on_the_officer_level(level, keeper):
    code = (r("A", Outcome.DECLARE, route=[KEEPER, Role.LINE_MANAGER], register_keeper=KEEPER),)
    verdict = run(*code, f=facts(level=level))
    assert verdict.register_keeper is keeper
    assert verdict.route == canonical_route([keeper, Role.LINE_MANAGER])
    assert KEEPER.resolve(facts(level=level)) is keeper


def test_by_level_results_are_not_mixed_up_between_levels():
    code = module(r("A", Outcome.DECLARE, route=[KEEPER], register_keeper=KEEPER))
    for level in ["staff", "director", "manager", "chief_executive", "staff"]:
        verdict = evaluate_code(code, facts(level=level))
        expected = KEEPER.resolve(facts(level=level))
        assert verdict.route == (expected,)
        assert verdict.register_keeper is expected


def test_by_level_describes_itself():
    assert KEEPER.describe() == (
        "monitoring officer for officers at or above assistant director, otherwise the director"
    )


# --- deadline and late -------------------------------------------------------------------


def interest_on(date: str, declared_on: str) -> Facts:
    return facts(
        {"type": "interest", "interest_kind": "financial", "date": date, "declared_on": declared_on}
    )


def gift_on(date: str, declared_on: str, event_date: str | None = None) -> Facts:
    declaration = {"type": "gift", "date": date, "declared_on": declared_on}
    if event_date is not None:
        declaration["event_date"] = event_date
    return facts(declaration)


def relationship_on(date: str, declared_on: str, event_date: str | None) -> Facts:
    return facts(
        {
            "type": "relationship",
            "with_whom": "contractor",
            "nature": "business",
            "date": date,
            "declared_on": declared_on,
            "event_date": event_date,
        }
    )


def declaration_dated(
    date: datetime.date, event_date: datetime.date | None, kind=RELATIONSHIP
) -> DeclarationFacts:
    return DeclarationFacts(type=kind, date=date, declared_on=date, event_date=event_date)


MAY_1 = datetime.date(2026, 5, 1)
JUNE_10 = datetime.date(2026, 6, 10)


@pytest.mark.parametrize(
    "due, event_date, expected",
    [
        (within_days(28), None, datetime.date(2026, 5, 29)),
        (within_days(28), JUNE_10, datetime.date(2026, 5, 29)),  # counted from the date
        (Due(days=1), None, datetime.date(2026, 5, 2)),
        (ON_THE_DATE, JUNE_10, MAY_1),  # "before" the work starts: the date itself
        (ON_THE_EVENT_DATE, JUNE_10, JUNE_10),  # "before accepting": the event date
        (Due(days=7, after="event_date"), JUNE_10, datetime.date(2026, 6, 17)),
        (ON_THE_EVENT_DATE, None, None),  # an unknown event date sets no deadline
        (Due(days=7, after="event_date"), None, None),
    ],
)
def test_due_on_counts_from_the_date_or_the_event_date(due, event_date, expected):
    assert due.on(declaration_dated(MAY_1, event_date)) == expected


def test_due_constants():
    assert ON_THE_DATE == Due(days=0, after="date") == within_days(0)
    assert Due(days=0, after="event_date") == ON_THE_EVENT_DATE
    assert within_days(28) == Due(days=28)


@pytest.mark.parametrize(
    "due, words",
    [
        (within_days(28), "Within 28 days of the date"),
        (ON_THE_DATE, "By the date itself: the day the work starts or the event happened"),
        (ON_THE_EVENT_DATE, "By the day it is accepted, given or takes place (its event date)"),
    ],
)
def test_due_describes_itself(due, words):
    assert due.describe() == words


def test_a_relationships_event_is_the_start_of_the_contract():
    """County council 3.7: "prior to any contractual relationship beginning"."""
    assert ON_THE_EVENT_DATE.describe([RELATIONSHIP]) == (
        "By the day the contract or work with them begins (its event date)"
    )


def test_earliest_deadline_wins():
    verdict = run(
        r("A", deadline=within_days(28)),
        r("B", deadline=within_days(14)),
        r("C"),
        f=interest_on("2026-05-01", "2026-05-10"),
    )
    assert verdict.deadline == datetime.date(2026, 5, 15)
    assert verdict.late is False
    assert verdict.as_json()["deadline"] == "2026-05-15"


@pytest.mark.parametrize(
    "event_date, deadline",
    [
        ("2026-05-10", "2026-05-10"),  # the event comes first: its date wins
        ("2026-05-20", "2026-05-15"),  # 14 days from the date comes first
        (None, "2026-05-15"),  # no event date known: only the date's deadline
    ],
)
def test_earliest_deadline_wins_between_the_date_and_the_event_date(event_date, deadline):
    verdict = run(
        r("A", deadline=within_days(14)),
        r("B", deadline=ON_THE_EVENT_DATE),
        f=relationship_on("2026-05-01", "2026-05-12", event_date),
    )
    assert verdict.as_json()["deadline"] == deadline


def test_a_rule_due_on_an_unknown_event_date_sets_no_deadline():
    verdict = run(
        r("A", deadline=ON_THE_EVENT_DATE), f=relationship_on("2026-05-01", "2027-01-01", None)
    )
    assert verdict.deadline is None
    assert verdict.late is False


def test_a_gifts_event_date_is_its_date_unless_given():
    code = (r("A", types=[GIFT], deadline=ON_THE_EVENT_DATE),)
    assert run(*code, f=gift_on("2026-05-01", "2026-05-01")).deadline == MAY_1
    given = run(*code, f=gift_on("2026-05-01", "2026-05-03", event_date="2026-05-02"))
    assert (given.deadline, given.late) == (datetime.date(2026, 5, 2), True)


@pytest.mark.parametrize(
    "declared_on, late",
    [("2026-05-28", False), ("2026-05-29", False), ("2026-05-30", True), ("2027-01-01", True)],
)
def test_late_only_when_declared_after_the_deadline(declared_on, late):
    verdict = run(r("A", deadline=within_days(28)), f=interest_on("2026-05-01", declared_on))
    assert verdict.deadline == datetime.date(2026, 5, 29)
    assert verdict.late is late


@pytest.mark.parametrize(
    "declared_on, late",
    [("2026-06-09", False), ("2026-06-10", False), ("2026-06-11", True)],
)
def test_late_is_declared_the_day_after_the_event_date_not_on_it(declared_on, late):
    verdict = run(
        r("A", deadline=ON_THE_EVENT_DATE),
        f=relationship_on("2026-05-01", declared_on, "2026-06-10"),
    )
    assert verdict.deadline == JUNE_10
    assert verdict.late is late


@pytest.mark.parametrize(
    "declared_on, late", [("2026-05-01", False), ("2026-05-02", True), ("2026-04-01", False)]
)
def test_due_on_the_date_is_late_from_the_day_after(declared_on, late):
    verdict = run(r("A", deadline=ON_THE_DATE), f=interest_on("2026-05-01", declared_on))
    assert (verdict.deadline, verdict.late) == (MAY_1, late)


def test_late_never_changes_the_outcome():
    on_time = run(r("A", deadline=within_days(1)), f=interest_on("2026-05-01", "2026-05-01"))
    late = run(r("A", deadline=within_days(1)), f=interest_on("2026-05-01", "2026-09-01"))
    assert (on_time.late, late.late) == (False, True)
    assert on_time.outcome is late.outcome is Outcome.DECLARE


def test_deadline_follows_the_declaration_dates():
    code = module(r("A", deadline=within_days(28)))
    first = evaluate_code(code, interest_on("2026-01-01", "2026-03-01"))
    second = evaluate_code(code, interest_on("2026-05-01", "2026-05-02"))
    assert (first.deadline, first.late) == (datetime.date(2026, 1, 29), True)
    assert (second.deadline, second.late) == (datetime.date(2026, 5, 29), False)


def test_no_deadline_means_never_late():
    verdict = run(r("A"), f=interest_on("2020-01-01", "2026-01-01"))
    assert verdict.deadline is None
    assert verdict.late is False


def test_a_deadline_of_a_rule_that_does_not_fire_does_not_count():
    verdict = run(
        r("A", deadline=within_days(28)),
        r("B", when=NEVER, deadline=ON_THE_DATE),
        f=interest_on("2026-05-01", "2026-05-10"),
    )
    assert (verdict.deadline, verdict.late) == (datetime.date(2026, 5, 29), False)


# --- the token limit setting ----------------------------------------------------------------


def gift_request(employer: str = "thurrock", **top: Any) -> dict[str, Any]:
    return {"employer": employer, "declaration": {"type": "gift", "value_gbp": 10}, **top}


TOKEN_REASON = "A gift worth less than {token_limit} is a token under this code."


def test_a_token_limit_rule_says_the_figure_it_used():
    verdict = run(r("T", reason=TOKEN_REASON, uses_token_limit=True), f=facts({"type": "gift"}))
    assert verdict.reasons == ("A gift worth less than £25.00 is a token under this code.",)
    assert verdict.token_limits == ((Employer.THURROCK, Decimal("25.00")),)


def test_the_figure_is_the_stored_limit_or_the_requests_own():
    code = module(r("T", reason=TOKEN_REASON, uses_token_limit=True))
    stored = {Employer.THURROCK: RegisterSettings(Decimal("1234.5"))}
    verdict = evaluate_code(code, parse_request(gift_request(), stored_settings=stored))
    assert verdict.reasons == ("A gift worth less than £1,234.50 is a token under this code.",)
    assert verdict.token_limits == ((Employer.THURROCK, Decimal("1234.5")),)
    own = gift_request(settings={"token_limit_gbp": "7.5"})
    verdict = evaluate_code(code, parse_request(own, stored_settings=stored))
    assert verdict.reasons == ("A gift worth less than £7.50 is a token under this code.",)
    assert verdict.token_limits == ((Employer.THURROCK, Decimal("7.50")),)


@pytest.mark.parametrize(
    "amount, words",
    [
        ("25", "£25.00"),
        ("0.5", "£0.50"),
        ("1000", "£1,000.00"),
        ("9999999999.99", "£9,999,999,999.99"),
    ],
)
def test_money_words(amount, words):
    assert money_words(Decimal(amount)) == words


def test_reasons_of_rules_without_the_flag_are_used_verbatim():
    braces = "Say {token_limit} and {0} as written."
    verdict = run(r("A", reason=braces), r("T", reason=TOKEN_REASON, uses_token_limit=True))
    assert verdict.reasons == (braces, "A gift worth less than £25.00 is a token under this code.")


def test_no_token_limit_is_recorded_unless_a_rule_using_it_fires():
    verdict = run(
        r("A"),
        r("T", when=NEVER, reason=TOKEN_REASON, uses_token_limit=True),
    )
    assert verdict.token_limits == ()
    assert verdict.reasons == ("Reason A.",)


def test_token_limits_do_not_count_in_verdict_equality():
    # Two verdicts that say the same thing are equal whatever figure they were given under.
    code = module(r("T", reason="A token.", uses_token_limit=True))
    low = evaluate_code(code, parse_request(gift_request(settings={"token_limit_gbp": 5})))
    high = evaluate_code(code, parse_request(gift_request(settings={"token_limit_gbp": 50})))
    assert low == high
    assert low.token_limits != high.token_limits


# --- written, citations, flags, reasons --------------------------------------------------


def test_written_if_any_rule_says_so():
    assert run(r("A"), r("B", written=True), r("C")).written is True
    assert run(r("A"), r("C")).written is False
    assert run(r("A", None, written=True)).written is True


def test_citations_are_prefixed_unique_and_in_rule_order():
    verdict = run(
        r("A", cite=["10.2", "note-1"]),
        r("B", cite="note-1"),
        r("C", cite=["11.1", "10.2"]),
    )
    assert verdict.citations == ("thurrock:10.2", "thurrock:note-1", "thurrock:11.1")


def test_citations_carry_the_module_employer():
    code = module(r("A", cite="gifts-and-hospitality"), employer=Employer.ECC)
    verdict = evaluate_code(code, facts())
    assert verdict.citations == ("ecc:gifts-and-hospitality",)
    assert verdict.codes_applied == (Employer.ECC,)


def test_flags_union_in_contract_order():
    verdict = run(
        r("A", flags=[Flag.ANNUAL_REVIEW, Flag.TIMING_SENSITIVE]),
        r("B", None, flags=[Flag.WITHDRAW_FROM_DECISION, Flag.TIMING_SENSITIVE]),
        r("C", flags=[Flag.RECORD_ON_CONTACT_LOG, Flag.HOURS_EXCEED_48]),
    )
    assert [flag.value for flag in verdict.flags] == [
        "timing_sensitive",
        "hours_exceed_48",
        "withdraw_from_decision",
        "record_on_contact_log",
        "annual_review",
    ]


def test_reasons_one_per_rule_no_repeats():
    verdict = run(r("A", reason="Same."), r("B", reason="Same."), r("C", reason="Other."))
    assert verdict.reasons == ("Same.", "Other.")


# --- which rules apply ---------------------------------------------------------------------

GIFT_RECEIVED = {"type": "gift"}
GIFT_GIVEN = {"type": "gift", "direction": "given"}


def test_rules_apply_to_their_declaration_types_only():
    code = (
        r("G", types=[GIFT]),
        r("H", types=[HOSPITALITY]),
        r("I", types=[INTEREST]),
        r("W", types=[OUTSIDE_WORK]),
        r("R", types=[RELATIONSHIP]),
        r("D", types=[DISCLOSURE]),
        r("GH", types=[GIFT, HOSPITALITY]),
    )
    fired = {
        kind: run(*code, f=facts(declaration)).rules_fired
        for kind, declaration in {
            "gift": GIFT_RECEIVED,
            "hospitality": {"type": "hospitality"},
            "interest": {"type": "interest", "interest_kind": "financial"},
            "outside_work": {"type": "outside_work", "work_kind": "voluntary"},
            "relationship": {"type": "relationship", "with_whom": "colleague", "nature": "social"},
            "disclosure": {"type": "disclosure", "disclosure_kind": "caution"},
        }.items()
    }
    assert fired == {
        "gift": ("G", "GH"),
        "hospitality": ("H", "GH"),
        "interest": ("I",),
        "outside_work": ("W",),
        "relationship": ("R",),
        "disclosure": ("D",),
    }


def test_gift_rules_cover_gifts_received_unless_they_cover_giving():
    code = (
        r("RECEIVED", types=[GIFT]),
        r("GIVEN", types=[GIFT], covers_gifts_given=True),
        r("BOTH-H", types=[GIFT, HOSPITALITY], covers_gifts_given=True),
    )
    assert run(*code, f=facts(GIFT_RECEIVED)).rules_fired == ("RECEIVED",)
    assert run(*code, f=facts(GIFT_GIVEN)).rules_fired == ("GIVEN", "BOTH-H")
    # hospitality has no direction: a rule covering giving still applies to it
    assert run(*code, f=facts({"type": "hospitality"})).rules_fired == ("BOTH-H",)


def test_a_gift_given_under_a_code_without_giving_rules_asks_for_nothing():
    verdict = run(r("RECEIVED", Outcome.PROHIBITED, types=[GIFT]), f=facts(GIFT_GIVEN))
    assert verdict.outcome is Outcome.NO_ACTION
    assert verdict.reasons == ("The test code asks for nothing about this declaration.",)


def test_rule_predicates_see_the_facts():
    code = (
        r("BIG", Outcome.PROHIBITED, types=[GIFT], when=lambda f: f.declaration.value_gbp >= 25),
        r("ANY", Outcome.DECLARE, types=[GIFT]),
    )
    assert run(*code, f=facts({"type": "gift", "value_gbp": "24.99"})).outcome is Outcome.DECLARE
    assert run(*code, f=facts({"type": "gift", "value_gbp": 25})).outcome is Outcome.PROHIBITED


def test_refreshments_get_no_action_whatever_the_hospitality_rules_say():
    code = (
        r("H", Outcome.PROHIBITED, types=[HOSPITALITY], route=[Role.LINE_MANAGER]),
        r("F", None, types=[HOSPITALITY], flags=[Flag.TIMING_SENSITIVE]),
    )
    verdict = evaluate_code(
        module(*code),
        facts({"type": "hospitality", "hospitality_kind": "refreshments", "value_gbp": 500}),
    )
    assert verdict.outcome is Outcome.NO_ACTION
    assert verdict.route == ()
    assert verdict.flags == ()
    assert verdict.citations == ()
    assert verdict.reasons == (REFRESHMENTS_REASON,)
    assert verdict.rules_fired == ()
    # any other kind of hospitality is caught
    assert run(*code, f=facts({"type": "hospitality"})).outcome is Outcome.PROHIBITED


def test_swapping_a_module_rules_is_seen():
    code = module(r("A", Outcome.DECLARE))
    assert evaluate_code(code, facts()).outcome is Outcome.DECLARE
    code.RULES = (r("B", Outcome.PROHIBITED),)
    assert evaluate_code(code, facts()).rules_fired == ("B",)
    code.NAME = "Another code"
    code.RULES = ()
    assert evaluate_code(code, facts()).reasons == (
        "Another code asks for nothing about this declaration.",
    )


# --- verdict -------------------------------------------------------------------------------


def test_verdict_as_json_matches_the_contract_example():
    verdict = Verdict(
        outcome=Outcome.APPROVAL_REQUIRED,
        route=(Role.LINE_MANAGER, Role.CHIEF_OFFICER),
        register_keeper=Role.MONITORING_OFFICER,
        deadline=datetime.date(2026, 12, 20),
        late=False,
        written=True,
        citations=("county-council:4.3",),
        flags=(Flag.HOURS_EXCEED_48,),
        reasons=("Officers on spinal column point 29 or above need consent.",),
        codes_applied=(Employer.COUNTY_COUNCIL,),
        rules_fired=("CC-W2",),
    )
    assert verdict.as_json() == {
        "outcome": "approval_required",
        "route": ["line_manager", "chief_officer"],
        "register_keeper": "monitoring_officer",
        "deadline": "2026-12-20",
        "late": False,
        "written": True,
        "citations": ["county-council:4.3"],
        "flags": ["hours_exceed_48"],
        "reasons": ["Officers on spinal column point 29 or above need consent."],
        "codes_applied": ["county-council"],
    }


def test_the_json_is_plain_strings_not_enums():
    payload = run(r("A", route=[Role.HR], register_keeper=Role.HR, flags=[Flag.ANNUAL_REVIEW]))
    payload_json = payload.as_json()
    for value in [payload_json["outcome"], payload_json["register_keeper"], *payload_json["route"]]:
        assert type(value) is str


# --- across two codes ------------------------------------------------------------------------


def verdict_of(outcome: Outcome, employer: Employer = Employer.ECC, **fields: Any) -> Verdict:
    return Verdict(outcome=outcome, codes_applied=(employer,), **fields)


def test_merge_codes():
    f = interest_on("2026-05-01", "2026-05-20")
    home = verdict_of(
        Outcome.DECLARE,
        Employer.ECC,
        route=(Role.MONITORING_OFFICER,),
        register_keeper=Role.LINE_MANAGER,
        deadline=datetime.date(2026, 5, 29),
        citations=("ecc:personal-conduct",),
        flags=(Flag.ANNUAL_REVIEW,),
        reasons=("Home.",),
        rules_fired=("EC-I1",),
    )
    host = verdict_of(
        Outcome.PROHIBITED,
        Employer.OPCC,
        route=(Role.LINE_MANAGER, Role.MONITORING_OFFICER),
        register_keeper=Role.MONITORING_OFFICER,
        deadline=datetime.date(2026, 5, 15),
        written=True,
        citations=("opcc:8.2",),
        flags=(Flag.TIMING_SENSITIVE,),
        reasons=("Host.",),
        rules_fired=("OP-I1",),
    )
    merged = merge_codes(home, host, f)
    assert merged.as_json() == {
        "outcome": "prohibited",
        "route": ["line_manager", "monitoring_officer"],
        "register_keeper": "line_manager",
        "deadline": "2026-05-15",
        "late": True,
        "written": True,
        "citations": ["ecc:personal-conduct", "opcc:8.2"],
        "flags": ["timing_sensitive", "annual_review"],
        "reasons": ["Home.", "Host."],
        "codes_applied": ["ecc", "opcc"],
    }
    assert merged.rules_fired == ("EC-I1", "OP-I1")


def test_merge_keeper_from_home_unless_only_the_host_names_one():
    f = facts()
    home_keeps = verdict_of(Outcome.NO_ACTION, register_keeper=Role.LINE_MANAGER)
    host_keeps = verdict_of(
        Outcome.PROHIBITED, Employer.OPCC, register_keeper=Role.MONITORING_OFFICER
    )
    no_keeper = verdict_of(Outcome.DECLARE, Employer.OPCC)
    # home's keeper even though the host's rule is stricter and later in the role order
    assert merge_codes(home_keeps, host_keeps, f).register_keeper is Role.LINE_MANAGER
    assert merge_codes(verdict_of(Outcome.DECLARE), host_keeps, f).register_keeper is (
        Role.MONITORING_OFFICER
    )
    assert merge_codes(home_keeps, no_keeper, f).register_keeper is Role.LINE_MANAGER
    assert merge_codes(verdict_of(Outcome.DECLARE), no_keeper, f).register_keeper is None


@pytest.mark.parametrize("home", list(Outcome))
@pytest.mark.parametrize("host", list(Outcome))
def test_merge_outcome_is_the_stricter(home, host):
    merged = merge_codes(verdict_of(home), verdict_of(host, Employer.OPCC), facts())
    assert merged.outcome is strictest([home, host])


def test_evaluate_a_seconded_officer_under_both_codes(monkeypatch):
    home = module(
        r("H1", Outcome.DECLARE, route=[Role.LINE_MANAGER], register_keeper=Role.LINE_MANAGER),
        employer=Employer.ECC,
    )
    host = module(
        r("T1", Outcome.APPROVAL_REQUIRED, route=[Role.DIRECTOR], register_keeper=Role.DIRECTOR),
        employer=Employer.THURROCK,
    )
    monkeypatch.setitem(_modules(), Employer.ECC, home)
    monkeypatch.setitem(_modules(), Employer.THURROCK, host)
    f = parse_request(
        {
            "employer": "ecc",
            "officer": {"seconded_to": "thurrock"},
            "declaration": {"type": "interest", "interest_kind": "financial"},
        },
        today=TODAY,
    )
    verdict = evaluate(f)
    assert verdict.outcome is Outcome.APPROVAL_REQUIRED
    assert verdict.route == (Role.LINE_MANAGER, Role.DIRECTOR)
    assert verdict.register_keeper is Role.LINE_MANAGER
    assert verdict.citations == ("ecc:h1", "thurrock:t1")
    assert verdict.codes_applied == (Employer.ECC, Employer.THURROCK)
    assert verdict.rules_fired == ("H1", "T1")


def _modules():
    from policies.registry import MODULES

    return MODULES


def _seconded_codes(monkeypatch, home_rules, host_rules) -> None:
    monkeypatch.setitem(_modules(), Employer.ECC, module(*home_rules, employer=Employer.ECC))
    monkeypatch.setitem(
        _modules(), Employer.THURROCK, module(*host_rules, employer=Employer.THURROCK)
    )


SECONDED_RELATIONSHIP = {
    "employer": "ecc",
    "officer": {"seconded_to": "thurrock"},
    "declaration": {
        "type": "relationship",
        "with_whom": "contractor",
        "nature": "business",
        "date": "2026-05-01",
    },
}


@pytest.mark.parametrize(
    "event_date, declared_on, deadline, late",
    [
        ("2026-05-10", "2026-05-10", "2026-05-10", False),  # the host's event date first
        ("2026-05-10", "2026-05-11", "2026-05-10", True),
        ("2026-06-10", "2026-05-29", "2026-05-29", False),  # the home's 28 days first
        ("2026-06-10", "2026-05-30", "2026-05-29", True),
        (None, "2026-05-20", "2026-05-29", False),  # no event date: the home's alone
    ],
)
def test_earliest_deadline_wins_across_a_seconded_officers_two_codes(
    monkeypatch, event_date, declared_on, deadline, late
):
    _seconded_codes(
        monkeypatch, [r("H", deadline=within_days(28))], [r("T", deadline=ON_THE_EVENT_DATE)]
    )
    data = {
        **SECONDED_RELATIONSHIP,
        "declaration": {
            **SECONDED_RELATIONSHIP["declaration"],
            "event_date": event_date,
            "declared_on": declared_on,
        },
    }
    verdict = evaluate(parse_request(data, today=TODAY))
    assert (verdict.as_json()["deadline"], verdict.late) == (deadline, late)


def test_merge_codes_takes_either_deadline_when_only_one_sets_one():
    f = interest_on("2026-05-01", "2026-05-20")
    dated = verdict_of(Outcome.DECLARE, deadline=datetime.date(2026, 5, 15))
    undated = verdict_of(Outcome.DECLARE, Employer.OPCC)
    for merged in (merge_codes(dated, undated, f), merge_codes(undated, dated, f)):
        assert (merged.deadline, merged.late) == (datetime.date(2026, 5, 15), True)
    neither = merge_codes(undated, verdict_of(Outcome.DECLARE), f)
    assert (neither.deadline, neither.late) == (None, False)


TOKEN_HOME = "Under the home code a token is worth less than {token_limit}."
TOKEN_HOST = "Under the host code a token is worth less than {token_limit}."


def test_home_and_host_each_use_their_own_stored_token_limit(monkeypatch):
    _seconded_codes(
        monkeypatch,
        [r("H", types=[GIFT], reason=TOKEN_HOME, uses_token_limit=True)],
        [r("T", types=[GIFT], reason=TOKEN_HOST, uses_token_limit=True)],
    )
    stored = {
        Employer.ECC: RegisterSettings(Decimal("10.00")),
        Employer.THURROCK: RegisterSettings(Decimal("40.00")),
    }
    data = {
        "employer": "ecc",
        "officer": {"seconded_to": "thurrock"},
        "declaration": {"type": "gift"},
    }
    verdict = evaluate(parse_request(data, today=TODAY, stored_settings=stored))
    assert verdict.token_limits == (
        (Employer.ECC, Decimal("10.00")),
        (Employer.THURROCK, Decimal("40.00")),
    )
    assert verdict.reasons == (
        "Under the home code a token is worth less than £10.00.",
        "Under the host code a token is worth less than £40.00.",
    )
    # an employer with no stored settings uses the default
    verdict = evaluate(
        parse_request(data, today=TODAY, stored_settings={Employer.ECC: stored[Employer.ECC]})
    )
    assert verdict.token_limits == (
        (Employer.ECC, Decimal("10.00")),
        (Employer.THURROCK, Decimal("25.00")),
    )


def test_a_requests_settings_override_both_codes_stored_limits(monkeypatch):
    _seconded_codes(
        monkeypatch,
        [r("H", types=[GIFT], reason=TOKEN_HOME, uses_token_limit=True)],
        [r("T", types=[GIFT], reason=TOKEN_HOST, uses_token_limit=True)],
    )
    stored = {e: RegisterSettings(Decimal("40.00")) for e in Employer}
    data = {
        "employer": "ecc",
        "officer": {"seconded_to": "thurrock"},
        "declaration": {"type": "gift"},
        "settings": {"token_limit_gbp": "12.34"},
    }
    verdict = evaluate(parse_request(data, today=TODAY, stored_settings=stored))
    assert verdict.token_limits == (
        (Employer.ECC, Decimal("12.34")),
        (Employer.THURROCK, Decimal("12.34")),
    )
    assert verdict.reasons == (
        "Under the home code a token is worth less than £12.34.",
        "Under the host code a token is worth less than £12.34.",
    )


def test_only_the_code_whose_token_rule_fired_records_its_limit(monkeypatch):
    _seconded_codes(
        monkeypatch,
        [r("H", types=[GIFT], reason="Home.")],
        [r("T", types=[GIFT], reason=TOKEN_HOST, uses_token_limit=True)],
    )
    data = {
        "employer": "ecc",
        "officer": {"seconded_to": "thurrock"},
        "declaration": {"type": "gift"},
    }
    verdict = evaluate(parse_request(data, today=TODAY))
    assert verdict.token_limits == ((Employer.THURROCK, Decimal("25.00")),)


# --- evaluate_code reuses what it combined before -----------------------------------------


def test_the_same_rules_firing_again_take_their_own_dates_limits_and_level():
    code = module(
        r("T", types=[GIFT], reason=TOKEN_REASON, uses_token_limit=True),
        r("E", types=[GIFT], deadline=ON_THE_EVENT_DATE, register_keeper=KEEPER),
    )
    for event_date, declared_on, limit, level in [
        ("2026-05-01", "2026-05-01", "25", "staff"),
        ("2026-05-03", "2026-05-04", "25", "staff"),
        ("2026-05-03", "2026-05-02", "10", "director"),
        ("2026-05-01", "2026-05-01", "25", "director"),
    ]:
        f = parse_request(
            {
                "employer": "thurrock",
                "officer": {"level": level},
                "declaration": {
                    "type": "gift",
                    "event_date": event_date,
                    "declared_on": declared_on,
                },
                "settings": {"token_limit_gbp": limit},
            },
            today=TODAY,
        )
        verdict = evaluate_code(code, f)
        reference = combine(code, list(code.RULES), f)
        assert verdict == reference
        assert verdict.token_limits == reference.token_limits
        assert verdict.as_json()["deadline"] == event_date
        assert verdict.late is (declared_on > event_date)
        assert verdict.register_keeper is KEEPER.resolve(f)


def test_a_module_whose_rules_are_a_list_is_evaluated_too():
    code = module()
    code.RULES = [r("A", Outcome.DECLARE), r("B", Outcome.PROHIBITED, when=NEVER)]
    assert evaluate_code(code, facts()).rules_fired == ("A",)
    code.RULES.append(r("C", Outcome.PROHIBITED))
    assert evaluate_code(code, facts()).rules_fired == ("A", "C")
