"""Which questions can change the verdict (policies/relevance.py): read from the rules, and
sound: a question it skips never changes what the code says, whatever its answer."""

from __future__ import annotations

import dataclasses
import datetime
import random
from decimal import Decimal

import pytest

import policies
from policies import relevance
from policies.facts import ENUM_FIELDS, FIELDS_BY_TYPE, DeclarationFacts, Facts, OfficerFacts
from policies.vocabulary import DeclarationType, Employer, Level

TODAY = datetime.date(2026, 6, 1)
OFFICERS = [
    OfficerFacts(),
    OfficerFacts(level=Level.DIRECTOR, procurement_or_regulatory_role=True),
    OfficerFacts(politically_restricted=True, spinal_column_point=40),
    OfficerFacts(seconded_to=Employer.THURROCK),
]
AMOUNTS = [
    Decimal("0"),
    Decimal("10"),
    Decimal("24.99"),
    Decimal("25"),
    Decimal("60"),
    Decimal("500"),
]


def random_answers(kind: DeclarationType, rng: random.Random) -> dict[str, object]:
    """Some of the type's facts answered at random (the contract's values)."""
    answers: dict[str, object] = {}
    for name in FIELDS_BY_TYPE[kind]:
        if rng.random() < 0.3:
            continue
        if name in ENUM_FIELDS:
            answers[name] = rng.choice(list(ENUM_FIELDS[name]))
        elif name in relevance.AMOUNTS:
            answers[name] = rng.choice(AMOUNTS)
        else:
            answers[name] = rng.random() < 0.5
    return answers


def verdict(employer: Employer, officer: OfficerFacts, kind: DeclarationType, answers) -> object:
    """The verdict of these answers (a fact the contract requires takes its first value)."""
    values = dict(answers)
    for name in ("interest_kind", "work_kind", "with_whom", "nature"):
        if name in FIELDS_BY_TYPE[kind] and values.get(name) is None:
            values[name] = next(iter(ENUM_FIELDS[name]))
    declaration = DeclarationFacts(type=kind, date=TODAY, declared_on=TODAY, **values)
    return policies.evaluate(Facts(employer=employer, officer=officer, declaration=declaration))


def contract(answers: dict[str, object]) -> dict[str, object]:
    """Answers as the form hands them over: choices as their values."""
    return {name: str(v) if name in ENUM_FIELDS else v for name, v in answers.items()}


@pytest.mark.parametrize("employer", list(Employer))
@pytest.mark.parametrize("kind", list(DeclarationType))
def test_a_skipped_question_never_changes_the_verdict(employer, kind):
    rng = random.Random(f"{employer}-{kind}")
    for officer in OFFICERS:
        if officer.seconded_to == employer:
            continue
        trees = relevance.trees_for(employer, officer, kind)
        for _ in range(40):
            answers = random_answers(kind, rng)
            skipped = relevance.questions_to_skip(trees, contract(answers), kind)
            base = verdict(employer, officer, kind, answers)
            for name in skipped:
                values = list(ENUM_FIELDS[name]) if name in ENUM_FIELDS else [False, True]
                for value in values:
                    changed = verdict(employer, officer, kind, {**answers, name: value})
                    assert changed == base, (employer, kind, officer, answers, name, value)


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
    import json

    trees = relevance.trees_for(Employer.ECC, OfficerFacts(), DeclarationType.HOSPITALITY)

    assert json.loads(json.dumps(trees)) == list(trees)
