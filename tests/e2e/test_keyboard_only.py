"""The whole filing journey with the keyboard alone: Tab and Shift+Tab to move,
arrow keys and Space for radios, Enter for links and buttons, and typing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.answering import date_box, on_show
from tests.e2e.helpers import A_FEW_DAYS_AGO, PANEL

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = "selector => document.activeElement && document.activeElement.matches(selector)"


def tab_to(page, selector: str, *, key: str = "Tab", limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(FOCUSED, selector):
            return
    raise AssertionError(f"{key} never reached {selector}")


def choose(page, name: str, value: str) -> None:
    """Tab into a radio group, then move to the option (arrows select as they move)."""
    tab_to(page, f'input[name="{name}"]')
    for _ in range(20):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")  # selects the first option, which arrows skip
            expect(page.locator(f'input[name="{name}"][value="{value}"]')).to_be_checked()
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"No option {value} for {name}")


def test_filing_a_relationship_with_the_keyboard_alone(page, filer, log_in):
    log_in(filer)
    page.goto("/")

    tab_to(page, "a.govuk-button")  # Make a declaration
    page.keyboard.press("Enter")
    page.wait_for_url("**/declarations/new/")

    choose(page, "type", "relationship")
    tab_to(page, 'button[type="submit"].govuk-button')
    page.keyboard.press("Enter")
    page.wait_for_url("**/declarations/new/relationship/")

    tab_to(page, "#id_counterparty")
    page.keyboard.type("Sam Tailor")
    choose(page, "with_whom", "colleague")
    # Back to correct the name, then on again: the chosen option keeps its place.
    tab_to(page, "#id_counterparty", key="Shift+Tab")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Sam Taylor")
    tab_to(page, 'input[name="with_whom"]')
    assert page.evaluate("() => document.activeElement.checked")
    choose(page, "nature", "close_friend")
    tab_to(page, date_box("date", 0))
    page.keyboard.type(str(A_FEW_DAYS_AGO.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(A_FEW_DAYS_AGO.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(A_FEW_DAYS_AGO.year))
    # Only the questions that can change what Thurrock's code says are asked.
    for name, value in (
        ("professional_responsibility", "no"),
        ("existed_before_appointment", "yes"),
        ("involved_in_decision", "no"),
    ):
        if on_show(page, name):
            choose(page, name, value)
    tab_to(page, "#id_description")
    page.keyboard.type("We play in the same five-a-side team.")

    # The panel has followed along without any button being pressed.
    expect(page.locator(PANEL)).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(PANEL).locator(".govuk-tag").first).to_be_visible()

    tab_to(page, 'button[value="continue"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Sam Taylor")
    expect(page.locator(".govuk-summary-list")).to_contain_text("A colleague elsewhere")

    tab_to(page, 'form[action$="/submit/"] button')
    page.keyboard.press("Enter")
    page.wait_for_url("**/confirmation/")
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    expect(page.locator(".govuk-panel__body strong")).to_have_text(re.compile(r"THU-\d{4}-000001"))


def test_the_error_summary_takes_the_keyboard_to_the_day_box(page, filer, log_in):
    log_in(filer)
    page.goto("/declarations/new/relationship/")
    tab_to(page, 'button[value="continue"]')
    page.keyboard.press("Enter")
    # GOV.UK Frontend moves focus to the summary when the page comes back.
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    tab_to(page, '.govuk-error-summary a[href="#id_date-day"]')
    page.keyboard.press("Enter")

    expect(page.locator(date_box("date", 0))).to_be_focused()
    page.keyboard.type(str(A_FEW_DAYS_AGO.day))
    expect(page.locator(date_box("date", 0))).to_have_value(str(A_FEW_DAYS_AGO.day))
