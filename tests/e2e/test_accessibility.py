"""axe-core (WCAG 2.2 A and AA rules) on every page a filer sees, with and without errors,
at 1280 and at 375 CSS pixels wide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import COMPLETE_ANSWERS, TYPE_SLUGS

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_an_empty_home_page(page, filer, sign_in, assert_accessible_at_widths):
    page.goto("/sign-in/")
    assert_accessible_at_widths()
    sign_in("olive.officer", password="wrong")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible_at_widths()

    sign_in("olive.officer")
    expect(page.get_by_text("You have not made any declarations yet.")).to_be_visible()
    assert_accessible_at_widths()


@pytest.mark.parametrize("declaration_type", list(TYPE_SLUGS))
def test_each_form_clean_and_with_errors(
    page, filer, log_in, settled_panel, assert_accessible_at_widths, declaration_type
):
    log_in(filer)
    page.goto(f"/declarations/new/{TYPE_SLUGS[declaration_type]}/")
    assert_accessible_at_widths()

    # One answer, then Continue: errors for the rest, and the live panel drawn by
    # verdict.js for what has been answered.
    page.locator("#id_counterparty").fill(str(COMPLETE_ANSWERS[declaration_type]["counterparty"]))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(settled_panel()).not_to_contain_text("Select “Check what your code says”")
    assert_accessible_at_widths()


def test_the_filing_journey_pages(
    page, filer, log_in, answer, assert_accessible_at_widths, screenshot
):
    log_in(filer)
    page.goto("/declarations/new/")
    assert_accessible_at_widths()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what you want to declare")
    assert_accessible_at_widths()

    page.goto("/declarations/new/gift/")
    answer(COMPLETE_ANSWERS["gift"])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    assert_accessible_at_widths()

    page.get_by_role("button", name="Submit declaration").click()
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    assert_accessible_at_widths()

    page.get_by_role("link", name="your declaration\u2019s page").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible_at_widths()

    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("button", name="Withdraw declaration")).to_be_visible()
    assert_accessible_at_widths()

    page.goto("/")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible_at_widths()
    screenshot("home-with-entries")


def test_the_end_page(page, filer, log_in, submitted, assert_accessible_at_widths):
    interest = submitted(filer, "interest")
    assert interest.status in ("recorded", "approved"), interest.status
    log_in(filer)

    page.goto(f"/declarations/{interest.pk}/end/")
    expect(page.get_by_role("heading", name="Tell us it has ended")).to_be_visible()
    assert_accessible_at_widths()
    page.get_by_role("button", name="Confirm it has ended").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date it ended")
    assert_accessible_at_widths()


def test_the_codes_of_conduct(page, filer, log_in, assert_accessible_at_widths):
    log_in(filer)
    page.goto("/policies/")
    assert_accessible_at_widths()
    page.goto("/policies/thurrock/")
    expect(page.locator("#clause-14\\.3")).to_be_attached()
    assert_accessible_at_widths()
