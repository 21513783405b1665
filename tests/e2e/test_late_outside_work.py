"""A late county council outside-work request: an officer on spinal column point 29
asks for consent to work that started weeks ago. The code wants consent before the work
starts (county council 4.3), so the entry says it is late, and by how much."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Declaration
from tests.e2e.answering import fill_answers

pytestmark = pytest.mark.django_db(transaction=True)

STARTED_WEEKS_AGO = 6 * 7
WORK = {
    "work_kind": "employment",
    "counterparty": "Great Notley Garden Centre",
    "description": "Saturday shifts on the tills.",
    "paid": True,
    "hours_per_week": "8",
    "during_working_hours": False,
    "uses_employer_resources": False,
    "during_sick_leave": False,
    "during_leave_or_suspension_for_employer": False,
    "overlaps_normal_duties": False,
    "conflicts_with_duties": False,
    "for_service_user": False,
    "private_gain_from_employment_work": False,
    "political_activity": "none",
}


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


@pytest.fixture
def senior_county_officer(county_officer):
    """On spinal column point 29: outside work needs their chief officer's consent."""
    county_officer.spinal_column_point = 29
    county_officer.save()
    return county_officer


def test_outside_work_that_started_weeks_ago_is_late_by_that_many_days(
    page, senior_county_officer, log_in, settled_panel
):
    started_on = timezone.localdate() - datetime.timedelta(days=STARTED_WEEKS_AGO)
    log_in(senior_county_officer)
    page.goto("/declarations/new/outside-work/")
    fill_answers(page, {**WORK, "date": started_on})

    panel = settled_panel()
    expect(panel.locator(".govuk-tag").first).to_have_text("Needs approval before you start")
    expect(panel).to_contain_text(f"Declare it by {long_date(started_on)}")
    expect(panel).to_contain_text("This is already past the deadline")

    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Submit declaration").click()
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()

    declaration = Declaration.objects.get(reference=reference)
    assert declaration.verdict["outcome"] == "approval_required"
    assert declaration.deadline == started_on
    assert declaration.late is True

    page.get_by_role("link", name=re.compile("your declaration.s page")).click()
    entry = page.locator("main")
    expect(entry).to_contain_text(
        f"Late: declared {STARTED_WEEKS_AGO} days after the deadline of {long_date(started_on)}"
    )
