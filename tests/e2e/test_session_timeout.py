"""The warning before a session ends (static/js/session_timeout.js), in a real browser with
the limits cut to seconds: it appears, "Stay signed in" keeps the session, and when the
time runs out a half-filled declaration form is saved as a draft before the sign-out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from declarations.models import Declaration

pytestmark = pytest.mark.django_db(transaction=True)

WARNING = re.compile("about to be signed out")


@pytest.fixture
def short_session(settings):
    """Signed out after 10 seconds without activity, warned after 3."""
    settings.SESSION_IDLE_SECONDS = 10
    settings.SESSION_WARNING_SECONDS = 7
    return settings


def test_the_warning_appears_and_staying_signed_in_keeps_the_session(
    page, short_session, log_in, officer, assert_accessible
):
    log_in(officer)
    page.goto("/")
    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_contain_text("we will sign you out in")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible()

    stay.click()

    expect(dialog).to_be_hidden()
    # Past the 10 seconds the page began with: still signed in.
    page.wait_for_timeout(7_000)
    page.goto("/")
    expect(page.get_by_role("heading", name="Your declarations")).to_be_visible()


def test_when_the_time_runs_out_the_browser_goes_to_sign_in_and_says_why(
    page, short_session, log_in, officer
):
    log_in(officer)
    page.goto("/decisions/")
    page.wait_for_url("**/sign-in/?next=/decisions/", timeout=20_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out after 10 seconds without activity."
    )
    page.goto("/")
    assert "/sign-in/" in page.url


def test_a_half_filled_declaration_form_is_saved_as_a_draft_when_the_time_runs_out(
    page, short_session, log_in, officer, sign_in
):
    log_in(officer)
    page.goto("/declarations/new/gift/")
    page.locator("#id_counterparty").fill("Half-typed Ltd")
    page.locator("#id_description").fill("A hamper, still deciding")
    expect(page.get_by_role("dialog", name=WARNING)).to_contain_text(
        "We will save your answers as a draft first.", timeout=12_000
    )

    page.wait_for_url("**/sign-in/**", timeout=20_000)

    draft = Declaration.objects.get(officer=officer)
    assert (draft.status, draft.counterparty, draft.description) == (
        "draft",
        "Half-typed Ltd",
        "A hamper, still deciding",
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your answers were saved as a draft."
    )
    # Signing in again comes back to the draft, as it was left.
    page.get_by_label("Username", exact=True).fill("olive.officer")
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/declarations/{draft.pk}/edit/")
    expect(page.locator("#id_counterparty")).to_have_value("Half-typed Ltd")


def test_sign_out_in_the_warning_signs_out(page, short_session, log_in, officer):
    log_in(officer)
    page.goto("/")
    dialog = page.get_by_role("dialog", name=WARNING)
    dialog.get_by_role("button", name="Sign out").click(timeout=8_000)
    page.wait_for_url("**/sign-in/")
    page.goto("/")
    assert "/sign-in/" in page.url


def test_without_javascript_nothing_is_shown_and_the_session_still_ends(
    no_js_page, short_session, log_in, officer
):
    log_in(officer, on=no_js_page)
    no_js_page.goto("/")
    expect(no_js_page.get_by_role("dialog")).to_have_count(0)
    expect(no_js_page.get_by_role("heading", name="Your declarations")).to_be_visible()
    no_js_page.wait_for_timeout(11_000)
    no_js_page.goto("/")
    assert "/sign-in/" in no_js_page.url
    expect(no_js_page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out after 10 seconds without activity."
    )
