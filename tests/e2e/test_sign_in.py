"""Signing in and out in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_signs_in_and_sees_their_declarations(
    page, officer, sign_in, assert_accessible, screenshot
):
    page.goto("/sign-in/")
    assert_accessible()

    sign_in("olive.officer")

    assert page.get_by_role("heading", name="Your declarations").is_visible()
    assert page.get_by_text("Thurrock Council").first.is_visible()
    assert_accessible()
    screenshot("home")


def test_a_wrong_password_shows_an_error_and_keeps_the_username(page, officer, sign_in):
    sign_in("olive.officer", password="wrong")

    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Username", exact=True).input_value() == "olive.officer"


def test_signing_out_returns_to_the_sign_in_page(page, officer, sign_in):
    sign_in("olive.officer")

    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url("**/sign-in/")
    page.goto("/")
    assert "/sign-in/" in page.url
