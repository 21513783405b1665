"""A gift the code says must be declined, end to end in Chromium: a Thurrock officer files
a £60 gift from a supplier, is told what to do next and by when, says it went to the
Mayor's Charity Fund, and their director acknowledges it. One who said when filing that
they declined it is sent straight on; and the page works without JavaScript."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from declarations.models import Declaration
from tests.e2e.helpers import COMPLETE_ANSWERS, file_declaration

pytestmark = pytest.mark.django_db(transaction=True)

SUPPLIER_HAMPER = {
    **COMPLETE_ANSWERS["gift"],
    "counterparty": "Grays Office Supplies Ltd",
    "description": "A Christmas hamper",
    "value_gbp": "£60",
    "status": "accepted",
}


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def say_when(target, day) -> None:
    for part, number in (("day", day.day), ("month", day.month), ("year", day.year)):
        target.locator(f'[name="happened_on-{part}"]').fill(str(number))


def test_the_officer_says_it_went_to_the_mayors_charity_fund_and_the_director_acknowledges(
    page,
    filer,
    director,
    monitoring_officer,
    log_in,
    open_form,
    answer,
    assert_accessible_at_widths,
    screenshot,
):
    log_in(filer)
    open_form("gift")
    answer(SUPPLIER_HAMPER)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Submit declaration").click()

    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    declaration = Declaration.objects.get(reference=reference)
    due = long_date(declaration.disposition_due_on)
    main = page.locator("main")
    expect(main).to_contain_text(
        f"Your code says this must be declined. Tell us what happened to it by {due}."
    )
    expect(main).to_contain_text(
        "Once you have told us, we will send it to your director (Dana Director) to acknowledge."
    )
    expect(main).not_to_contain_text("who will acknowledge it")
    screenshot("refused-gift-confirmation")

    page.get_by_role("button", name="Tell us what happened to it").click()
    expect(page.get_by_role("heading", name="What happened to it?")).to_be_visible()
    assert_accessible_at_widths()
    charity = page.get_by_label("Which charity?")
    expect(charity).to_be_hidden()
    page.get_by_label("Given to a charity").check()
    expect(charity).to_be_visible()  # the note is asked for under its option
    page.get_by_label("Given to the Mayor's Charity Fund").check()
    expect(charity).to_be_hidden()
    say_when(page, timezone.localdate())
    page.get_by_role("button", name="Tell us what happened", exact=True).click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Thank you: you have told us what happened to it."
    )
    expect(main).to_contain_text("What happened Given to the Mayor's Charity Fund")
    expect(page.get_by_role("button", name="Tell us what happened to it")).to_have_count(0)

    step = declaration.approval_steps.get()
    step.refresh_from_db()
    assert step.assignee == director and step.opened_at is not None
    log_in(director)
    page.goto(f"/decisions/{step.pk}/")
    expect(page.locator("#history")).to_contain_text("given to the Mayor's Charity Fund")
    page.get_by_role("button", name="Acknowledge", exact=True).click()

    declaration.refresh_from_db()
    assert declaration.status == "recorded"
    assert declaration.disposition == "given_to_named_charity"

    # The monitoring officer's register says what happened to it.
    log_in(monitoring_officer)
    page.goto("/register/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Given to the Mayor's Charity Fund")


def test_a_gift_declined_when_filed_goes_to_the_director_at_once(
    page, filer, director, log_in, open_form, answer
):
    log_in(filer)
    open_form("gift")
    answer({**SUPPLIER_HAMPER, "status": "declined"})
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Submit declaration").click()

    main = page.locator("main")
    expect(main).to_contain_text(
        "We have sent it to your director (Dana Director), who will acknowledge it."
    )
    expect(main).to_contain_text("You told us what happened to it: declined")
    expect(page.get_by_role("button", name="Tell us what happened to it")).to_have_count(0)
    reference = page.locator(".govuk-panel__body strong").inner_text()
    step = Declaration.objects.get(reference=reference).approval_steps.get()
    assert step.opened_at is not None


def test_without_javascript_every_note_shows_and_nothing_typed_is_lost(
    no_js_page, filer, director, log_in
):
    declaration = file_declaration(filer, "gift", status="offered", value_gbp="60")
    log_in(filer, on=no_js_page)
    no_js_page.goto(f"/declarations/{declaration.pk}/what-happened/")

    expect(no_js_page.get_by_label("Which charity?")).to_be_visible()
    no_js_page.get_by_label("Given to a charity").check()
    say_when(no_js_page, timezone.localdate())
    no_js_page.get_by_role("button", name="Tell us what happened", exact=True).click()

    summary = no_js_page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the charity you gave it to")
    expect(no_js_page.get_by_label("Given to a charity")).to_be_checked()
    expect(no_js_page.locator('[name="happened_on-day"]')).to_have_value(
        str(timezone.localdate().day)
    )
    no_js_page.get_by_label("Which charity?").fill("Grays Food Bank")
    no_js_page.get_by_role("button", name="Tell us what happened", exact=True).click()

    expect(no_js_page.locator("main")).to_contain_text("Details Grays Food Bank")
    declaration.refresh_from_db()
    assert declaration.disposition_note == "Grays Food Bank"
