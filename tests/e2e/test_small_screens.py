"""At 320 CSS pixels wide (WCAG 2.2's reflow criterion, 1.4.10: a 1280 px screen zoomed
to 400 %), no page scrolls sideways: every page the filers, approvers, register keepers
and the public meet, the account and sign-in pages, and the 403 and 404 pages, in the
states they are met in (with errors, filtered, decided...), fits the window. Wide tables
may scroll inside their own box; the page itself may not.

Each test visits all its pages and then lists every one that does not fit, with the
elements that stick out, so one run shows everything to fix.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from declarations.approvals import decisions
from tests.e2e.helpers import COMPLETE_ANSWERS, TYPE_SLUGS, draft_declaration

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320


class Pages:
    """Checks each page it is shown at WIDTH and remembers those that do not fit."""

    def __init__(self, page, sideways_scroll) -> None:
        self.page = page
        self.sideways_scroll = sideways_scroll
        self.too_wide: list[str] = []

    def check(self, address: str | None = None) -> None:
        """Go to `address` (or stay where the test has got to) and measure the page."""
        if address is not None:
            self.page.goto(address)
        problem = self.sideways_scroll()
        if problem is not None:
            self.too_wide.append(problem)

    def assert_all_fit(self) -> None:
        assert self.too_wide == [], f"Pages wider than {WIDTH} px:\n" + "\n".join(self.too_wide)


@pytest.fixture
def pages(page, at_width, sideways_scroll) -> Pages:
    at_width(WIDTH)
    return Pages(page, sideways_scroll)


def test_the_filers_pages_fit(page, pages, filer, log_in, submitted):
    pages.check("/sign-in/")
    log_in(filer)
    pages.check("/")
    pages.check("/declarations/new/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()

    for declaration_type, slug in TYPE_SLUGS.items():
        pages.check(f"/declarations/new/{slug}/")
        page.locator("#id_counterparty").fill(
            str(COMPLETE_ANSWERS[declaration_type]["counterparty"])
        )
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        pages.check()

    # The answers go in through the form's own checks, not the browser: filling the form
    # is the accessibility and journey tests' business; here only the layout counts.
    draft = draft_declaration(filer, "gift")
    pages.check(f"/declarations/{draft.pk}/check/")
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    page.get_by_role("button", name="Submit declaration").click()
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    pages.check()
    page.get_by_role("link", name="your declaration\u2019s page").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    pages.check()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("button", name="Withdraw declaration")).to_be_visible()
    pages.check()

    interest = submitted(filer, "interest")
    pages.check(f"/declarations/{interest.pk}/end/")
    page.get_by_role("button", name="Confirm it has ended").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()

    pages.check("/")
    expect(page.get_by_role("table")).to_have_count(2)  # awaiting acknowledgement, recorded
    pages.check("/annual/")
    pages.check("/policies/")
    pages.check("/policies/thurrock/")
    pages.assert_all_fit()


def test_the_approvers_pages_fit(page, pages, cast, submitted, log_in):
    approval = submitted(cast.officer, "outside_work")
    acknowledgement = submitted(cast.colleague, "outside_work")
    first = approval.approval_steps.get(order=1)
    log_in(cast.line_manager)

    pages.check("/decisions/")
    expect(page.locator("#decision-queue tbody tr")).to_have_count(2)
    pages.check(f"/decisions/{first.pk}/")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()
    pages.check(f"/decisions/{acknowledgement.approval_steps.get(order=1).pk}/")
    pages.check("/decisions/delegate/")
    page.get_by_role("button", name="Save delegate").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()

    decisions.decide(first.pk, by=cast.line_manager, decision="approve", reason="Fine by me.")
    pages.check(f"/decisions/{first.pk}/")
    page.context.clear_cookies()
    log_in(cast.officer)
    pages.check(f"/declarations/{approval.pk}/")
    expect(page.get_by_role("heading", name="Where it has got to")).to_be_visible()
    pages.check(f"/decisions/{first.pk}/")  # the 403 page
    pages.assert_all_fit()


def test_the_register_keepers_and_the_public_pages_fit(
    page, pages, register_entries, monitoring_officer, officer, log_in
):
    log_in(monitoring_officer)
    pages.check("/register/")
    expect(page.locator("#register-totals")).to_contain_text("10 entries match")
    pages.check("/register/?type=gift&q=Dana&sort=-value")
    pages.check("/register/?date_from=not-a-date&type=gift")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check("/register/export.csv?date_from=not-a-date")
    pages.check("/register/named/")
    page.get_by_role(
        "link", name="Register of gifts and hospitality (assistant directors and above)"
    ).click()
    expect(page.locator("#register-totals")).to_be_visible()
    pages.check()
    pages.check("/register/publish/?minimum_level=not-a-level")
    pages.check("/register/publish/")
    page.get_by_role("button", name="Publish the register").click()
    expect(page.get_by_role("alert")).to_contain_text("register is published")
    pages.check()
    pages.check("/dashboard/")
    pages.check("/reviews/")
    page.get_by_role("link", name=f"Review {register_entries.ref('rowing')}").click()
    expect(page.get_by_role("heading", name="Review this interest")).to_be_visible()
    pages.check()
    pages.check("/register/security-log/")

    page.context.clear_cookies()
    pages.check("/published/")
    pages.check("/published/thurrock/")
    expect(page.locator("#published-entries")).to_be_visible()
    log_in(officer)
    pages.check("/register/")  # the 403 page for someone who keeps no register
    pages.check("/dashboard/")
    pages.assert_all_fit()


def test_the_account_and_error_pages_fit(page, pages, officer, monitoring_officer, sign_in):
    sign_in("olive.officer")
    pages.check("/account/")
    pages.check("/account/password/")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()
    pages.check("/account/sessions/")
    page.goto("/account/")
    page.get_by_role("button", name="Set up a second factor").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    pages.check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()
    pages.check("/no-such-page/")  # the 404 page, signed in

    page.get_by_role("button", name="Menu").click()  # the navigation, folded away
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    pages.check()
    page.get_by_role("link", name="Forgotten your password?").click()
    pages.check()
    page.get_by_label("Email address", exact=True).fill("olive.officer@example.org")
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    pages.check()

    # A monitoring officer's first sign-in: the QR code and key for an authenticator app.
    sign_in("mona.monitoring")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    pages.check()
    page.get_by_label("Code from the app", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    pages.check()
    pages.assert_all_fit()
