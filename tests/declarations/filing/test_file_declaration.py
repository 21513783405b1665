"""Making a declaration: choosing the type, the questions, Continue and Check."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from declarations.models import Declaration, DeclarationEvent
from tests.declarations.filing.helpers import SLUGS, VALID, new_url, visible_text
from tests.factories import OfficerFactory, OrganisationFactory

INTERNAL_NAMES = (
    "approval_required",
    "no_action",
    "line_manager",
    "monitoring_officer",
    "donor_category",
    "value_gbp",
    "hospitality_kind",
    "interest_kind",
    "work_kind",
    "with_whom",
)


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


# --- choosing what to declare ---------------------------------------------------------


def test_it_asks_what_you_want_to_declare(signed_in):
    response = signed_in.get(reverse("declaration-new"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "What do you want to declare?" in text
    for label in ("Gift", "Hospitality", "An interest", "Outside work", "A relationship"):
        assert label in text


@pytest.mark.parametrize("kind", sorted(SLUGS))
def test_choosing_a_type_opens_its_questions(kind, signed_in):
    response = signed_in.post(reverse("declaration-new"), {"type": kind})

    assert response.status_code == 302
    assert response.headers["Location"] == new_url(kind)


def test_choosing_nothing_says_what_to_do(signed_in):
    response = signed_in.post(reverse("declaration-new"), {})

    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert "Select what you want to declare" in visible_text(response)


def test_an_unknown_type_is_not_found(signed_in):
    assert signed_in.get("/declarations/new/bribe/").status_code == 404


# --- the questions ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SLUGS))
def test_each_type_asks_its_questions_in_plain_english(kind, signed_in):
    response = signed_in.get(new_url(kind))

    assert response.status_code == 200
    text = visible_text(response)
    for name in INTERNAL_NAMES:
        assert name not in text
    for button in ("Continue", "Save as draft", "Check what your code says"):
        assert button in text
    html = response.content.decode()
    assert 'data-policy-check-url="/api/policy-check"' in html
    assert 'id="verdict-panel"' in html
    # The panel is not a live region: a short status line says what changed.
    assert "aria-live" not in html
    assert 'role="status" id="verdict-status"' in html
    assert 'name="action" value="check"' in html
    assert "govuk-grid-column-one-third" in html


def test_the_gift_questions_are_grouped_as_a_person_thinks(signed_in):
    text = visible_text(signed_in.get(new_url("gift")))

    assert text.index("Who offered it") < text.index("What it was") < text.index("What you did")
    assert "Thurrock: pens and diaries are token gifts" in text


def test_dates_use_the_govuk_date_input(signed_in):
    html = signed_in.get(new_url("interest")).content.decode()

    assert 'class="govuk-date-input"' in html
    for part in ("day", "month", "year"):
        assert f'id="id_date-{part}" name="date-{part}"' in html
    assert 'class="govuk-fieldset" role="group"' in html


def test_a_county_council_officer_sees_the_25_pound_guideline(client, db):
    county = OfficerFactory(organisation=OrganisationFactory(code="county-council"))
    client.force_login(county.user)

    text = visible_text(client.get(new_url("gift")))

    assert "The county council: a gift worth £25 or more is not a token" in text


# --- Continue ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SLUGS))
def test_continue_saves_a_draft_and_goes_to_check_your_answers(kind, signed_in, officer):
    response = signed_in.post(new_url(kind), {**VALID[kind], "action": "continue"})

    declaration = Declaration.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("declaration-check", args=[declaration.pk])
    assert declaration.status == "draft"
    assert declaration.officer == officer
    assert declaration.organisation == officer.organisation
    assert declaration.type == kind
    assert declaration.detail is not None
    event = DeclarationEvent.objects.get(declaration=declaration)
    assert (event.action, event.actor) == ("created", officer.user)


def test_continue_with_missing_answers_shows_every_problem_and_saves_nothing(signed_in):
    response = signed_in.post(new_url("interest"), {"action": "continue"})

    assert response.status_code == 200
    assert Declaration.objects.count() == 0
    text = visible_text(response)
    assert "There is a problem" in text
    assert "Select what kind of interest it is" in text
    assert "Enter the date the interest started" in text
    # Ten questions, less the three Thurrock's code never reads for an interest.
    assert response.content.decode().count('class="govuk-error-message"') == 7
    assert "Select yes if this changes an interest you declared before" not in text


def test_nothing_typed_is_lost_after_an_error(signed_in):
    typed = {
        **VALID["gift"],
        "counterparty": "Café Ñandú & Sons",
        "description": "Two tickets\nto the final",
        "value_gbp": "£1,2,3",
        "date-day": "31",
        "date-month": "2",
        "date-year": "2026",
        "action": "continue",
    }

    response = signed_in.post(new_url("gift"), typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Café Ñandú &amp; Sons"' in html
    assert "Two tickets\nto the final</textarea>" in html
    assert 'value="£1,2,3"' in html
    assert 'name="date-day" value="31"' in html
    assert 'name="date-month" value="2"' in html
    assert re.search(r'value="supplier"\s+checked', html)
    assert "Enter the value in pounds, like 25 or 24.99" in visible_text(response)
    assert "Date must be a real date" in visible_text(response)


def test_the_error_summary_links_to_the_box_at_fault(signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "date_2": "", "action": "continue"}
    )

    html = response.content.decode()
    assert '<a href="#id_date-year">Date must include a year</a>' in html
    assert html.count("Date must include a year</a>") == 1


# --- Check ------------------------------------------------------------------------------


def test_check_shows_what_the_code_says_without_saving(signed_in):
    response = signed_in.post(new_url("interest"), {**VALID["interest"], "action": "check"})

    assert response.status_code == 200
    assert Declaration.objects.count() == 0
    assert DeclarationEvent.objects.count() == 0
    text = visible_text(response)
    assert "What your code says" in text
    assert "Must be declared" in text
    assert "Your line manager (Lee Manager)" in text
    assert "Your director (Dana Director)" in text
    assert "The register kept by your line manager (Lee Manager)" in text
    assert "Declare it by 29 March 2025" in text
    assert "Late" in text
    assert 'href="/policies/thurrock/#clause-18.2"' in response.content.decode()
    assert "Checked against the code of Thurrock Council" in text


def test_check_names_the_director_up_the_chain_for_a_thurrock_gift(signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "token_item": "no", "action": "check"}
    )

    text = visible_text(response)
    assert "Must be declined" in text
    assert "Your director (Dana Director)" in text
    assert "The register kept by your director (Dana Director)" in text
    assert "Suggest the giver makes a goodwill gesture" in text
    assert 'href="/policies/thurrock/#clause-14.5"' in response.content.decode()


def test_check_names_the_monitoring_officer_who_holds_the_role(
    client, director, monitoring_officer
):
    client.force_login(director.user)

    response = client.post(new_url("gift"), {**VALID["gift"], "action": "check"})

    text = visible_text(response)
    assert "The monitoring officer (Mona Monitoring)" in text
    assert "The register kept by the monitoring officer (Mona Monitoring)" in text


def test_a_role_nobody_holds_is_named_without_a_person(client, director):
    client.force_login(director.user)

    response = client.post(new_url("gift"), {**VALID["gift"], "action": "check"})

    text = visible_text(response)
    assert "The monitoring officer " in text
    assert "The register kept by the monitoring officer." in text


def test_check_says_approval_is_needed_before_accepting(signed_in):
    response = signed_in.post(
        new_url("hospitality"),
        {
            **VALID["hospitality"],
            "hospitality_kind": "conference_or_course",
            "corporate": "yes",
            "donor_has_pending_decision": "no",
            "action": "check",
        },
    )

    assert "Needs approval before you accept" in visible_text(response)


def test_check_works_on_unfinished_answers(signed_in):
    response = signed_in.post(
        new_url("gift"), {"token_item": "yes", "value_gbp": "5", "action": "check"}
    )

    text = visible_text(response)
    assert response.status_code == 200
    assert "There is a problem" not in text
    assert "Must be declared" in text
    assert "questions not yet answered count as their usual answer" in text
    assert Declaration.objects.count() == 0


def test_check_on_complete_answers_makes_no_assumptions(signed_in):
    response = signed_in.post(new_url("gift"), {**VALID["gift"], "action": "check"})

    assert "not yet answered" not in visible_text(response)


def test_check_asks_for_the_answer_the_code_cannot_do_without(signed_in):
    response = signed_in.post(new_url("relationship"), {"action": "check"})

    text = visible_text(response)
    assert "Answer “Who are they to you at work?” to see what your code says." in text


def test_check_uses_the_readable_answers_and_flags_the_rest(signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "value_gbp": "lots", "action": "check"}
    )

    text = visible_text(response)
    assert "Enter the value in pounds, like 25 or 24.99" in text
    assert "Some answers could not be read" in text
    assert 'value="lots"' in response.content.decode()


def test_a_seconded_officer_is_checked_against_both_codes(client, db):
    seconded = OfficerFactory(
        organisation=OrganisationFactory(code="thurrock"),
        seconded_to=OrganisationFactory(code="ecc"),
    )
    client.force_login(seconded.user)

    response = client.post(new_url("outside_work"), {**VALID["outside_work"], "action": "check"})

    text = visible_text(response)
    assert "Checked against the codes of Thurrock Council and Essex County Council" in text
    assert 'href="/policies/ecc/#clause-outside-work"' in response.content.decode()


# --- who may file -----------------------------------------------------------------------


def test_someone_signed_out_is_sent_to_sign_in(client, db):
    response = client.get(reverse("declaration-new"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "url", [reverse("declaration-new"), "/declarations/new/gift/"], ids=["choose", "questions"]
)
def test_a_user_without_a_staff_record_is_told_why_they_cannot_file(url, client, db):
    user = get_user_model().objects.create_user("no.record", password="x")
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 403
    assert "Your account is not linked to a staff record" in visible_text(response)


def test_a_user_without_a_staff_record_cannot_post_a_declaration(client, db):
    user = get_user_model().objects.create_user("no.record", password="x")
    client.force_login(user)

    response = client.post(new_url("gift"), {**VALID["gift"], "action": "continue"})

    assert response.status_code == 403
    assert Declaration.objects.count() == 0
