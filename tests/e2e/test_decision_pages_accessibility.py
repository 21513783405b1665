"""axe-core (WCAG 2.2 A and AA) finds nothing wrong with the approvers' pages in the
states people meet them in: the decision queue empty, full and filtered; a decision page
before deciding, after each validation error, once decided and before its turn; the
delegation page clean and with errors; the 403 page; and the officer's own declaration
page showing where its route has got to; each at 1280 and at 375 CSS pixels wide.
Screenshots of the queue and the decision page are saved under tests/e2e/screenshots/.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.approvals import decisions
from declarations.models import Declaration, Officer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting(cast, submitted) -> dict[str, Declaration]:
    """Two declarations for the line manager: the officer's outside work needing approval
    (CC-W2, spinal column point 30) and the colleague's needing acknowledgement (CC-W1)."""
    approval = submitted(cast.officer, "outside_work")
    acknowledgement = submitted(cast.colleague, "outside_work")
    assert approval.verdict["outcome"] == "approval_required"
    assert acknowledgement.verdict["outcome"] == "declare"
    return {"approval": approval, "acknowledgement": acknowledgement}


@pytest.fixture
def as_person(page, log_in):
    """Switch the browser to another person (session cookie only)."""

    def switch(person: Officer) -> None:
        page.context.clear_cookies()
        log_in(person)

    return switch


def fill_date(page, question: str, date: datetime.date) -> None:
    """Type a date into the three boxes of the GOV.UK date input asking `question`."""
    group = page.get_by_role("group", name=question, exact=True)
    for box, number in (("Day", date.day), ("Month", date.month), ("Year", date.year)):
        group.get_by_label(box, exact=True).fill(str(number))


def step_url(declaration: Declaration, order: int = 1) -> str:
    return f"/decisions/{declaration.approval_steps.get(order=order).pk}/"


def test_the_decision_queue_empty_full_and_filtered(
    page, cast, waiting, as_person, assert_accessible_at_widths, screenshot
):
    as_person(cast.director)  # step 2 of the officer's route has not opened yet
    page.goto("/decisions/")
    expect(page.locator("#queue-counts")).to_have_text("Nothing is waiting for your decision.")
    assert_accessible_at_widths()

    as_person(cast.line_manager)
    page.goto("/decisions/")
    expect(page.locator("#queue-counts")).to_contain_text("2 declarations waiting for you")
    expect(page.locator("#decision-queue tbody tr")).to_have_count(2)
    assert_accessible_at_widths()
    screenshot("approvals-decision-queue")

    # Both are outside work, so only what the code says (two answers) is offered to filter by.
    expect(page.get_by_role("combobox", name="Type")).to_have_count(0)
    page.get_by_role("combobox", name="What the code says").select_option("approval_required")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#queue-counts")).to_contain_text("Showing 1 that matches your filters.")
    rows = page.locator("#decision-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(waiting["approval"].reference_with_version)
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    assert_accessible_at_widths()
    screenshot("approvals-decision-queue-filtered")

    page.get_by_role("combobox", name="Waiting for").select_option("overdue")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Nothing matches your filters.")).to_be_visible()
    assert_accessible_at_widths()


def test_the_decision_page_before_deciding_after_errors_and_once_decided(
    page, cast, waiting, as_person, assert_accessible_at_widths, screenshot
):
    approval = waiting["approval"]
    as_person(cast.line_manager)
    page.goto(step_url(approval))
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    assert_accessible_at_widths()
    screenshot("approvals-decision-page")

    # No decision chosen.
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether you approve or reject this declaration"
    )
    expect(page.locator("#id_decision-error")).to_be_visible()
    assert_accessible_at_widths()

    # Rejected without a reason.
    page.get_by_label("Reject", exact=True).check()
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for rejecting this declaration"
    )
    expect(page.locator("#id_reason-error")).to_be_visible()
    assert_accessible_at_widths()
    screenshot("approvals-decision-page-error")

    # A declaration that only needs acknowledging: no radios, an optional note.
    page.goto(step_url(waiting["acknowledgement"]))
    expect(page.get_by_role("button", name="Acknowledge")).to_be_visible()
    assert_accessible_at_widths()

    # The chief officer's step before its turn.
    as_person(cast.director)
    page.goto(step_url(approval, order=2))
    expect(page.get_by_text("This is not waiting for you yet")).to_be_visible()
    assert_accessible_at_widths()

    # Once decided, the line manager's step says who decided and why.
    decisions.decide(
        approval.approval_steps.get(order=1).pk,
        by=cast.line_manager,
        decision="approve",
        reason="Fine by me.",
    )
    as_person(cast.line_manager)
    page.goto(step_url(approval))
    expect(page.locator("#step-outcome")).to_contain_text("This step was approved by Lena Manager")
    assert_accessible_at_widths()


def test_the_delegate_page_clean_and_with_errors(
    page, cast, as_person, assert_accessible_at_widths
):
    as_person(cast.line_manager)
    page.goto("/decisions/delegate/")
    expect(page.get_by_role("heading", name="Name someone to decide for you")).to_be_visible()
    assert_accessible_at_widths()

    page.get_by_role("button", name="Save delegate").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_count(3)
    expect(summary).to_contain_text("Select who will decide for you")
    assert page.title().startswith("Error:")
    assert_accessible_at_widths()

    today = timezone.localdate()
    page.get_by_label("Who will decide for you?").select_option(
        label="Dev Director, Director of Highways"
    )
    fill_date(page, "From", today + datetime.timedelta(days=7))
    fill_date(page, "Until (inclusive)", today)
    page.get_by_role("button", name="Save delegate").click()
    expect(summary).to_contain_text("The end date must be the same as or after the start date")
    expect(page.get_by_label("Who will decide for you?")).to_have_value(str(cast.director.pk))
    assert_accessible_at_widths()

    fill_date(page, "Until (inclusive)", today + datetime.timedelta(days=14))
    page.get_by_role("button", name="Save delegate").click()
    expect(page.get_by_role("alert")).to_contain_text("Dev Director will decide for you")
    expect(page.locator("#delegations-given")).to_contain_text("Dev Director")
    assert_accessible_at_widths()


def test_the_officers_declaration_page_with_its_route_and_the_403_page(
    page, cast, waiting, as_person, assert_accessible_at_widths
):
    approval = waiting["approval"]
    decisions.decide(
        approval.approval_steps.get(order=1).pk,
        by=cast.line_manager,
        decision="approve",
        reason="Fine by me.",
    )
    as_person(cast.officer)
    page.goto(f"/declarations/{approval.pk}/")
    expect(page.get_by_role("heading", name="Where it has got to")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Fine by me.")
    assert_accessible_at_widths()

    decisions.decide(
        approval.approval_steps.get(order=2).pk,
        by=cast.director,
        decision="reject",
        reason="Not while you are on call.",
    )
    page.reload()
    expect(page.locator(".govuk-tag").first).to_have_text("Rejected")
    assert_accessible_at_widths()

    # The officer opening a step of their own declaration: the 403 page.
    response = page.goto(step_url(approval))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    assert_accessible_at_widths()
