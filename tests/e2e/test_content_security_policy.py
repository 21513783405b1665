"""The browser enforces the Content-Security-Policy (conduct_register/settings.py), and the
e2e fixtures notice whenever it refuses something (tests/e2e/conftest.py), so every
journey's end-to-end test also checks that its pages need nothing the policy refuses."""

from __future__ import annotations

from playwright.sync_api import expect


def refused(violations: list, directive: str) -> bool:
    return any(
        violation.get("directive") == directive or directive in violation.get("text", "")
        for violation in violations
    )


def test_the_pages_own_scripts_run_under_the_policy(page, log_in, officer):
    log_in(officer)
    page.goto("/")
    # base.html's inline script (it carries the nonce) and GOV.UK Frontend (a module).
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    expect(page.locator(".govuk-service-navigation__toggle")).to_have_count(1)


def test_an_inline_style_is_refused_and_the_fixture_notices(
    page, log_in, officer, policy_violations
):
    log_in(officer)
    page.goto("/")
    page.evaluate("document.body.setAttribute('style', 'background-color: rgb(255, 0, 0)')")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(200)  # the report arrives as an event
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    assert refused(policy_violations, "style-src-attr")
    policy_violations.clear()  # provoked on purpose


def test_a_script_without_the_nonce_is_refused(page, log_in, officer, policy_violations):
    log_in(officer)
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert refused(policy_violations, "script-src-elem")
    policy_violations.clear()  # provoked on purpose


def test_with_javascript_off_a_refusal_is_still_noticed(no_js_page, policy_violations):
    """No listener runs without JavaScript: the browser's own console message counts."""
    no_js_page.route(
        "**/probe/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "style-src 'self'"},
            content_type="text/html",
            body='<!DOCTYPE html><title>Probe</title><p style="color: red">Probe</p>',
        ),
    )
    no_js_page.goto("/probe/")
    no_js_page.wait_for_timeout(200)
    assert refused(policy_violations, "style-src")
    policy_violations.clear()  # provoked on purpose
