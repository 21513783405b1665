"""The officer's home and a declaration's history at 320 CSS pixels (WCAG 1.4.10, reflow):
the page itself never scrolls sideways; a wide table scrolls in its own box, hidden words
included. A draft whose date was not given says so rather than showing today's date."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from declarations.filing import services as filing

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_and_a_history_fit_320_pixels(
    page, filer, log_in, submitted, at_width, sideways_scroll, assert_accessible
):
    filing.create_draft(
        filer,
        "gift",
        {"counterparty": "A very long name for a supplier of office furniture Ltd"},
        actor=filer.user,
        given={"counterparty": "A very long name for a supplier of office furniture Ltd"},
    )
    declaration = submitted(filer, "interest")
    at_width(320)
    log_in(filer)

    page.goto("/")
    expect(page.get_by_role("cell", name="No date yet")).to_be_visible()
    assert sideways_scroll() is None
    assert_accessible()

    page.goto(f"/declarations/{declaration.pk}/")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("region", name="History")).to_be_visible()
    assert sideways_scroll() is None
