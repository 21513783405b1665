"""An entry kept out of the published register, end to end in Chromium: a director asks
for their outside work to be kept out (for their safety), the monitoring officer
publishes and then agrees, and the public page at once lists the director's other entry
but not that one, saying that entries were withdrawn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from declarations.models import PublicationWithholding
from tests.factories import declare

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_withheld_entry_is_missing_from_the_public_page(
    page, browser, live_server, director, monitoring_officer, log_in, assert_accessible
):
    hidden = declare(director, "outside_work", "approved", counterparty="Riverside Refuge Trust")
    declare(director, "gift", "recorded", counterparty="Thames Stationers")

    # The director asks, from their own entry's page.
    log_in(director)
    page.goto(f"/declarations/{hidden.pk}/")
    page.get_by_role(
        "link", name="Ask for this entry to be kept out of the published register"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask for this entry to be kept out of the published register"
    )
    assert_accessible()
    page.get_by_role("button", name="Send your request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why this entry should be kept out of the published register"
    )
    assert_accessible()
    page.get_by_label("Why should this entry be kept out of the published register?").fill(
        "Someone who threatened me volunteers there."
    )
    page.get_by_role("button", name="Send your request").click()
    expect(page).to_have_url(re.compile(rf"/declarations/{hidden.pk}/$"))
    expect(page.locator("#withholding")).to_contain_text(
        "The monitoring officer has not decided yet."
    )

    # The monitoring officer (signed in in the same browser now) publishes while the
    # request waits, then agrees: the entry leaves the published register at once.
    log_in(monitoring_officer)
    page.goto("/register/publish/")
    expect(page.locator("#publish-preview")).to_contain_text("Riverside Refuge Trust")
    page.get_by_role("button", name="Publish the register").click()
    expect(page).to_have_url(re.compile(r"/published/thurrock/$"))
    page.goto("/register/publish/")
    page.get_by_role("link", name="Requests to keep an entry out of the published register").click()
    page.get_by_role("link", name=hidden.reference).click()
    expect(page.locator("#their-reason")).to_have_text(
        "Someone who threatened me volunteers there."
    )
    assert_accessible()
    page.get_by_label("Keep it out of the published register").check()
    page.get_by_label("Reason for your decision").fill("A real risk to the officer.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Your decision on {hidden.reference} is recorded."
    )
    assert PublicationWithholding.objects.get().state == "granted"
    page.goto("/register/publish/")
    preview = page.locator("#publish-preview")
    expect(preview).to_contain_text("Thames Stationers")
    expect(preview).not_to_contain_text("Riverside Refuge Trust")

    # The public, not signed in, without the register being published again.
    public = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    try:
        reader = public.new_page()
        reader.goto("/published/thurrock/")
        table = reader.locator("#published-entries")
        expect(table).to_contain_text("Thames Stationers")
        expect(table.locator("tbody tr")).to_have_count(1)
        expect(reader.locator("main")).not_to_contain_text("Riverside Refuge Trust")
        expect(reader.locator("#entries-withdrawn")).to_contain_text(
            "Entries have since been withdrawn from this version of the register"
        )
    finally:
        public.close()

    # The director's entry page gives the decision and its reason; the history does not.
    log_in(director)
    page.goto(f"/declarations/{hidden.pk}/")
    expect(page.locator("#withholding")).to_contain_text(
        "the monitoring officer decided to keep this entry out of the published register: "
        "A real risk to the officer."
    )
