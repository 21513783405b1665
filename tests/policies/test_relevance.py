"""Which questions can change the verdict (policies/relevance.py): read from the rules, and
sound: a question it skips never changes what the code says, whatever its answer."""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
import types
from decimal import Decimal
from typing import Any

import pytest

import policies
from policies import relevance
from policies.core import (
    DISCLOSURE,
    GIFT,
    ON_THE_DATE,
    ON_THE_EVENT_DATE,
    RELATIONSHIP,
    rule,
    within_days,
)
from policies.facts import (
    ENUM_FIELDS,
    FIELDS_BY_TYPE,
    REQUIRED_BY_TYPE,
    DeclarationFacts,
    Facts,
    OfficerFacts,
    RegisterSettings,
)
from policies.registry import MODULES
from policies.vocabulary import (
    DeclarationType,
    DisclosureKind,
    Employer,
    GiftForm,
    Level,
    Outcome,
    Role,
    WithWhom,
)

TODAY = datetime.date(2026, 6, 1)
OFFICERS = [
    OfficerFacts(),
    OfficerFacts(level=Level.DIRECTOR, procurement_or_regulatory_role=True),
    OfficerFacts(politically_restricted=True, spinal_column_point=40),
    OfficerFacts(seconded_to=Employer.THURROCK),
    OfficerFacts(seconded_to=Employer.COUNTY_COUNCIL),
]
AMOUNTS = [
    Decimal("0"),
    Decimal("10"),
    Decimal("24.99"),
    Decimal("25"),
    Decimal("39.99"),
    Decimal("40"),
    Decimal("60"),
    Decimal("500"),
]
EVENT_DATES = [None, TODAY - datetime.timedelta(days=10), TODAY, TODAY + datetime.timedelta(7)]
# The settings a verdict may be given under: (a request's own, each employer's stored).
SETTINGS: list[tuple[RegisterSettings | None, dict[Employer, RegisterSettings]]] = [
    (None, {}),
    (RegisterSettings(Decimal("10.00")), {}),
    (None, {e: RegisterSettings(Decimal("40.00")) for e in Employer}),
    (None, {Employer.ESSEX_PROBATION: RegisterSettings(Decimal("5.00"))}),
]


def random_answers(kind: DeclarationType, rng: random.Random) -> dict[str, object]:
    """Some of the type's facts answered at random (the contract's values)."""
    answers: dict[str, object] = {}
    for name in FIELDS_BY_TYPE[kind]:
        if rng.random() < 0.3:
            continue
        answers[name] = rng.choice(values_of(name))
    return answers


def values_of(name: str) -> list[Any]:
    """Every value a question can take, or a sample of them for amounts and dates."""
    if name in ENUM_FIELDS:
        return list(ENUM_FIELDS[name])
    if name in relevance.AMOUNTS:
        return AMOUNTS
    if name == "event_date":
        return EVENT_DATES
    return [False, True]


def verdict(
    employer: Employer,
    officer: OfficerFacts,
    kind: DeclarationType,
    answers: dict[str, object],
    own: RegisterSettings | None = None,
    stored: dict[Employer, RegisterSettings] | None = None,
) -> policies.Verdict:
    """The verdict of these answers (a fact the contract requires takes its first value)."""
    values = dict(answers)
    for name in REQUIRED_BY_TYPE.get(kind, ()):
        if values.get(name) is None:
            values[name] = next(iter(ENUM_FIELDS[name]))
    declaration = DeclarationFacts(type=kind, date=TODAY, declared_on=TODAY, **values)
    return policies.evaluate(
        Facts(
            employer=employer,
            officer=officer,
            declaration=declaration,
            settings=own,
            stored_settings=stored or {},
        )
    )


def contract(answers: dict[str, object]) -> dict[str, object]:
    """Answers as the form hands them over: choices as their values."""
    return {name: str(v) if name in ENUM_FIELDS else v for name, v in answers.items()}


def assert_skips_are_sound(employer, officer, kind, own, stored, rng, rounds) -> None:
    trees = relevance.trees_for(employer, officer, kind, own, stored_settings=stored)
    for _ in range(rounds):
        answers = random_answers(kind, rng)
        skipped = relevance.questions_to_skip(trees, contract(answers), kind)
        base = verdict(employer, officer, kind, answers, own, stored)
        for name in skipped:
            for value in values_of(name):
                changed = verdict(employer, officer, kind, {**answers, name: value}, own, stored)
                # the whole verdict: its deadline and lateness too
                assert changed == base, (employer, kind, officer, answers, name, value)
                assert changed.token_limits == base.token_limits


@pytest.mark.parametrize("employer", list(Employer))
@pytest.mark.parametrize("kind", list(DeclarationType))
def test_a_skipped_question_never_changes_the_verdict(employer, kind):
    rng = random.Random(f"{employer}-{kind}")
    for officer in OFFICERS:
        if officer.seconded_to == employer:
            continue
        assert_skips_are_sound(employer, officer, kind, None, {}, rng, rounds=40)


@pytest.mark.parametrize("employer", list(Employer))
@pytest.mark.parametrize("kind", [DeclarationType.GIFT, DeclarationType.HOSPITALITY])
@pytest.mark.parametrize("own, stored", SETTINGS[1:], ids=["request", "stored", "one-stored"])
def test_a_skipped_question_never_changes_the_verdict_under_other_settings(
    employer, kind, own, stored
):
    rng = random.Random(f"{employer}-{kind}-{own}-{len(stored)}")
    for officer in (OfficerFacts(), *(OfficerFacts(seconded_to=e) for e in Employer)):
        if officer.seconded_to == employer:
            continue
        assert_skips_are_sound(employer, officer, kind, own, stored, rng, rounds=25)


def test_would_refusal_offend_matters_to_the_county_council_only_for_a_gift_not_a_token():
    trees = relevance.trees_for(Employer.COUNTY_COUNCIL, OfficerFacts(), DeclarationType.GIFT)

    def skipped(**answers: object) -> frozenset[str]:
        return relevance.questions_to_skip(trees, answers, DeclarationType.GIFT)

    assert "refusal_would_offend" not in skipped()  # nothing answered: it may matter
    assert "refusal_would_offend" in skipped(form="item", value_gbp=Decimal("10"))
    assert "refusal_would_offend" not in skipped(form="item", value_gbp=Decimal("25"))
    assert "refusal_would_offend" in skipped(form="cash")  # money is refused anyway


def test_what_the_code_never_reads_is_never_asked():
    trees = relevance.trees_for(Employer.THURROCK, OfficerFacts(), DeclarationType.GIFT)

    skipped = relevance.questions_to_skip(trees, {}, DeclarationType.GIFT)

    assert {"refusal_would_offend", "donor_category", "on_behalf_of_employer"} <= skipped
    assert "token_item" not in skipped


def test_the_officer_decides_too_political_activity_only_for_a_restricted_post():
    def skipped(officer: OfficerFacts) -> frozenset[str]:
        trees = relevance.trees_for(Employer.THURROCK, officer, DeclarationType.OUTSIDE_WORK)
        return relevance.questions_to_skip(trees, {}, DeclarationType.OUTSIDE_WORK)

    assert "political_activity" in skipped(OfficerFacts())
    assert "political_activity" not in skipped(OfficerFacts(politically_restricted=True))


def test_moderate_refreshments_need_nothing_else():
    trees = relevance.trees_for(Employer.OPCC, OfficerFacts(), DeclarationType.HOSPITALITY)

    skipped = relevance.questions_to_skip(
        trees, {"hospitality_kind": "refreshments"}, DeclarationType.HOSPITALITY
    )

    assert set(relevance.askable(DeclarationType.HOSPITALITY)) - {"hospitality_kind"} <= skipped


def test_what_the_register_keeps_is_always_asked():
    assert "status" not in relevance.askable("gift")
    assert "value_gbp" not in relevance.askable("hospitality")
    assert "held_by" not in relevance.askable("interest")
    assert "interest_kind" not in relevance.askable("interest")  # the contract needs it
    assert "disclosure_kind" not in relevance.askable("disclosure")  # the contract needs it


def test_the_event_date_of_a_gift_or_hospitality_is_always_asked():
    assert "event_date" not in relevance.askable("gift")
    assert "event_date" not in relevance.askable("hospitality")
    assert "event_date" in relevance.askable("relationship")


def test_a_rule_that_cannot_be_followed_counts_as_reading_everything():
    module = policies.module_for(Employer.THURROCK)
    odd = dataclasses.replace(
        module.RULES[0],
        id="ODD",
        when=lambda f: f.declaration.value_gbp.quantize(Decimal("1")) > 0,  # not modelled
    )
    facts = Facts(
        employer=Employer.THURROCK,
        declaration=DeclarationFacts(type=DeclarationType.GIFT, date=TODAY, declared_on=TODAY),
    )

    with pytest.raises(AttributeError):
        relevance.explore(module, odd, facts)
    assert relevance.facts_that_matter(
        [{"rule": "ODD", "reads_everything": True}], {}, "gift"
    ) == frozenset(FIELDS_BY_TYPE[DeclarationType.GIFT])


def test_the_trees_are_plain_data_for_the_browser():
    for employer in Employer:
        for kind in DeclarationType:
            trees = relevance.trees_for(employer, OfficerFacts(), kind)
            assert json.loads(json.dumps(trees)) == list(trees)


# --- made-up codes: the explorer on one rule at a time ------------------------------------

ALWAYS = lambda f: True  # noqa: E731


def made_up(employer: Employer, *rules: Any) -> Any:
    return types.SimpleNamespace(EMPLOYER=employer, NAME="A made-up code", VERSION="t", RULES=rules)


def r(id: str, kinds: list[DeclarationType], when: Any = ALWAYS, **kw: Any) -> Any:
    kw.setdefault("route", [Role.LINE_MANAGER])
    return rule(id, kinds, "test", when, Outcome.DECLARE, cite="1.1", reason=f"{id}.", **kw)


def token(f: Facts, employer: Employer) -> bool:
    d = f.declaration
    return d.token_item and d.form is GiftForm.ITEM and d.value_gbp < f.token_limit(employer)


HOME_TOKEN = r("HOME", [GIFT], lambda f: token(f, Employer.ECC), uses_token_limit=True)
HOST_TOKEN = r("HOST", [GIFT], lambda f: token(f, Employer.THURROCK), uses_token_limit=True)


@pytest.fixture
def made_up_codes(monkeypatch):
    """ECC's and Thurrock's codes replaced by one token rule each, the cache emptied."""
    monkeypatch.setitem(MODULES, Employer.ECC, made_up(Employer.ECC, HOME_TOKEN))
    monkeypatch.setitem(MODULES, Employer.THURROCK, made_up(Employer.THURROCK, HOST_TOKEN))
    relevance.code_trees.cache_clear()
    yield
    relevance.code_trees.cache_clear()


def limits_compared(trees: Any) -> dict[str, set[str]]:
    """Per rule, the figures value_gbp is compared with."""
    found: dict[str, set[str]] = {}

    def walk(node: Any, into: set[str]) -> None:
        if node is None:
            return
        if node["fact"] == "value_gbp":
            into.add(node["than"])
        for branch in node["branches"]:
            walk(branch, into)

    for entry in trees:
        walk(entry["tree"], found.setdefault(entry["rule"], set()))
    return found


SECONDED = OfficerFacts(seconded_to=Employer.THURROCK)


def test_the_tree_compares_value_with_the_default_token_limit(made_up_codes):
    trees = relevance.trees_for(Employer.ECC, SECONDED, DeclarationType.GIFT)

    assert limits_compared(trees) == {"HOME": {"25.00"}, "HOST": {"25.00"}}


def test_each_code_is_explored_under_its_own_stored_token_limit(made_up_codes):
    stored = {
        Employer.ECC: RegisterSettings(Decimal("10.00")),
        Employer.THURROCK: RegisterSettings(Decimal("40.00")),
    }

    trees = relevance.trees_for(
        Employer.ECC, SECONDED, DeclarationType.GIFT, stored_settings=stored
    )

    assert limits_compared(trees) == {"HOME": {"10.00"}, "HOST": {"40.00"}}


@pytest.mark.parametrize("own", [RegisterSettings(Decimal("5.00")), Decimal("5.00")])
def test_a_requests_settings_override_every_stored_limit(made_up_codes, own):
    stored = {e: RegisterSettings(Decimal("40.00")) for e in Employer}

    trees = relevance.trees_for(
        Employer.ECC, SECONDED, DeclarationType.GIFT, own, stored_settings=stored
    )

    assert limits_compared(trees) == {"HOME": {"5.00"}, "HOST": {"5.00"}}


def test_the_token_limit_decides_what_is_asked(made_up_codes, monkeypatch):
    offend = r(
        "OFFEND",
        [GIFT],
        lambda f: not token(f, Employer.ECC) and f.declaration.refusal_would_offend,
    )
    monkeypatch.setitem(MODULES, Employer.ECC, made_up(Employer.ECC, offend))

    def skipped(limit: str) -> frozenset[str]:
        trees = relevance.trees_for(
            Employer.ECC, OfficerFacts(), DeclarationType.GIFT, Decimal(limit)
        )
        answers = {"token_item": True, "form": "item", "value_gbp": Decimal("15")}
        return relevance.questions_to_skip(trees, answers, DeclarationType.GIFT)

    assert "refusal_would_offend" in skipped("25.00")  # a £15 pen is a token: no matter
    assert "refusal_would_offend" not in skipped("10.00")  # ... not under a £10 limit


def test_trees_are_cached_per_code_officer_type_and_settings(made_up_codes):
    first = relevance.trees_for(Employer.ECC, SECONDED, "gift")
    hits = relevance.code_trees.cache_info().hits

    again = relevance.trees_for(Employer.ECC, SECONDED, DeclarationType.GIFT, Decimal("25"))

    assert again == first
    assert relevance.code_trees.cache_info().hits == hits + 2  # home and host, both cached
    other = relevance.trees_for(Employer.ECC, SECONDED, "gift", Decimal("30.00"))
    assert relevance.code_trees.cache_info().hits == hits + 2
    assert limits_compared(other) == {"HOME": {"30.00"}, "HOST": {"30.00"}}


# --- the event date: asked only where a rule that could fire counts its deadline from it --

CONTRACTORS = frozenset({WithWhom.CONTRACTOR, WithWhom.POTENTIAL_CONTRACTOR})
CONTRACT_RULE = r(
    "CONTRACT",
    [RELATIONSHIP],
    lambda f: f.declaration.with_whom in CONTRACTORS,
    deadline=ON_THE_EVENT_DATE,
)
COLLEAGUE_RULE = r(
    "COLLEAGUE",
    [RELATIONSHIP],
    lambda f: f.declaration.with_whom is WithWhom.COLLEAGUE and f.declaration.involved_in_decision,
    deadline=within_days(28),
)
RELATIONSHIP_FACTS = Facts(
    employer=Employer.COUNTY_COUNCIL,
    declaration=DeclarationFacts(type=RELATIONSHIP, date=TODAY, declared_on=TODAY),
)


def matter(code: Any, answers: dict[str, Any], facts: Facts = RELATIONSHIP_FACTS) -> frozenset:
    trees = [
        {"rule": one.id, "tree": relevance.explore(code, one, facts)}
        for one in code.RULES
        if facts.declaration.type in one.types
    ]
    return relevance.facts_that_matter(trees, answers, facts.declaration.type)


def test_the_event_date_is_asked_while_a_rule_counting_from_it_could_fire():
    code = made_up(Employer.COUNTY_COUNCIL, CONTRACT_RULE, COLLEAGUE_RULE)

    assert "event_date" in matter(code, {})
    assert "event_date" in matter(code, {"with_whom": "contractor"})
    assert "event_date" in matter(code, {"with_whom": "potential_contractor"})
    assert "event_date" not in matter(code, {"with_whom": "colleague"})
    assert "event_date" not in matter(code, {"with_whom": "supplier"})


def test_a_deadline_from_the_date_never_asks_for_the_event_date():
    code = made_up(
        Employer.COUNTY_COUNCIL, COLLEAGUE_RULE, r("NOW", [RELATIONSHIP], deadline=ON_THE_DATE)
    )

    assert "event_date" not in matter(code, {})


def test_the_event_date_ends_the_way_through_with_no_branches():
    tree = relevance.explore(
        made_up(Employer.COUNTY_COUNCIL, CONTRACT_RULE), CONTRACT_RULE, RELATIONSHIP_FACTS
    )

    assert tree is not None and tree["fact"] == "with_whom"
    taken = [branch for branch in tree["branches"] if branch is not None]
    assert taken == [{"fact": "event_date", "values": [], "branches": []}] * 2
    # an answer for it, whatever it is, follows no branch and changes nothing else
    for answer in ("2026-07-01", None, "not a date"):
        assert matter(made_up(Employer.COUNTY_COUNCIL, CONTRACT_RULE), {"event_date": answer}) == {
            "with_whom",
            "event_date",
        }


def test_a_condition_that_reads_the_event_date_counts_as_reading_everything():
    reads_it = r("ODD", [RELATIONSHIP], lambda f: f.declaration.event_date is None)

    with pytest.raises(TypeError):
        relevance.explore(made_up(Employer.COUNTY_COUNCIL, reads_it), reads_it, RELATIONSHIP_FACTS)


@pytest.mark.parametrize("employer", list(Employer))
def test_every_code_asks_a_relationships_event_date_only_if_a_rule_counts_from_it(employer):
    module = policies.module_for(employer)
    counts_from_it = any(
        RELATIONSHIP in one.types
        and one.deadline is not None
        and one.deadline.after == "event_date"
        for one in module.RULES
    )
    trees = relevance.trees_for(employer, OfficerFacts(), RELATIONSHIP)

    asked = "event_date" in relevance.facts_that_matter(trees, {}, RELATIONSHIP)

    assert asked is counts_from_it


# --- disclosures ---------------------------------------------------------------------------

DISCLOSURE_FACTS = Facts(
    employer=Employer.ESSEX_PROBATION,
    declaration=DeclarationFacts(type=DISCLOSURE, date=TODAY, declared_on=TODAY),
)


def test_a_disclosures_facts_are_explored_like_any_other():
    bail = r(
        "BAIL",
        [DISCLOSURE],
        lambda f: (
            f.declaration.disclosure_kind is DisclosureKind.BAIL_CONDITIONS
            and f.declaration.bail_conditions_affect_work
        ),
    )
    code = made_up(Employer.ESSEX_PROBATION, bail)

    tree = relevance.explore(code, bail, DISCLOSURE_FACTS)

    assert tree is not None
    assert tree["fact"] == "disclosure_kind"
    assert tree["values"] == [kind.value for kind in DisclosureKind]
    bail_branch = tree["branches"][tree["values"].index("bail_conditions")]
    assert bail_branch["fact"] == "bail_conditions_affect_work"
    assert bail_branch["values"] == [False, True]
    assert matter(code, {"disclosure_kind": "caution"}, DISCLOSURE_FACTS) == {"disclosure_kind"}
    assert "bail_conditions_affect_work" in matter(
        code, {"disclosure_kind": "bail_conditions"}, DISCLOSURE_FACTS
    )


def test_what_a_disclosure_may_skip():
    assert relevance.askable(DeclarationType.DISCLOSURE) == (
        "bail_conditions_affect_work",
        "required_by_court",
        "for_service_user",
    )
