"""The register's pages fit the screen: at a laptop's 1280 px the register's table fits
the page with every column header whole (it once cut "Register keeper" to "Re kee"),
and on a 375 px phone, and at the 320 px of WCAG's reflow criterion, each entry is a
card and nothing scrolls sideways. axe reports nothing at any of those widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from declarations.register import publishing

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 375, 320)

# The register table's box and headers: whether the table fits its box, and each shown
# column header's text fits the header and the header the box.
TABLE_FIT = """
(selector) => {
  const table = document.querySelector(selector);
  const box = table.closest(".register-table-scroll") || table.parentElement;
  const edge = box.getBoundingClientRect();
  const headers = [...table.querySelectorAll("thead th")]
    .filter((th) => th.getClientRects().length > 0)
    .map((th) => {
      const rect = th.getBoundingClientRect();
      return {
        text: th.innerText.trim(),
        clipped: th.scrollWidth > th.clientWidth + 1
          || rect.right > edge.right + 0.5 || rect.left < edge.left - 0.5,
      };
    });
  return {
    boxScrolls: box.scrollWidth > box.clientWidth + 1,
    headers,
    rowsAreCards: getComputedStyle(table.querySelector("tbody tr")).display === "block",
  };
}
"""

# The field name a card shows before a cell's value (the cell's data-label).
LABEL_SHOWN = """
(cell) => getComputedStyle(cell, "::before").content
"""


def check_register_table(page, width: int, sideways_scroll) -> None:
    fit = page.evaluate(TABLE_FIT, "table.register-entries")
    assert sideways_scroll() is None
    assert not fit["boxScrolls"], f"the table scrolls inside its box at {width} px"
    clipped = [header["text"] for header in fit["headers"] if header["clipped"]]
    assert clipped == [], f"headers cut off at {width} px: {clipped}"
    if width >= 1280:
        assert not fit["rowsAreCards"]
        assert [header["text"] for header in fit["headers"]][-1] == "Register keeper"
    else:
        assert fit["rowsAreCards"]


def test_the_register_fits_a_laptop_and_a_phone(
    page,
    register_entries,
    monitoring_officer,
    log_in,
    at_width,
    sideways_scroll,
    assert_accessible,
):
    log_in(monitoring_officer)
    page.goto("/register/")
    expect(page.locator("#register-totals")).to_contain_text("10 entries match")

    for width in WIDTHS:
        at_width(width)
        check_register_table(page, width, sideways_scroll)
        assert_accessible()

    # On the phone each card names its fields, and the sortable columns still sort.
    at_width(375)
    first_keeper_cell = page.locator('table.register-entries td[data-label="Register keeper"]')
    assert first_keeper_cell.first.evaluate(LABEL_SHOWN) == '"Register keeper"'
    page.get_by_role("link", name="Value", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=value"))
    check_register_table(page, 375, sideways_scroll)


def test_a_named_register_fits_too(
    page,
    register_entries,
    monitoring_officer,
    log_in,
    at_width,
    sideways_scroll,
    assert_accessible,
):
    log_in(monitoring_officer)
    page.goto("/register/named/thurrock-gifts-and-hospitality-senior/")
    expect(page.locator("#register-totals")).to_contain_text("entries match")

    for width in WIDTHS:
        at_width(width)
        check_register_table(page, width, sideways_scroll)
        assert_accessible()


def test_the_published_register_and_the_dashboard_never_scroll_sideways(
    page,
    register_entries,
    monitoring_officer,
    log_in,
    at_width,
    sideways_scroll,
    assert_accessible,
):
    publishing.publish(
        monitoring_officer.organisation, minimum_level="staff", by=monitoring_officer
    )
    page.goto("/published/thurrock/")
    expect(page.locator("#published-entries")).to_be_visible()
    for width in WIDTHS:
        at_width(width)
        assert sideways_scroll() is None
        fit = page.evaluate(TABLE_FIT, "#published-entries")
        assert not fit["boxScrolls"]
        assert [header["text"] for header in fit["headers"] if header["clipped"]] == []
        assert_accessible()

    log_in(monitoring_officer)
    page.goto("/dashboard/")
    for width in (1280, 700, 375, 320):
        at_width(width)
        assert sideways_scroll() is None
