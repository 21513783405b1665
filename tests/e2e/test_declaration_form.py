"""The declaration form as a filer meets it (issue 11): one error per date question,
linked to a box that takes focus; a short spoken verdict and a quiet panel that stays
in view; only the questions that apply; and no accessibility faults, wide or narrow."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.answering import answer_fixture, date_box
from tests.e2e.helpers import COMPLETE_ANSWERS, PANEL, TYPE_SLUGS

pytestmark = pytest.mark.django_db(transaction=True)

STATUS = "#verdict-status"


@pytest.mark.parametrize("declaration_type", sorted(TYPE_SLUGS))
def test_a_bad_date_is_one_error_whose_link_puts_the_cursor_in_the_day_box(
    page, filer, log_in, declaration_type
):
    log_in(filer)
    page.goto(f"/declarations/new/{TYPE_SLUGS[declaration_type]}/")
    for part, typed in enumerate(("31", "2", "2025")):
        page.locator(date_box("date", part)).fill(typed)

    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    date_links = summary.get_by_role("link", name="Date must be a real date")
    expect(date_links).to_have_count(1)
    expect(date_links).to_have_attribute("href", "#id_date-day")
    # The field's own message is shown once too, and every box is marked.
    expect(page.locator("#div_id_date .govuk-error-message")).to_have_count(1)
    expect(page.locator("#div_id_date .govuk-input--error")).to_have_count(3)

    date_links.click()
    expect(page.locator(date_box("date", 0))).to_be_focused()


def test_a_missing_date_links_to_the_day_box_and_a_missing_year_to_the_year_box(
    page, filer, log_in
):
    log_in(filer)
    page.goto("/declarations/new/gift/")
    page.get_by_role("button", name="Continue").click()
    link = page.locator(".govuk-error-summary").get_by_role("link", name="Enter the date")
    expect(link).to_have_attribute("href", "#id_date-day")

    page.locator(date_box("date", 0)).fill("2")
    page.locator(date_box("date", 1)).fill("11")
    page.get_by_role("button", name="Continue").click()
    link = page.locator(".govuk-error-summary").get_by_role("link", name="Date must include a year")
    expect(link).to_have_attribute("href", "#id_date-year")
    expect(page.locator("#div_id_date .govuk-input--error")).to_have_count(1)
    link.click()
    expect(page.locator(date_box("date", 2))).to_be_focused()


def test_the_verdict_is_spoken_in_one_short_line_and_the_panel_stays_quiet(
    page, county_officer, log_in, answer, settled_panel
):
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    panel = page.locator(PANEL)
    expect(panel).not_to_have_attribute("aria-live", re.compile(".*"))
    expect(panel.locator("[aria-live]")).to_have_count(0)
    # With JavaScript on, nobody is told to press a button to see the verdict.
    expect(panel.get_by_text("Select “Check what your code says”")).to_be_hidden()
    expect(panel.get_by_text("as you answer the questions")).to_be_visible()

    answer({"value_gbp": "30", "form": "item"})
    settled_panel()

    status = page.locator(STATUS)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("Your code says: must be declined")
    assert len(status.inner_text().split()) <= 8


def test_the_panel_stays_in_view_beside_the_form_on_a_wide_screen(
    page, county_officer, log_in, answer, at_width, settled_panel
):
    at_width(1280, 720)
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    answer({"value_gbp": "30", "form": "item"})
    settled_panel()

    page.evaluate("() => window.scrollTo(0, 0)")
    top = page.locator(PANEL).bounding_box()
    page.mouse.wheel(0, 400)  # down the form, past where the panel started
    page.wait_for_function("() => window.scrollY >= 400")

    box = page.locator(PANEL).bounding_box()
    assert top is not None and box is not None
    assert top["y"] > 100
    assert 0 <= box["y"] <= 20, f"the panel scrolled away with the form: {box}"
    assert box["y"] + box["height"] <= 720, f"the panel does not fit the window: {box}"
    # The one-line summary is for screen readers only here: the panel is on screen.
    expect(page.locator(".filing-verdict-summary__link")).to_be_hidden()


def test_on_a_phone_a_short_verdict_near_the_top_links_to_the_panel(
    page, county_officer, log_in, answer, at_width, settled_panel
):
    at_width(375)
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    answer({"value_gbp": "30", "form": "item"})
    settled_panel()

    status = page.locator(STATUS)
    expect(status).to_be_visible()
    expect(status).to_have_text("Your code says: must be declined")
    heading = page.get_by_role("heading", name="Declare a gift", level=1).bounding_box()
    panel = page.locator(PANEL).bounding_box()
    summary = status.bounding_box()
    assert heading and panel and summary
    assert heading["y"] < summary["y"] < panel["y"], "the summary is not near the top"

    # It updates with the answers, and its link goes to the panel below the buttons.
    page.get_by_label("How much is it worth?").fill("10")
    expect(status).to_have_text("Your code says: no action needed")
    page.get_by_role("link", name="See what your code says in full").click()
    assert page.url.endswith("#verdict-panel")


@pytest.fixture
def opcc_officer(db):
    """An OPCC officer: their code asks whether a gift is a promotional item and whether
    it arrived without warning, the gift form's two follow-up questions."""
    from tests.factories import OfficerFactory, OrganisationFactory, UserFactory

    return OfficerFactory(
        organisation=OrganisationFactory(code="opcc"),
        user=UserFactory(username="pat.police", first_name="Pat", last_name="Police"),
    )


def test_follow_up_questions_are_revealed_by_their_answer(page, opcc_officer, log_in):
    log_in(opcc_officer)
    page.goto("/declarations/new/gift/")
    token = page.locator("#div_id_token_item")
    without_warning = page.locator("#div_id_received_without_warning")

    page.locator('[name="form"][value="cash"]').check()
    expect(token).to_be_hidden()
    page.locator('[name="form"][value="item"]').check()
    expect(page.locator("#conditional-form-1")).to_be_visible()

    page.locator('[name="direction"][value="given"]').check()
    expect(without_warning).to_be_hidden()
    page.locator('[name="direction"][value="received"]').check()
    expect(page.locator("#conditional-direction-1")).to_contain_text("without warning")


def test_a_question_that_cannot_change_the_verdict_is_not_asked(page, county_officer, log_in):
    """For the county council, "would turning it down cause offence" decides a gift that
    is not a token: ask it only when the gift is not a token."""
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    offence = page.locator("#div_id_refusal_would_offend")
    expect(offence).to_be_visible()  # nothing answered yet: it may matter

    page.locator('[name="form"][value="item"]').check()
    page.get_by_label("How much is it worth?").fill("10")
    expect(offence).to_be_hidden()  # a token gift: the answer changes nothing

    page.get_by_label("How much is it worth?").fill("40")
    expect(offence).to_be_visible()
    # Questions the county council's code never reads for this officer are not shown.
    expect(page.locator("#div_id_on_behalf_of_employer")).to_be_hidden()


def test_a_gift_is_filed_with_only_the_questions_that_apply_answered(
    page, county_officer, log_in, answer
):
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    answered = answer({**COMPLETE_ANSWERS["gift"], "value_gbp": "10"})

    assert "refusal_would_offend" not in answered
    assert "on_behalf_of_employer" not in answered
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()


def test_without_javascript_every_question_is_shown_and_the_form_still_submits(
    no_js_page, county_officer, log_in
):
    log_in(county_officer, on=no_js_page)
    no_js_page.goto("/declarations/new/gift/")
    # Every question is on show, follow-ups included.
    for name in ("refusal_would_offend", "on_behalf_of_employer", "token_item"):
        expect(no_js_page.locator(f"#div_id_{name}")).to_be_visible()
    expect(no_js_page.get_by_text("Select “Check what your code says”")).to_be_visible()

    answers = {
        name: value
        for name, value in COMPLETE_ANSWERS["gift"].items()
        if name not in ("refusal_would_offend", "on_behalf_of_employer", "token_item")
    }
    answer_fixture(no_js_page)({**answers, "value_gbp": "10"})
    no_js_page.get_by_role("button", name="Continue").click()

    # The questions that cannot change the verdict were not required.
    expect(
        no_js_page.get_by_role("heading", name="Check your answers before you submit")
    ).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_form_has_no_accessibility_faults(
    page, county_officer, log_in, answer, at_width, settled_panel, assert_accessible, width
):
    at_width(width)
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    assert_accessible()

    answer({"value_gbp": "30", "form": "item", "date": datetime.date(2031, 1, 1)})
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    settled_panel()
    assert_accessible()
