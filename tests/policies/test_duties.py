"""Each employer's duties beyond its rules (policies/duties.py), declared in its module.

Table-driven over the five modules: every duty is well formed, names only contract
vocabulary, and cites a clause the code's text has; the figures the app reads (the
county council's £25, Thurrock's 28 days) come from the module's own constants and
rules; and a change of duty changes the module's VERSION.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from policies import MODULES, county_council, duties_for, thurrock
from policies.clauses import clause_text
from policies.core import ON_THE_DATE, ON_THE_EVENT_DATE, Due, within_days
from policies.duties import (
    Deadline,
    Duties,
    Keeping,
    deadlines_in,
    fingerprint,
    versioned,
)
from policies.facts import DeclarationFacts
from policies.vocabulary import DeclarationType, Employer, Level, Role

DECLARATION_FIELDS = {field.name for field in dataclasses.fields(DeclarationFacts)}
EMPLOYERS = list(Employer)


def citations_of(duties: Duties) -> list[str]:
    """Every citation written in the duties, repeats included."""
    cites = [register.cite for register in duties.registers]
    cites += [hint.cite for hint in duties.form_hints]
    cites += [cite for deadline in duties.deadlines for cite in deadline.cites]
    cites += [option.cite for option in duties.dispositions]
    if duties.annual_return:
        cites.append(duties.annual_return.cite)
    if duties.interest_reviews:
        cites.append(duties.interest_reviews.cite)
    return cites


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_module_declares_its_duties(employer):
    module = MODULES[employer]

    assert isinstance(module.DUTIES, Duties)
    assert duties_for(employer) is module.DUTIES
    assert duties_for(employer.value) is module.DUTIES


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_duty_citation_resolves_to_the_codes_text(employer):
    duties = duties_for(employer)

    for cite in citations_of(duties):
        assert clause_text(employer.value, cite), f"{employer}:{cite} is not in the code"
    assert set(duties.citations()) == set(citations_of(duties))


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_named_register_is_well_formed(employer):
    for register in duties_for(employer).registers:
        assert register.slug.startswith(f"{employer.value}-")
        assert re.fullmatch(r"[a-z0-9-]+", register.slug)
        assert register.title and register.keeper_words and register.summary
        assert register.entries, "a register holds some entries"
        assert isinstance(register.kept_by.role, Role)
        assert isinstance(register.kept_by.keeping, Keeping)
        for entries in register.entries:
            assert all(isinstance(kind, DeclarationType) for kind in entries.types)
            assert all(isinstance(role, Role) for role in entries.register_keepers)
            levels = entries.levels()
            assert levels is None or levels, "a level band that holds no level"


def test_register_slugs_are_unique_across_employers():
    slugs = [register.slug for e in EMPLOYERS for register in duties_for(e).registers]

    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_form_hint_is_for_a_contract_field_once(employer):
    hints = duties_for(employer).form_hints

    for hint in hints:
        assert hint.field in DECLARATION_FIELDS
        assert hint.text.strip()
    assert len({hint.field for hint in hints}) == len(hints)


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_a_numbered_codes_hint_names_the_clause_it_cites(employer):
    for hint in duties_for(employer).form_hints:
        if re.fullmatch(r"\d+\.\d+", hint.cite):
            assert f"({hint.cite})" in hint.text


@pytest.mark.parametrize(
    ("employer", "registers", "annual_return", "reviews"),
    [
        (Employer.ESSEX_PROBATION, ["essex-probation-gifts-and-hospitality"], False, False),
        (Employer.COUNTY_COUNCIL, ["county-council-officers-interests"], False, False),
        (Employer.OPCC, ["opcc-line-manager-records"], False, False),
        (
            Employer.THURROCK,
            [
                "thurrock-gifts-and-hospitality-senior",
                "thurrock-interests-senior",
                "thurrock-director",
            ],
            True,
            True,
        ),
        (Employer.ECC, ["ecc-line-manager-records"], False, False),
    ],
)
def test_what_each_code_asks_beyond_its_rules(employer, registers, annual_return, reviews):
    duties = duties_for(employer)

    assert [register.slug for register in duties.registers] == registers
    assert (duties.annual_return is not None) is annual_return
    assert (duties.interest_reviews is not None) is reviews


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_codes_deadlines_are_its_rules_own(employer):
    module = MODULES[employer]

    assert module.DUTIES.deadlines == deadlines_in(module.RULES)
    for deadline in module.DUTIES.deadlines:
        assert deadline.due.after in {"date", "event_date"}
        assert deadline.days == deadline.due.days >= 0


def test_thurrocks_registers_split_at_assistant_director_and_keep_by_director():
    senior, interests, directors = thurrock.DUTIES.registers

    assert senior.entries[0].levels() == (
        Level.ASSISTANT_DIRECTOR,
        Level.DIRECTOR,
        Level.CHIEF_EXECUTIVE,
    )
    assert directors.entries[0].levels() == (Level.STAFF, Level.MANAGER, Level.HEAD_OF_SERVICE)
    assert directors.kept_by.role is Role.DIRECTOR
    assert directors.kept_by.keeping is Keeping.EACH_KEEPER
    assert interests.kept_by.role is Role.MONITORING_OFFICER


def test_thurrocks_interest_deadline_is_its_rules_own():
    deadline = thurrock.DUTIES.deadline_for(DeclarationType.INTEREST)

    assert deadline == Deadline(DeclarationType.INTEREST, within_days(28), ("18.1", "18.2"))
    assert deadline.days == thurrock.INTEREST_DEADLINE_DAYS == 28
    interest_rules = [r for r in thurrock.RULES if DeclarationType.INTEREST in r.types]
    assert {r.deadline for r in interest_rules if r.deadline} == {deadline.due}


GIFT_RULE = dataclasses.replace(
    thurrock.RULES[0], types=frozenset({DeclarationType.GIFT, DeclarationType.HOSPITALITY})
)


def test_deadlines_are_taken_from_the_rules_shortest_first():
    longer = dataclasses.replace(GIFT_RULE, deadline=within_days(40), citations=("1.1",))
    shorter = dataclasses.replace(longer, deadline=within_days(10), citations=("2.2", "3.3"))

    assert deadlines_in([longer, shorter]) == (
        Deadline(DeclarationType.GIFT, within_days(10), ("1.1", "2.2")),
        Deadline(DeclarationType.HOSPITALITY, within_days(10), ("1.1", "2.2")),
    )


def test_deadlines_from_the_date_and_from_the_event_date_are_kept_apart():
    dated = dataclasses.replace(GIFT_RULE, deadline=within_days(28), citations=("1.1",))
    before = dataclasses.replace(GIFT_RULE, deadline=ON_THE_EVENT_DATE, citations=("2.2",))
    undated = dataclasses.replace(GIFT_RULE, deadline=None, citations=("3.3",))

    deadlines = deadlines_in([undated, before, dated])

    assert deadlines == (
        Deadline(DeclarationType.GIFT, within_days(28), ("1.1",)),
        Deadline(DeclarationType.GIFT, ON_THE_EVENT_DATE, ("2.2",)),
        Deadline(DeclarationType.HOSPITALITY, within_days(28), ("1.1",)),
        Deadline(DeclarationType.HOSPITALITY, ON_THE_EVENT_DATE, ("2.2",)),
    )
    duties = dataclasses.replace(thurrock.DUTIES, deadlines=deadlines)
    # the dashboard watches the deadline counted from the date
    assert duties.deadline_for(DeclarationType.GIFT) == deadlines[0]
    assert duties.deadline_for(DeclarationType.INTEREST) is None


def test_a_deadline_due_on_the_day_has_no_days():
    only_before = dataclasses.replace(GIFT_RULE, deadline=ON_THE_DATE, citations=("4.4",))
    (gift, hospitality) = deadlines_in([only_before])

    assert gift.due == Due() and gift.days == 0
    assert hospitality.cites == ("4.4",)


def test_the_county_councils_hints_take_the_pound_limit_from_its_constant():
    hints = {hint.field: hint.text for hint in county_council.DUTIES.form_hints}

    assert county_council.TOKEN_LIMIT_GBP == 25
    assert "a gift worth £25 or more is not a token" in hints["value_gbp"]
    assert "£25" in hints["token_item"]


def test_the_annual_return_quotes_the_start_of_its_clause():
    annual_return = thurrock.DUTIES.annual_return

    assert annual_return is not None
    assert clause_text("thurrock", annual_return.cite).startswith(annual_return.quote)
    assert annual_return.at_or_above is Level.ASSISTANT_DIRECTOR


def test_the_interest_reviews_quote_their_clause():
    reviews = thurrock.DUTIES.interest_reviews

    assert reviews is not None
    assert reviews.quote in clause_text("thurrock", reviews.cite)
    assert reviews.every_months == 12


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_the_version_covers_the_duties(employer):
    module = MODULES[employer]

    assert versioned(module.EDITION, module.DUTIES) == module.VERSION
    assert module.VERSION.endswith(f"+{fingerprint(module.DUTIES)}")


def test_a_change_of_duty_changes_the_version():
    duties = thurrock.DUTIES
    register = duties.registers[0]
    changed = dataclasses.replace(
        duties,
        registers=(
            dataclasses.replace(register, keeper_words="someone else"),
            *duties.registers[1:],
        ),
    )

    assert versioned("2026.1", changed) != versioned("2026.1", duties)
    assert versioned("2026.1", dataclasses.replace(duties)) == versioned("2026.1", duties)
