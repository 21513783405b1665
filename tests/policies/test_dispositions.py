"""What an officer may say happened to a gift the code says must be declined, or to an
activity that must not go ahead: each employer's options (Duties.dispositions), its
code's own first, each cited to a clause its text has."""

from __future__ import annotations

import dataclasses
import re

import pytest

from policies import MODULES, duties_for, thurrock
from policies.clauses import clause_text
from policies.duties import DispositionOption, general_dispositions, versioned
from policies.vocabulary import DeclarationType, Disposition, Employer

EMPLOYERS = list(Employer)
GIFT = DeclarationType.GIFT
HOSPITALITY = DeclarationType.HOSPITALITY
ACTIVITIES = [DeclarationType.OUTSIDE_WORK, DeclarationType.INTEREST, DeclarationType.RELATIONSHIP]


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_every_option_cites_a_clause_of_its_code(employer):
    options = duties_for(employer).dispositions

    assert options, f"{employer} offers nothing to say what happened"
    for option in options:
        assert isinstance(option, DispositionOption)
        assert clause_text(employer.value, option.cite), f"{employer}:{option.cite} is not in it"
        assert option.cite in duties_for(employer).citations()


@pytest.mark.parametrize(
    ("employer", "kind", "disposition", "words", "cite"),
    [
        (Employer.ESSEX_PROBATION, GIFT, Disposition.DECLINED, "Declined", "7.4"),
        (Employer.ESSEX_PROBATION, HOSPITALITY, Disposition.DECLINED, "Declined", "7.4"),
        (Employer.COUNTY_COUNCIL, GIFT, Disposition.DECLINED, "Refused", "10.2"),
        (Employer.COUNTY_COUNCIL, HOSPITALITY, Disposition.DECLINED, "Refused", "10.2"),
        (Employer.OPCC, GIFT, Disposition.DECLINED, "Declined", "15.5"),
        (Employer.OPCC, HOSPITALITY, Disposition.DECLINED, "Declined", "15.3"),
        (Employer.THURROCK, GIFT, Disposition.DECLINED, "Declined", "14.5"),
        (Employer.THURROCK, HOSPITALITY, Disposition.DECLINED, "Declined", "14.4"),
        (Employer.ECC, GIFT, Disposition.DECLINED, "Declined", "gifts-and-hospitality"),
        (Employer.ECC, HOSPITALITY, Disposition.DECLINED, "Declined", "gifts-and-hospitality"),
    ],
)
def test_each_codes_first_option_is_its_own_way_of_declining(
    employer, kind, disposition, words, cite
):
    first = duties_for(employer).dispositions_for(kind)[0]

    assert (first.disposition, first.words, first.cite) == (disposition, words, cite)


@pytest.mark.parametrize(
    ("employer", "own"),
    [
        (Employer.ESSEX_PROBATION, [Disposition.DECLINED]),
        (Employer.COUNTY_COUNCIL, [Disposition.DECLINED]),
        (
            Employer.OPCC,
            [
                Disposition.DECLINED,
                Disposition.RETURNED_TO_GIVER,
                Disposition.HANDED_TO_MONITORING_OFFICER,
            ],
        ),
        (Employer.THURROCK, [Disposition.DECLINED, Disposition.GIVEN_TO_NAMED_CHARITY]),
        (Employer.ECC, [Disposition.DECLINED]),
    ],
)
def test_a_gifts_options_are_the_codes_own_then_the_general_ones(employer, own):
    options = duties_for(employer).dispositions_for(GIFT)
    general = [
        option.disposition for option in general_dispositions("x", "them") if GIFT in option.types
    ]

    assert [option.disposition for option in options[: len(own)]] == own
    assert [option.disposition for option in options[len(own) :]] == [
        disposition for disposition in general if disposition not in own
    ]


def test_thurrock_offers_the_mayors_charity_fund_in_its_codes_words():
    (named,) = [
        option
        for option in thurrock.DUTIES.dispositions_for(GIFT)
        if option.disposition is Disposition.GIVEN_TO_NAMED_CHARITY
    ]

    assert named.words == "Given to the Mayor's Charity Fund"
    assert "Mayor's Charity Fund" in clause_text("thurrock", named.cite)
    assert named.cite == "14.5"


def test_only_the_opcc_hands_a_gift_to_the_monitoring_officer():
    handing = [
        employer
        for employer in EMPLOYERS
        for option in duties_for(employer).dispositions_for(GIFT)
        if option.disposition is Disposition.HANDED_TO_MONITORING_OFFICER
    ]

    assert handing == [Employer.OPCC]
    assert "handed to the Monitoring Officer" in clause_text("opcc", "15.6")


@pytest.mark.parametrize("employer", EMPLOYERS)
@pytest.mark.parametrize("kind", ACTIVITIES)
def test_an_activity_can_only_not_go_ahead(employer, kind):
    (option,) = duties_for(employer).dispositions_for(kind)

    assert option.disposition is Disposition.NOT_GONE_AHEAD
    assert option.words == "I have not gone ahead, or I have stopped"


@pytest.mark.parametrize("employer", EMPLOYERS)
@pytest.mark.parametrize("kind", list(DeclarationType))
def test_a_type_offers_each_disposition_once_in_words(employer, kind):
    options = duties_for(employer).dispositions_for(kind)

    assert options
    assert len({option.disposition for option in options}) == len(options)
    assert len({option.words for option in options}) == len(options)
    assert all(option.words.strip() for option in options)


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_a_hint_names_no_clause_but_the_one_it_cites(employer):
    for option in duties_for(employer).dispositions:
        assert re.findall(r"\((\d+\.\d+)\)", option.hint) in ([], [option.cite]), option


def test_the_options_for_a_type_are_read_from_its_value_too():
    duties = thurrock.DUTIES

    assert duties.dispositions_for("gift") == duties.dispositions_for(GIFT)
    assert duties.dispositions_for("no_such_type") == ()


@pytest.mark.parametrize("employer", EMPLOYERS)
def test_a_change_of_option_changes_the_version(employer):
    module = MODULES[employer]
    first, *rest = module.DUTIES.dispositions
    changed = dataclasses.replace(
        module.DUTIES, dispositions=(dataclasses.replace(first, words="Something else"), *rest)
    )

    assert versioned(module.EDITION, changed) != module.VERSION
