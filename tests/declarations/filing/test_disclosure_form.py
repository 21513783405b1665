"""The disclosure form: every kind in the officer's words, the follow-ups asked only
where they apply, and its errors (each naming its question, what was typed kept)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations.filing.forms import DisclosureForm, TypeForm, form_class_for
from policies.vocabulary import DisclosureKind
from tests.declarations.filing.helpers import VALID
from tests.factories import OfficerFactory, OrganisationFactory, make_county_cast

TODAY = timezone.localdate()


@pytest.fixture
def county_officer(db):
    return make_county_cast().officer


@pytest.fixture
def probation_officer(db):
    return OfficerFactory(organisation=OrganisationFactory(code="essex-probation"))


def disclosure(officer, mode: str = "submit", **changes: str) -> DisclosureForm:
    form = DisclosureForm({**VALID["disclosure"], **changes}, officer=officer, mode=mode)
    form.is_valid()
    return form


def test_the_type_chooser_offers_a_disclosure_with_a_line_saying_what_it_is(db):
    words = dict(TypeForm().fields["type"].choices)

    assert words["disclosure"] == "Something else you must tell us"
    assert form_class_for("disclosure") is DisclosureForm


def test_every_kind_is_offered_in_the_officers_own_words(officer):
    field = DisclosureForm(officer=officer).fields["disclosure_kind"]
    words = field.words

    assert set(words) == {kind.value for kind in DisclosureKind}
    assert words["criminal_charge"] == "I have been charged with a criminal offence"
    assert words["improper_approach"] == "Someone offered me something to influence my work"
    assert words["court_witness"] == "I am being asked to be a witness in court for a service user"
    assert words["overseas_travel"] == "I have been asked to travel overseas on official business"
    assert all(
        phrase.startswith(("I ", "Someone", "Something", "My ", "A ")) for phrase in words.values()
    )


def test_a_charge_needs_no_more_than_what_when_and_what_happened(county_officer):
    form = disclosure(county_officer)

    assert form.errors == {}
    assert form.answers() == {
        "disclosure_kind": "criminal_charge",
        "date": datetime.date(2026, 11, 2),
        "description": "Charged with careless driving",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("disclosure_kind", "Select what you need to tell us"),
        ("description", "Tell us what happened"),
    ],
)
def test_it_asks_for_each_unanswered_question_by_name(name, message, county_officer):
    form = disclosure(county_officer, **{name: ""})

    assert form.errors[name] == [message]


def test_it_asks_when_it_happened(county_officer):
    form = disclosure(county_officer, date_0="", date_1="", date_2="")

    assert form.errors["date"] == ["Enter the date it happened"]


def test_who_was_involved_may_be_left_empty(county_officer):
    form = disclosure(county_officer, counterparty="")

    assert "counterparty" not in form.errors


def test_travel_or_a_hearing_can_be_dated_ahead_but_not_years_ahead(county_officer):
    soon = TODAY + datetime.timedelta(days=60)
    far = TODAY + datetime.timedelta(days=3 * 365)

    ahead = disclosure(
        county_officer,
        disclosure_kind="overseas_travel",
        date_0=str(soon.day),
        date_1=str(soon.month),
        date_2=str(soon.year),
    )
    too_far = disclosure(
        county_officer,
        disclosure_kind="overseas_travel",
        date_0=str(far.day),
        date_1=str(far.month),
        date_2=str(far.year),
    )

    assert "date" not in ahead.errors
    assert "date" in too_far.errors


def test_it_refuses_a_kind_it_does_not_offer(county_officer):
    form = disclosure(county_officer, disclosure_kind="parking_ticket")

    assert form.errors["disclosure_kind"] == ["Select what you need to tell us"]


def test_what_was_typed_is_kept_when_the_form_is_refused(county_officer):
    form = disclosure(county_officer, disclosure_kind="", counterparty="A Mr Smith")

    assert form.given()["counterparty"] == "A Mr Smith"
    assert form.given()["description"] == "Charged with careless driving"
    assert form.given()["date"] == ["2", "11", "2026"]


# --- the follow-ups -------------------------------------------------------------------


def test_the_county_council_asks_whether_bail_conditions_affect_the_work(county_officer):
    unanswered = disclosure(county_officer, disclosure_kind="bail_conditions")
    answered = disclosure(
        county_officer, disclosure_kind="bail_conditions", bail_conditions_affect_work="no"
    )

    assert unanswered.errors["bail_conditions_affect_work"] == [
        "Select yes if the bail conditions could affect your work"
    ]
    assert answered.errors == {}
    assert answered.answers()["bail_conditions_affect_work"] is False


def test_the_bail_question_is_not_asked_of_a_charge(county_officer):
    form = disclosure(county_officer, bail_conditions_affect_work="no")

    assert form.errors == {}
    assert "bail_conditions_affect_work" in form.skipped
    assert "bail_conditions_affect_work" not in form.answers()


def test_essex_probation_asks_whether_the_court_requires_a_witness(probation_officer):
    form = disclosure(probation_officer, disclosure_kind="court_witness")

    assert form.errors["required_by_court"] == [
        "Select yes if the court requires you to give evidence"
    ]


def test_essex_probation_asks_whether_an_intervention_is_for_a_service_user(probation_officer):
    form = disclosure(probation_officer, disclosure_kind="court_or_prison_intervention")

    assert form.errors["for_service_user"] == [
        "Select yes if it is for a service user as part of your work"
    ]


@pytest.mark.parametrize(
    ("kind", "follow_up"),
    [
        ("court_witness", "required_by_court"),
        ("court_or_prison_intervention", "for_service_user"),
    ],
)
def test_a_code_that_never_reads_a_follow_up_does_not_ask_it(kind, follow_up, county_officer):
    form = disclosure(county_officer, disclosure_kind=kind)

    assert follow_up not in form.errors
    assert follow_up in form.skipped


def test_each_follow_up_is_drawn_under_its_kind_as_a_conditional_reveal(county_officer):
    from crispy_forms.utils import render_crispy_form

    html = render_crispy_form(DisclosureForm(officer=county_officer))

    for position, follow_up, next_kind in (
        (5, "bail_conditions_affect_work", 'value="outside_conduct"'),
        (14, "required_by_court", 'value="court_or_prison_intervention"'),
        (15, "for_service_user", 'name="date-day"'),
    ):
        assert f'data-reveals="conditional-disclosure_kind-{position}"' in html
        block = html[html.index(f'id="conditional-disclosure_kind-{position}"') :]
        assert block.index(f'name="{follow_up}"') < block.index(next_kind)


def day_fields(day: datetime.date) -> dict[str, str]:
    return {"date_0": str(day.day), "date_1": str(day.month), "date_2": str(day.year)}


def test_a_charge_cannot_be_dated_in_the_future(county_officer):
    """A future date would only put off the day it is due (23.1: "immediately")."""
    tomorrow = TODAY + datetime.timedelta(days=1)

    form = disclosure(county_officer, **day_fields(tomorrow))

    assert form.errors["date"] == ["The date it happened must be today or in the past"]
    assert form.data["date_0"] == str(tomorrow.day)  # what was typed is kept


def test_a_charge_may_be_dated_today(county_officer):
    assert disclosure(county_officer, **day_fields(TODAY)).errors == {}


def test_travel_still_ahead_may_be_dated_in_the_future(county_officer):
    next_month = TODAY + datetime.timedelta(days=30)

    form = disclosure(county_officer, disclosure_kind="overseas_travel", **day_fields(next_month))

    assert "date" not in form.errors
