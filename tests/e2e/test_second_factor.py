"""The monitoring officer's second factor in a real browser: set up at her first sign-in,
a fresh code at the next, and a recovery code when the app is not to hand.

Codes are made the way her phone would make them: from the setup key the page shows
(django_otp.oath.TOTP), no mocking.
"""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def phone(secret_text: str) -> TOTP:
    """An authenticator app holding the setup key as typed from the page."""
    text = secret_text.replace(" ", "").strip()
    return TOTP(base64.b32decode(text + "=" * (-len(text) % 8)))


def code_at(app: TOTP, steps_ahead: int = 0) -> str:
    """The app's code now, or a later time step's (a code is accepted only once, and the
    next step's is within the tolerance)."""
    app.time = app.time + steps_ahead * app.step if steps_ahead else None
    return f"{app.token():06d}"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")


def test_the_monitoring_officer_sets_up_her_app_then_signs_in_with_codes(
    page, register_entries, monitoring_officer, sign_in, assert_accessible, screenshot
):
    # First sign-in: her password, then setting up an app before she is let in.
    sign_in("mona.monitoring")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    qr = page.get_by_role("img", name="QR code for adding the conduct register")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_accessible()
    screenshot("second-factor-set-up")
    app = phone(page.locator("#totp-secret").inner_text())

    page.get_by_label("Code from the app", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is wrong")
    assert_accessible()
    page.wait_for_timeout(1_100)  # after a wrong code, django-otp waits a second first
    page.get_by_label("Code from the app", exact=True).fill(code_at(app))
    page.get_by_role("button", name="Continue").click()

    # Her recovery codes, shown this once.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert_accessible()
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Register of declarations")).to_be_visible()

    # Next time: her password, then a fresh code from the app.
    sign_out(page)
    sign_in("mona.monitoring")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible()
    page.get_by_label("Code", exact=True).fill(code_at(app, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Register of declarations")).to_be_visible()

    # Without her phone: a recovery code, which then no longer works.
    sign_out(page)
    sign_in("mona.monitoring")
    page.get_by_text("I do not have my authenticator app").click()
    page.get_by_label("Code", exact=True).fill(codes[0].strip())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "You used a recovery code. You have 9 left"
    )
    sign_out(page)
    sign_in("mona.monitoring")
    page.get_by_label("Code", exact=True).fill(codes[0].strip())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is wrong")
    assert_accessible()


def test_the_account_password_and_lockout_pages_are_accessible(
    page, officer, stranger, sign_in, assert_accessible
):
    # The officer's account page, and the pages to change how she signs in.
    sign_in("olive.officer")
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your current password")
    assert_accessible()
    page.goto("/account/")
    page.get_by_role("button", name="Set up a second factor").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your password")
    assert_accessible()
    sign_out(page)

    # Someone who has forgotten their password.
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("button", name="Send link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible()
    page.get_by_label("Email address", exact=True).fill("olive.officer@example.org")
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible()

    # Someone guessing the stranger's password.
    for n in range(5):
        sign_in("sam.stranger", password=f"guess {n}")
    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    assert_accessible()
