"""axe-core (WCAG 2.2 A and AA rules) on the register keepers' pages and the public
register: the register unfiltered, filtered and with a filter error, the named
registers, publishing, the published register, the dashboard, the interest reviews,
and the 403 pages someone who keeps no register is shown; each at 1280 and at 375 CSS
pixels wide.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import DATE_FROM, DATE_TO

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_register_pages(
    page, register_entries, monitoring_officer, log_in, assert_accessible_at_widths
):
    log_in(monitoring_officer)

    page.goto("/register/")
    expect(page.locator("#register-totals")).to_contain_text("10 entries match")
    assert_accessible_at_widths()

    page.goto(
        f"/register/?type=gift&date_from={DATE_FROM.isoformat()}"
        f"&date_to={DATE_TO.isoformat()}&q=Dana&sort=-value"
    )
    expect(page.locator("#register-totals")).to_contain_text("3 entries match")
    assert_accessible_at_widths()

    # A filter with an error: the error summary, the field's message, the rest applied.
    page.goto("/register/?date_from=not-a-date&type=gift")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the from date as a real date"
    )
    assert page.title().startswith("Error: ")
    expect(page.get_by_role("group", name="From", exact=True)).to_have_accessible_description(
        re.compile(r"^For example, [0-9 ]+\s+Error:\s+Enter the from date as a real date")
    )
    expect(page.locator("#register-totals")).to_contain_text("5 entries match")  # the type applies
    assert_accessible_at_widths()

    # Its download is refused with a page saying why.
    response = page.goto("/register/export.csv?date_from=not-a-date")
    assert response.status == 400
    expect(page.get_by_role("heading", name="The download could not be made")).to_be_visible()
    assert_accessible_at_widths()

    page.goto("/register/named/")
    expect(page.get_by_role("heading", name="Registers you keep")).to_be_visible()
    assert_accessible_at_widths()
    page.get_by_role(
        "link", name="Register of gifts and hospitality (assistant directors and above)"
    ).click()
    expect(page.locator("#register-totals")).to_contain_text("5 entries match")
    assert_accessible_at_widths()


def test_publishing_and_the_public_register(
    page,
    browser,
    live_server,
    register_entries,
    monitoring_officer,
    log_in,
    assert_accessible_at_widths,
):
    # Before anything is published: the public index says so.
    page.goto("/published/")
    expect(page.get_by_text("No employer has published its register yet.")).to_be_visible()
    assert_accessible_at_widths()
    # An employer that has not published: a page that says so, not a bare error.
    response = page.goto("/published/thurrock/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible_at_widths()

    log_in(monitoring_officer)
    page.goto("/register/publish/")
    expect(page.get_by_text("The register has not been published before.")).to_be_visible()
    assert_accessible_at_widths()

    # A level that is not in the list: the error is shown and tied to the select.
    response = page.goto("/register/publish/?minimum_level=not-a-level")
    assert response.status == 400
    expect(
        page.get_by_label("Publish declarations of officers at or above")
    ).to_have_accessible_description(
        "Only the declarations of officers at this level or above are published. "
        "Error: Select a valid choice. not-a-level is not one of the available choices."
    )
    assert_accessible_at_widths()

    page.goto("/register/publish/")
    page.get_by_role("button", name="Publish the register").click()
    expect(page.get_by_role("alert")).to_contain_text("register is published")
    assert_accessible_at_widths()  # the published register, with the success banner

    page.goto("/register/publish/")
    expect(page.get_by_text("The register was last published on")).to_be_visible()
    assert_accessible_at_widths()

    page.context.clear_cookies()
    page.goto("/published/")
    expect(page.get_by_role("link", name="Thurrock Council")).to_be_visible()
    assert_accessible_at_widths()
    page.get_by_role("link", name="Thurrock Council").click()
    expect(page.locator("#published-entries")).to_be_visible()
    assert_accessible_at_widths()


def test_the_dashboard_the_reviews_and_the_403_pages(
    page, register_entries, monitoring_officer, officer, log_in, assert_accessible_at_widths
):
    log_in(monitoring_officer)
    page.goto("/dashboard/")
    expect(page.locator("#late-declarations")).to_be_visible()
    assert_accessible_at_widths()

    page.goto("/reviews/")
    expect(page.locator("#interest-reviews")).to_contain_text(register_entries.ref("rowing"))
    assert_accessible_at_widths()
    page.get_by_role("link", name=f"Review {register_entries.ref('rowing')}").click()
    expect(page.get_by_role("heading", name="Review this interest")).to_be_visible()
    assert_accessible_at_widths()
    # A note that is too long: the error is shown and tied to the box.
    page.get_by_label("Note (optional)").fill("x" * 2001)
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Note (optional)")).to_have_accessible_description(
        re.compile(r"^For example, what you discussed.*Error:\s+Ensure this value has at most 2000")
    )
    assert_accessible_at_widths()

    page.context.clear_cookies()
    log_in(officer)
    response = page.goto("/register/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this register")).to_be_visible()
    assert_accessible_at_widths()
    response = page.goto("/dashboard/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    assert_accessible_at_widths()
