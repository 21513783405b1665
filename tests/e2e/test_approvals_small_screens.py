"""The approvers' pages on a small screen: at 320 CSS pixels wide (WCAG 2.2 reflow,
1.4.10) neither the queue nor a decision page scrolls sideways, however long what was
typed into them (a counterparty, a reason, a note); their tables scroll inside their
own boxes. axe finds nothing wrong with them at 375 pixels, a phone's width.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.approvals import decisions, routing
from tests.factories import open_for, person

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "Thames Gateway Regeneration and Infrastructure Partnership (Southern Division) Ltd"
LONG_WORD = "https://example.org/" + "a-very-long-address-with-no-spaces-" * 4
WIDE = 1200
NARROW = 320
PHONE = 375


def scrolls_sideways(page) -> bool:
    """Whether the page is wider than its window (so the whole page scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def busy(thurrock, officer, line_manager, director, monitoring_officer):
    """Lee's queue: Olive's gift with a long donor's name, decided at step 1 by Lee with a
    reason holding a long unbroken address, now waiting for Dana; and a declined gift
    whose officer has said what happened to it, waiting for Lee."""
    _, (first, second) = open_for(
        officer, route=["line_manager", "director"], counterparty=LONG_NAME
    )
    decisions.decide(first.pk, by=line_manager, decision="approve", reason=f"See {LONG_WORD}")
    _, (step,) = open_for(
        officer,
        outcome="prohibited",
        counterparty=LONG_NAME,
        disposition="given_to_charity",
        disposition_on=datetime.date(2026, 12, 1),
        disposition_note=f"Receipt at {LONG_WORD}",
        disposition_recorded_at=timezone.now(),
    )
    routing.open_step(step)
    other = person(thurrock, "kit.other", "staff", line_manager)
    open_for(other, outcome="declare", type="interest", counterparty=LONG_NAME)
    return {"second": second, "declined": step}


def test_the_queue_and_decision_pages_fit_a_small_screen(
    page, busy, director, line_manager, log_in
):
    log_in(line_manager)
    page.goto("/decisions/")
    expect(page.locator("#decision-queue tbody tr")).to_have_count(2)
    assert scrolls_sideways(page) is False  # as wide as a laptop: nothing to hide

    page.set_viewport_size({"width": NARROW, "height": 800})
    too_wide = []
    for address in ("/decisions/", f"/decisions/{busy['declined'].pk}/"):
        page.goto(address)
        if scrolls_sideways(page):
            too_wide.append(address)
    page.context.clear_cookies()
    log_in(director)
    page.goto(f"/decisions/{busy['second'].pk}/")
    expect(page.locator("#history")).to_be_visible()
    if scrolls_sideways(page):
        too_wide.append(page.url)

    assert too_wide == []


def test_the_queue_and_decision_pages_are_accessible_on_a_phone(
    page, busy, line_manager, log_in, assert_accessible
):
    page.set_viewport_size({"width": PHONE, "height": 800})
    log_in(line_manager)
    page.goto("/decisions/")
    expect(page.locator("#decision-queue")).to_be_visible()
    assert_accessible()

    page.goto(f"/decisions/{busy['declined'].pk}/")
    expect(page.get_by_role("heading", name="What happened to it")).to_be_visible()
    assert_accessible()
