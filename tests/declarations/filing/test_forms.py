"""The declaration forms: every validation rule, the modes, code hints, and the contract."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

import policies
from declarations.facts import request_for
from declarations.filing import services
from declarations.filing.answers import values_of
from declarations.filing.forms import (
    CHECK,
    DRAFT,
    EndForm,
    GiftForm,
    HospitalityForm,
    InterestForm,
    OutsideWorkForm,
    RelationshipForm,
    TypeForm,
    form_class_for,
)
from tests.declarations.filing.helpers import VALID
from tests.factories import DeclarationFactory, OfficerFactory, OrganisationFactory

TODAY = timezone.localdate()


def form_for(kind: str, officer, mode: str = "submit", **changes: str):
    form = form_class_for(kind)({**VALID[kind], **changes}, officer=officer, mode=mode)
    form.is_valid()
    return form


def errors_of(form, name: str) -> list[str]:
    return list(form.errors.get(name, []))


# --- every type's valid answers pass --------------------------------------------------


@pytest.mark.parametrize("kind", sorted(VALID))
def test_it_accepts_a_complete_set_of_answers_for_every_type(kind, officer):
    form = form_for(kind, officer)

    assert form.errors == {}


def test_it_hands_back_answers_under_the_contracts_names(officer):
    answers = form_for("gift", officer).answers()

    assert answers == {
        "counterparty": "Acme Supplies Ltd",
        "donor_category": "supplier",
        "donor_has_pending_decision": False,
        "offered_to": "self",
        "direction": "received",
        "description": "A bottle of wine",
        "form": "item",
        "token_item": False,
        "value_gbp": Decimal("30.00"),
        "date": datetime.date(2026, 11, 2),
        "received_without_warning": False,
        "on_behalf_of_employer": False,
        "status": "offered",
        "refusal_would_offend": False,
    }


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("25", "25.00"),
        ("25.00", "25.00"),
        ("£25", "25.00"),
        ("£1,250.50", "1250.50"),
        (" £ 1,250.5 ", "1250.50"),
        ("0", "0.00"),
        ("25.000", "25.00"),
        ("9999999999.99", "9999999999.99"),
    ],
)
def test_it_reads_money_written_the_ways_people_write_it(typed, pounds, officer):
    form = form_for("gift", officer, value_gbp=typed)

    assert form.errors == {}
    assert form.cleaned_data["value_gbp"] == Decimal(pounds)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The value must be £0 or more"),
        ("£-5", "The value must be £0 or more"),
        ("-£5", "The value must be £0 or more"),
        ("24.999", "Enter the value in pounds and pence, with no more than 2 decimal places"),
        ("twenty", "Enter the value in pounds, like 25 or 24.99"),
        ("1,2", "Enter the value in pounds, like 25 or 24.99"),
        ("1e3", "Enter the value in pounds, like 25 or 24.99"),
        ("25p", "Enter the value in pounds, like 25 or 24.99"),
        ("٣", "Enter the value in pounds, like 25 or 24.99"),
        ("NaN", "Enter the value in pounds, like 25 or 24.99"),
        ("10000000000", "The value must be £9,999,999,999.99 or less"),
        ("9" * 500, "The value must be £9,999,999,999.99 or less"),
    ],
)
def test_it_refuses_money_it_cannot_read_with_a_message_naming_the_value(typed, message, officer):
    form = form_for("gift", officer, value_gbp=typed)

    assert errors_of(form, "value_gbp") == [message]


def test_it_asks_for_the_value_when_it_is_left_empty(officer):
    form = form_for("gift", officer, value_gbp="")

    assert errors_of(form, "value_gbp") == ["Enter how much it is worth, or 0 if it has no value"]


# --- hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Hours a week must be 0 or more"),
        ("169", "Hours a week must be 168 or fewer"),
        ("lots", "Enter hours a week as a number, like 8 or 7.5"),
        ("7.555", "Enter hours a week with no more than 2 decimal places"),
    ],
)
def test_it_refuses_hours_it_cannot_use(typed, message, officer):
    form = form_for("outside_work", officer, hours_per_week=typed)

    assert errors_of(form, "hours_per_week") == [message]


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date it was offered"),
        ("2", "11", "", "Date must include a year"),
        ("", "11", "2026", "Date must include a day"),
        ("", "", "2026", "Date must include a day and month"),
        ("31", "2", "2026", "Date must be a real date"),
        ("1", "13", "2026", "Date must be a real date"),
        ("x", "11", "2026", "Date must be a real date"),
        ("0", "11", "2026", "Date must be a real date"),
        ("1", "11", "26", "Year must include 4 numbers"),
        ("1", "11", "99999", "Date must be a real date"),
        ("1", "1", "1899", "Date must be on or after 1 January 1900"),
    ],
)
def test_it_explains_what_is_wrong_with_a_date(day, month, year, message, officer):
    form = form_for("gift", officer, date_0=day, date_1=month, date_2=year)

    assert errors_of(form, "date") == [message]


def test_it_refuses_a_gift_offered_in_the_future(officer):
    tomorrow = TODAY + datetime.timedelta(days=1)
    form = form_for(
        "gift",
        officer,
        date_0=str(tomorrow.day),
        date_1=str(tomorrow.month),
        date_2=str(tomorrow.year),
    )

    assert errors_of(form, "date") == ["Date must be today or in the past"]


def test_it_lets_outside_work_start_in_the_future_but_not_years_ahead(officer):
    soon = TODAY + datetime.timedelta(days=60)
    later = TODAY + datetime.timedelta(days=800)

    ok = form_for(
        "outside_work", officer, date_0=str(soon.day), date_1=str(soon.month), date_2=str(soon.year)
    )
    too_far = form_for(
        "outside_work",
        officer,
        date_0=str(later.day),
        date_1=str(later.month),
        date_2=str(later.year),
    )

    assert ok.errors == {}
    assert errors_of(too_far, "date") == ["Date must be within the next 2 years"]


def test_it_marks_only_the_missing_part_of_a_date(officer):
    form = form_for("gift", officer, date_2="")

    assert form["date"].faulty_parts == (2,)
    assert form["date"].error_anchor == "id_date-year"


def test_a_wrong_date_marks_every_box_and_links_to_the_day(officer):
    form = form_for("gift", officer, date_0="31", date_1="2")

    assert errors_of(form, "date") == ["Date must be a real date"]
    assert form["date"].faulty_parts == (0, 1, 2)
    assert form["date"].error_anchor == "id_date-day"


def test_it_reads_the_govuk_date_boxes(officer):
    boxes = {"date-day": "2", "date-month": "11", "date-year": "2026"}
    data = {name: value for name, value in VALID["gift"].items() if not name.startswith("date")}
    form = GiftForm({**data, **boxes}, officer=officer)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2026, 11, 2)
    assert form.given()["date"] == ["2", "11", "2026"]
    assert GiftForm.data_from_given({"date": ["2", "11", "2026"]}) == boxes
    assert GiftForm.anchor("date") == "id_date-day"


# --- required choices and yes/no questions --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("interest", "interest_kind", "Select what kind of interest it is"),
        ("interest", "held_by", "Select whose interest it is"),
        ("outside_work", "work_kind", "Select what kind of work it is"),
        (
            "outside_work",
            "during_working_hours",
            "Select yes if any of it is during your working hours",
        ),
        ("relationship", "with_whom", "Select who they are"),
        ("relationship", "nature", "Select what the relationship is"),
        ("gift", "form", "Select what kind of gift it is"),
        (
            "gift",
            "donor_has_pending_decision",
            "Select yes if they have a decision waiting on your employer",
        ),
        ("hospitality", "hospitality_kind", "Select what kind of hospitality it is"),
        ("gift", "token_item", "Select yes if it is a promotional item"),
        (
            "interest",
            "could_conflict",
            ("Select yes if this interest could conflict with your employer's interests"),
        ),
        (
            "interest",
            "involved_in_related_matter",
            "Select yes if you deal with a matter that affects this interest",
        ),
    ],
)
def test_it_asks_for_every_unanswered_question_in_words(kind, name, message, officer):
    form = form_for(kind, officer, **{name: ""})

    assert errors_of(form, name) == [message]


# --- asking only what applies (policies/relevance.py) ------------------------------------


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("gift", "donor_category"),  # Thurrock's code never asks who the giver is
        ("gift", "refusal_would_offend"),
        ("outside_work", "paid"),
        ("outside_work", "political_activity"),  # the post is not politically restricted
        ("interest", "change_to_existing"),
    ],
)
def test_a_question_that_cannot_change_the_verdict_is_not_required(kind, name, officer):
    form = form_for(kind, officer, **{name: ""})

    assert form.errors == {}
    assert name in form.skipped


def test_an_answer_to_a_question_that_does_not_apply_is_kept_and_changes_nothing(officer):
    form = form_for("gift", officer, refusal_would_offend="yes")

    assert form.errors == {}
    assert form.answers()["refusal_would_offend"] is True


def test_a_politically_restricted_officer_is_asked_about_political_activity(db):
    restricted = OfficerFactory(
        organisation=OrganisationFactory(code="thurrock"), politically_restricted=True
    )
    form = form_for("outside_work", restricted, political_activity="")

    assert errors_of(form, "political_activity") == [
        "Select whether it involves political activity"
    ]


def test_the_county_council_asks_whether_refusal_would_offend_only_of_a_gift_not_a_token(db):
    county = OfficerFactory(organisation=OrganisationFactory(code="county-council"))

    token = form_for("gift", county, value_gbp="10", refusal_would_offend="")
    not_a_token = form_for("gift", county, value_gbp="40", refusal_would_offend="")

    assert "refusal_would_offend" in token.skipped
    assert errors_of(token, "refusal_would_offend") == []
    assert errors_of(not_a_token, "refusal_would_offend") == [
        "Select yes if turning it down would cause offence"
    ]


def test_a_follow_up_is_asked_only_under_its_answer_and_dropped_under_another(officer):
    cash = form_for("gift", officer, form="cash", token_item="yes")
    item = form_for("gift", officer, form="item", token_item="")

    assert cash.errors == {}
    assert "token_item" not in cash.answers()  # "a promotional item" said of cash is not
    assert errors_of(item, "token_item") == ["Select yes if it is a promotional item"]


def test_the_follow_up_is_drawn_under_its_answer_as_a_conditional_reveal(officer):
    from crispy_forms.utils import render_crispy_form

    html = render_crispy_form(form_for("gift", officer, mode=CHECK))

    assert 'data-reveals="conditional-form-1"' in html
    block = html[html.index('id="conditional-form-1"') :]
    assert block.index('name="token_item"') < block.index('name="form"')
    assert "aria-expanded" not in html and "data-aria-controls" not in html


def test_the_form_gives_its_script_the_trees_and_the_questions_it_may_skip(officer):
    data = GiftForm(officer=officer).questions_data()

    assert data["type"] == "gift"
    assert "refusal_would_offend" in data["askable"]
    assert "value_gbp" not in data["askable"]  # always asked
    assert all("rule" in tree for tree in data["trees"])


def test_it_refuses_a_choice_that_is_not_offered(officer):
    form = form_for("interest", officer, interest_kind="bribery", could_conflict="maybe")

    assert errors_of(form, "interest_kind") == ["Select what kind of interest it is"]
    assert errors_of(form, "could_conflict") == [
        "Select yes if this interest could conflict with your employer's interests"
    ]


def test_it_asks_what_to_declare_first(db):
    form = TypeForm({})

    assert not form.is_valid()
    assert form.errors["type"] == ["Select what you want to declare"]


# --- text -----------------------------------------------------------------------------


def test_it_limits_names_to_300_characters(officer):
    assert form_for("gift", officer, counterparty="x" * 300).errors == {}
    assert errors_of(form_for("gift", officer, counterparty="x" * 301), "counterparty") == [
        "The name must be 300 characters or fewer"
    ]


def test_it_limits_descriptions_to_5000_characters(officer):
    assert form_for("gift", officer, description="x" * 5000).errors == {}
    assert errors_of(form_for("gift", officer, description="x" * 5001), "description") == [
        "The description must be 5,000 characters or fewer"
    ]


def test_it_does_not_let_the_browser_cut_off_long_text(officer):
    html = str(form_for("gift", officer)["counterparty"])

    assert "maxlength" not in html


def test_a_relationship_needs_no_description(officer):
    assert form_for("relationship", officer, description="").errors == {}


# --- modes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "needed"),
    [
        ("gift", []),
        ("hospitality", []),
        ("interest", ["interest_kind"]),
        ("outside_work", ["work_kind"]),
        ("relationship", ["nature", "with_whom"]),
    ],
)
def test_a_draft_needs_only_what_the_register_cannot_store_without(kind, needed, officer):
    form = form_class_for(kind)({}, officer=officer, mode=DRAFT)

    assert not form.is_valid() if needed else form.is_valid()
    assert sorted(form.errors) == needed


def test_a_draft_still_refuses_answers_it_cannot_read(officer):
    form = form_class_for("gift")({"value_gbp": "lots"}, officer=officer, mode=DRAFT)

    assert not form.is_valid()
    assert list(form.errors) == ["value_gbp"]


def test_a_check_needs_nothing_and_keeps_what_it_can_read(officer):
    form = form_class_for("gift")(
        {"value_gbp": "£40", "date_2": "2026"}, officer=officer, mode=CHECK
    )

    form.is_valid()

    assert list(form.errors) == ["date"]
    assert form.answers() == {"value_gbp": Decimal("40.00")}


def test_a_check_says_which_answer_the_code_cannot_do_without(officer):
    form = form_class_for("relationship")({}, officer=officer, mode=CHECK)
    form.is_valid()

    assert form.unanswered_required(form.answers()) == [
        "Who are they to you at work?",
        "What is your relationship with them?",
    ]


# --- hints from the officer's own code ------------------------------------------------


def test_it_quotes_thurrocks_code_on_token_gifts(officer):
    form = GiftForm(officer=officer)

    assert "Thurrock: pens and diaries are token gifts" in form.fields["token_item"].help_text


def test_it_quotes_the_county_councils_25_pound_guideline(db):
    county = OfficerFactory(organisation=OrganisationFactory(code="county-council"))
    form = GiftForm(officer=county)

    assert "The county council: a gift worth £25 or more is not a token" in (
        form.fields["value_gbp"].help_text
    )
    assert "Thurrock" not in form.fields["token_item"].help_text


def test_a_seconded_officer_sees_both_codes_hints(db):
    seconded = OfficerFactory(
        organisation=OrganisationFactory(code="thurrock"),
        seconded_to=OrganisationFactory(code="opcc"),
    )
    hint = GiftForm(officer=seconded).fields["token_item"].help_text

    assert "Thurrock:" in hint
    assert "The OPCC:" in hint


def test_it_shows_no_internal_names_as_questions(officer):
    for form_class in (GiftForm, HospitalityForm, InterestForm, OutsideWorkForm, RelationshipForm):
        form = form_class(officer=officer)
        for name, field in form.fields.items():
            if "_" in name:
                assert name not in str(field.label), name
                assert name not in str(field.help_text), name
            for value, label in field.choices if hasattr(field, "choices") else ():
                if "_" in value:
                    assert value not in str(label)


# --- ending ---------------------------------------------------------------------------


def test_an_end_date_cannot_be_before_the_start(officer):
    declaration = DeclarationFactory(officer=officer, date=datetime.date(2026, 3, 1))
    form = EndForm(
        {"ended_on_0": "28", "ended_on_1": "2", "ended_on_2": "2026"}, declaration=declaration
    )

    assert not form.is_valid()
    assert form.errors["ended_on"] == ["End date must be on or after the start date, 1 March 2026"]


# --- the forms' answers are the policy contract ---------------------------------------


def _officer_json(officer):
    return {
        "level": "staff",
        "spinal_column_point": None,
        "seconded_to": None,
        "board_member": False,
        "politically_restricted": False,
        "procurement_or_regulatory_role": False,
        "contracted_hours_per_week": "37.00",
    }


EXPECTED_DECLARATIONS = {
    "gift": {
        "type": "gift",
        "date": "2026-11-02",
        "direction": "received",
        "offered_to": "self",
        "form": "item",
        "token_item": False,
        "value_gbp": "30.00",
        "donor_category": "supplier",
        "status": "offered",
        "on_behalf_of_employer": False,
        "received_without_warning": False,
        "refusal_would_offend": False,
        "donor_has_pending_decision": False,
        "sponsor": "outside_body",
    },
    "hospitality": {
        "type": "hospitality",
        "date": "2026-10-10",
        "offered_to": "family",
        "value_gbp": "85.00",
        "donor_category": "contractor",
        "status": "declined",
        "donor_has_pending_decision": True,
        "refusal_would_offend": True,
        "hospitality_kind": "social_or_sporting",
        "corporate": False,
        "represents_employer": False,
        "overseas": False,
    },
    "interest": {
        "type": "interest",
        "date": "2025-03-01",
        "interest_kind": "financial",
        "held_by": "spouse_or_partner",
        "org_does_business_with_employer": True,
        "pecuniary_interest_in_contract": False,
        "involved_in_related_matter": True,
        "could_conflict": True,
        "change_to_existing": False,
    },
    "outside_work": {
        "type": "outside_work",
        "date": "2027-01-05",
        "work_kind": "self_employment",
        "paid": True,
        "hours_per_week": "7.50",
        "during_working_hours": False,
        "uses_employer_resources": False,
        "overlaps_normal_duties": False,
        "conflicts_with_duties": False,
        "during_sick_leave": False,
        "during_leave_or_suspension_for_employer": False,
        "for_service_user": False,
        "private_gain_from_employment_work": False,
        "political_activity": "none",
    },
    "relationship": {
        "type": "relationship",
        "date": "2019-02-14",
        "with_whom": "colleague_same_section",
        "nature": "intimate",
        "professional_responsibility": False,
        "existed_before_appointment": True,
        "involved_in_decision": False,
    },
    "disclosure": {
        "type": "disclosure",
        "date": "2026-11-02",
        "disclosure_kind": "criminal_charge",
        "bail_conditions_affect_work": True,
        "required_by_court": False,
        "for_service_user": False,
    },
}


@pytest.mark.parametrize("kind", sorted(VALID))
def test_a_declaration_made_through_the_form_is_the_contracts_request(kind, officer):
    form = form_for(kind, officer)
    assert form.errors == {}
    declaration = services.create_draft(officer, kind, form.answers(), actor=officer.user)
    declaration.refresh_from_db()

    request = request_for(declaration)

    assert request == {
        "employer": "thurrock",
        "officer": _officer_json(officer),
        "declaration": {**EXPECTED_DECLARATIONS[kind], "declared_on": TODAY.isoformat()},
    }
    facts = policies.parse_request(request)
    assert facts.declaration.type == kind


def test_a_seconded_officers_request_names_the_host_employer(db):
    seconded = OfficerFactory(
        organisation=OrganisationFactory(code="county-council"),
        seconded_to=OrganisationFactory(code="ecc"),
        spinal_column_point=31,
    )
    form = form_for("outside_work", seconded)
    declaration = services.create_draft(
        seconded, "outside_work", form.answers(), actor=seconded.user
    )

    request = request_for(declaration)

    assert request["employer"] == "county-council"
    assert request["officer"]["seconded_to"] == "ecc"
    assert request["officer"]["spinal_column_point"] == 31
    assert policies.parse_request(request).officer.seconded_to == "ecc"


@pytest.mark.parametrize("kind", sorted(VALID))
def test_stored_answers_fill_the_form_again_unchanged(kind, officer):
    form = form_for(kind, officer)
    declaration = services.create_draft(officer, kind, form.answers(), actor=officer.user)
    declaration.refresh_from_db()

    again = form_class_for(kind)(
        form_class_for(kind).data_from(values_of(declaration)), officer=officer
    )

    assert again.is_valid(), again.errors
    assert again.answers() == form.answers()
