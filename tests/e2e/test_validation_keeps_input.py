"""A form sent back with errors keeps everything that was typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.answering import date_box
from tests.e2e.helpers import A_FEW_DAYS_AGO, COMPLETE_ANSWERS, PANEL

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_invalid_amount_shows_the_error_and_keeps_every_answer(
    page, filer, log_in, answer, settled_panel
):
    log_in(filer)
    page.goto("/declarations/new/gift/")
    answers = {**COMPLETE_ANSWERS["gift"], "value_gbp": "abc"}
    answered = answer(answers)

    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title(re.compile(r"^Error: Declare a gift"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the value in pounds, like 25 or 24.99"]
    )
    expect(page.locator("#id_value_gbp")).to_have_value("abc")
    expect(page.locator("#id_counterparty")).to_have_value("Acme Supplies Ltd")
    expect(page.locator("#id_description")).to_have_value("A bottle of wine")
    for part, number in enumerate((A_FEW_DAYS_AGO.day, A_FEW_DAYS_AGO.month, A_FEW_DAYS_AGO.year)):
        expect(page.locator(date_box("date", part))).to_have_value(str(number))
    for name, value in answers.items():
        if name not in answered:
            continue
        if isinstance(value, bool):
            value = "yes" if value else "no"
        radio = page.locator(f'input[type="radio"][name="{name}"][value="{value}"]')
        if radio.count():
            expect(radio).to_be_checked()

    # The error summary takes you to the answer to correct (GOV.UK Frontend's script).
    summary.get_by_role("link").click()
    expect(page.locator("#id_value_gbp")).to_be_focused()
    # The live panel gives the verdict for the answers that could be read.
    panel = settled_panel()
    expect(panel.locator(".govuk-tag").first).to_be_visible()
    expect(panel).to_contain_text("Some answers could not be read")


def test_an_impossible_date_keeps_the_day_month_and_year_typed(page, filer, log_in, answer):
    log_in(filer)
    page.goto("/declarations/new/outside-work/")
    answer({**COMPLETE_ANSWERS["outside_work"], "hours_per_week": "7.5"})
    for part, typed in enumerate(("31", "2", "2025")):
        page.locator(date_box("date", part)).fill(typed)

    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Date must be a real date")
    for part, typed in enumerate(("31", "2", "2025")):
        expect(page.locator(date_box("date", part))).to_have_value(typed)
        expect(page.locator(date_box("date", part))).to_have_class(
            "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
            if part < 2
            else "govuk-input govuk-date-input__input govuk-input--width-4 govuk-input--error"
        )
    expect(page.locator("#id_hours_per_week")).to_have_value("7.5")
    expect(page.locator("#id_counterparty")).to_have_value("The Riverside Bar")
    expect(page.locator('[name="work_kind"][value="employment"]')).to_be_checked()
    expect(page.locator(PANEL)).to_be_visible()
