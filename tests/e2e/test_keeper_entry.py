"""A monitoring officer opens one entry from the register in a real browser and reads
it: the answers, what the code says with its clauses, who decided and why, what
happened to a gift that had to be declined, and the history. axe reports nothing at a
laptop's width or a phone's, and nothing scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_monitoring_officer_opens_an_entry_from_the_register(
    page,
    register_entries,
    monitoring_officer,
    log_in,
    assert_accessible_at_widths,
    at_width,
    sideways_scroll,
):
    wine = register_entries["wine"]
    log_in(monitoring_officer)
    page.goto("/register/")

    page.get_by_role("link", name=wine.reference_with_version, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/register/entries/{wine.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(wine.reference_with_version)
    # The answers.
    answers = page.locator("#answers + .govuk-summary-list")
    expect(answers).to_contain_text("Purfleet Wines")
    expect(answers).to_contain_text("£120.00")
    # What the code says, each reason with its clause.
    expect(page.locator("#verdict-reasons")).to_contain_text("Thurrock Council, clause 14.5")
    expect(page.get_by_role("link", name="Thurrock Council, clause 14.5")).to_be_visible()
    # Who decided, and what they decided.
    route = page.locator("#route-steps")
    expect(route).to_contain_text("Mona Monitoring")
    expect(route).to_contain_text("Acknowledged")
    # What happened to it.
    expect(page.locator("#what-happened + .govuk-summary-list")).to_contain_text("Declined")
    # The history, oldest first.
    history = page.locator("#history tbody tr")
    expect(history.first).to_contain_text("Dana Director")
    expect(page.locator("#history")).to_contain_text("Mona Monitoring")
    # Read-only: nothing to change or submit.
    expect(page.locator("main form")).to_have_count(0)

    assert_accessible_at_widths()
    for width in (1280, 375, 320):
        at_width(width)
        assert sideways_scroll() is None

    # Back to the register it came from.
    at_width(1280)
    page.get_by_role("link", name="Register of declarations").click()
    expect(page.locator("#register-totals")).to_contain_text("10 entries match")


def test_an_officer_is_told_the_entry_is_not_there(page, register_entries, officer, log_in):
    log_in(officer)
    response = page.goto(f"/register/entries/{register_entries['wine'].pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
