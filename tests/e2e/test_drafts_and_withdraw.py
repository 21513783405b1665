"""Saving a draft and coming back to it; withdrawing a submitted declaration."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from declarations.models import Declaration
from tests.e2e.answering import date_box
from tests.e2e.helpers import COMPLETE_ANSWERS, PANEL

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT_ANSWERS = {
    "interest_kind": "financial",
    "counterparty": "Acme Holdings plc",
    "description": "200 shares",
    "could_conflict": True,
}


def test_a_saved_draft_comes_back_with_its_answers(
    page, filer, log_in, answer, settled_panel, screenshot
):
    log_in(filer)
    page.goto("/declarations/new/interest/")
    answer(DRAFT_ANSWERS)

    page.get_by_role("button", name="Save as draft").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("has been saved")
    draft = Declaration.objects.get(officer=filer)
    assert draft.status == "draft"
    assert draft.reference == ""  # issued when it is submitted
    expect(banner).to_contain_text("Your draft has been saved")

    # Come back to it later, from "Your declarations".
    page.goto("/")
    page.get_by_role("link", name="Draft interest, Acme Holdings plc").click()
    expect(page.locator(".govuk-tag").first).to_have_text("Draft")
    screenshot("detail-draft")
    page.get_by_role("link", name="Change your answers").click()

    expect(page.locator("#id_counterparty")).to_have_value("Acme Holdings plc")
    expect(page.locator("#id_description")).to_have_value("200 shares")
    expect(page.locator('[name="interest_kind"][value="financial"]')).to_be_checked()
    expect(page.locator('[name="could_conflict"][value="yes"]')).to_be_checked()
    # The panel gives the draft's verdict straight away (verdict.js, on load).
    expect(settled_panel().locator(".govuk-tag")).to_have_text("Must be declared")

    # Finish it and submit it.
    answer({**COMPLETE_ANSWERS["interest"], **DRAFT_ANSWERS})
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Submit declaration").click()
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    draft.refresh_from_db()
    assert draft.reference.startswith("THU-")
    expect(page.locator(".govuk-panel__body")).to_contain_text(draft.reference)


def test_questions_left_unanswered_in_a_draft_come_back_unanswered(
    page, filer, log_in, answer, settled_panel
):
    log_in(filer)
    page.goto("/declarations/new/interest/")
    answer(DRAFT_ANSWERS)  # held_by, the date and four Yes/No questions left unanswered
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    draft = Declaration.objects.get(officer=filer)

    page.goto(f"/declarations/{draft.pk}/edit/")

    expect(page.locator('[name="interest_kind"]:checked')).to_have_count(1)
    expect(page.locator('[name="could_conflict"][value="yes"]')).to_be_checked()
    for name in (
        "held_by",
        "org_does_business_with_employer",
        "pecuniary_interest_in_contract",
        "involved_in_related_matter",
        "change_to_existing",
    ):
        expect(page.locator(f'[name="{name}"]:checked')).to_have_count(0)
    for part in range(3):
        expect(page.locator(date_box("date", part))).to_have_value("")
    # The live panel still gives a verdict, saying unanswered questions were assumed.
    panel = settled_panel()
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declared")
    expect(panel).to_contain_text("questions not yet answered count as their usual answer")

    # Continue asks for them; the error summary links to the first radio.
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whose interest it is")
    expect(summary.get_by_role("link", name="Select whose interest it is")).to_have_attribute(
        "href", "#id_held_by_1"
    )
    expect(page.locator('[name="held_by"]:checked')).to_have_count(0)
    expect(page.locator("#id_counterparty")).to_have_value("Acme Holdings plc")

    # Leave again and look at Check your answers: each problem links to its question.
    page.goto(f"/declarations/{draft.pk}/check/")
    link = page.locator(".govuk-error-summary").get_by_role(
        "link", name="Select whose interest it is"
    )
    link.click()
    page.wait_for_url(f"**/declarations/{draft.pk}/edit/#id_held_by_1")
    expect(page.locator("#id_held_by_1")).to_be_visible()
    expect(page.locator('[name="held_by"]:checked')).to_have_count(0)


def test_withdrawing_a_submitted_declaration(page, filer, log_in, submitted, screenshot):
    draft = submitted(filer, "gift")
    assert draft.status != "draft"
    log_in(filer)

    page.goto(f"/declarations/{draft.pk}/")
    expect(page.locator(PANEL)).to_contain_text("What your code says")
    screenshot("detail")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("heading", name=f"withdraw {draft.reference}")).to_be_visible()
    page.get_by_label("Why are you withdrawing it? (optional)").fill("Entered by mistake")
    page.get_by_role("button", name="Withdraw declaration").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{draft.reference} has been withdrawn."
    )
    expect(page.locator("main .govuk-tag").first).to_have_text("Withdrawn")
    history = page.get_by_role("table", name="What has happened to this declaration")
    row = history.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Withdrawn", exact=True)
    )
    expect(row).to_contain_text("Entered by mistake")
    expect(row).to_contain_text("Olive Officer")
    expect(page.get_by_role("button", name="Withdraw")).to_have_count(0)

    page.goto("/")
    expect(page.get_by_role("table", name="Withdrawn")).to_contain_text(draft.reference)
