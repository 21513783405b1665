"""Filing one declaration of each type through the pages, start to finish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from declarations.models import Declaration
from tests.e2e.helpers import COMPLETE_ANSWERS

pytestmark = pytest.mark.django_db(transaction=True)


TYPE_WORDS = {
    "gift": "Gift",
    "hospitality": "Hospitality",
    "interest": "Interest",
    "outside_work": "Outside work",
    "relationship": "Relationship",
    "disclosure": "Disclosure",
}


@pytest.mark.parametrize("declaration_type", list(COMPLETE_ANSWERS))
def test_filing_a_declaration_reaches_confirmation_and_is_listed(
    page, filer, log_in, open_form, answer, declaration_type, screenshot
):
    log_in(filer)
    open_form(declaration_type)

    answer(COMPLETE_ANSWERS[declaration_type])
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    counterparty = str(COMPLETE_ANSWERS[declaration_type]["counterparty"])
    expect(page.locator(".govuk-summary-list")).to_contain_text(counterparty)
    if declaration_type == "gift":
        screenshot("check-answers")
    page.get_by_role("button", name="Submit declaration").click()

    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"THU-\d{4}-\d{6}", reference)
    if declaration_type == "gift":
        screenshot("confirmation")

    declaration = Declaration.objects.get(reference=reference)
    assert declaration.type == declaration_type
    assert declaration.status != "draft"
    assert declaration.verdict is not None

    page.get_by_role("link", name="Back to your declarations").click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(TYPE_WORDS[declaration_type])
    expect(row).to_contain_text(counterparty)
