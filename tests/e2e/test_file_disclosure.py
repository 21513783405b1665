"""Making a disclosure in the browser: a county council officer charged with an offence
says so, the live panel says what their code asks, and the entry goes to their line
manager, due the day of the charge."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Declaration
from tests.e2e.answering import fill_answers

pytestmark = pytest.mark.django_db(transaction=True)

CHARGED_DAYS_AGO = 5
CHARGE = {
    "disclosure_kind": "criminal_charge",
    "description": "Charged with careless driving on my way home from work.",
}


def charged_on() -> datetime.date:
    """Worked out in each test, so that a run across midnight still agrees with itself."""
    return timezone.localdate() - datetime.timedelta(days=CHARGED_DAYS_AGO)


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def test_an_officer_charged_with_an_offence_tells_their_line_manager(
    page, county_officer, log_in, settled_panel
):
    charged = charged_on()
    log_in(county_officer)
    page.goto("/")
    page.get_by_role("button", name="Make a declaration").click()
    page.get_by_label("Something else you must tell us").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/declarations/new/disclosure/")
    expect(page.get_by_role("heading", name="Make a disclosure")).to_be_visible()

    fill_answers(page, {**CHARGE, "date": charged})

    panel = settled_panel()
    expect(panel.locator(".govuk-tag").first).to_have_text("Must be declared")
    expect(panel).to_contain_text("Your line manager (Max Manager)")
    expect(panel).not_to_contain_text("questions not yet answered")
    expect(panel).to_contain_text(f"Declare it by {long_date(charged)}")
    # The bail question belongs to bail conditions only.
    expect(page.get_by_text("Could the bail conditions affect your work?")).to_be_hidden()

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("I have been charged with a criminal offence")
    expect(summary).to_contain_text(long_date(charged))
    page.get_by_role("button", name="Submit declaration").click()

    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", reference)
    expect(page.locator("main")).to_contain_text("your line manager (Max Manager)")

    declaration = Declaration.objects.get(reference=reference)
    assert declaration.type == "disclosure"
    assert declaration.status == "awaiting_acknowledgement"
    assert declaration.verdict["outcome"] == "declare"
    assert declaration.verdict["route"] == ["line_manager"]
    assert declaration.deadline == charged
    assert declaration.late is True
    assert declaration.approval_steps.get().assignee == county_officer.line_manager

    page.get_by_role("link", name=re.compile("your declaration.s page")).click()
    entry = page.locator("main")
    expect(entry).to_contain_text("Must be declared")
    expect(entry).to_contain_text(
        f"Late: declared {CHARGED_DAYS_AGO} days after the deadline of {long_date(charged)}"
    )


def test_bail_conditions_ask_whether_they_could_affect_the_work(
    page, county_officer, log_in, settled_panel
):
    charged = charged_on()
    log_in(county_officer)
    page.goto("/declarations/new/disclosure/")
    follow_up = page.get_by_text("Could the bail conditions affect your work?")
    expect(follow_up).to_be_hidden()

    page.locator('[name="disclosure_kind"][value="bail_conditions"]').check()
    expect(follow_up).to_be_visible()
    page.locator('[name="bail_conditions_affect_work"][value="no"]').check()
    fill_answers(page, {"date": charged, "description": "Bail: not to contact a neighbour."})

    panel = settled_panel()
    expect(panel.locator(".govuk-tag").first).to_have_text("No action needed")
