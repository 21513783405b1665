"""End-to-end tests: Playwright (from PyPI) driving Debian's Chromium against the
live test server. No browser is downloaded: `executable_path` points at the system one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.answering import answer_fixture
from tests.e2e.helpers import COMPLETE_ANSWERS, PANEL, TYPE_SLUGS, Register, make_register
from tests.factories import Cast, make_county_cast

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page runs under the Content-Security-Policy (conduct_register/settings.py): a test
# fails if the browser refuses anything on any page it opened. The listener goes in before
# each page's own scripts and reports each violation straight to Python, so violations on
# a page the test has since left still count. With JavaScript off no listener can run, so
# the browser's own console messages about the policies are read too.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


def watch_for_policy_violations(context, violations: list) -> None:
    """Collect in `violations` every policy the pages of `context` break."""

    def report(violation: dict) -> None:
        violations.append(violation)

    context.expose_function("reportCspViolation", report)
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message) -> None:
        if any(words in message.text for words in POLICY_WORDS):
            violations.append({"console": message.type, "text": message.text})

    context.on("console", on_console)


def assert_no_policy_violations(violations: list) -> None:
    assert violations == [], "The browser refused something on a page:\n" + "\n".join(
        str(violation) for violation in violations
    )


@pytest.fixture
def policy_violations() -> list:
    """What the browser refused on the test's pages (`page`, `no_js_page`): must stay empty
    (a test that provokes a refusal on purpose clears it)."""
    return []


@pytest.fixture
def page(browser, live_server, policy_violations) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    watch_for_policy_violations(context, policy_violations)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert_no_policy_violations(policy_violations)


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under tests/e2e/screenshots/ (kept out of git)."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def assert_accessible(page):
    """Run axe-core (bundled with axe-playwright-python) for WCAG 2.2 A and AA rules."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check() -> None:
        # Only violations in full: listing every passing check's nodes doubles the time.
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def new_page(browser, live_server):
    """Another person's browser: a fresh context (no cookies) on the live server."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1200, "height": 900}
        )
        contexts.append(context)
        other = context.new_page()
        other.set_default_timeout(10_000)
        return other

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(page):
    def sign_in_as(username: str, password: str = "correct horse battery staple") -> None:
        page.goto("/sign-in/")
        page.get_by_label("Username", exact=True).fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return sign_in_as


# --- the filer's journey (answers and constants in tests/e2e/helpers.py) ---------------


@pytest.fixture
def log_in(page, live_server):
    """Sign in by session cookie, skipping the sign-in page (test_sign_in.py covers it)."""
    from django.conf import settings
    from django.test import Client

    def log_in_as(officer, on=None) -> None:
        client = Client()
        client.force_login(officer.user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        (on or page).context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return log_in_as


@pytest.fixture
def filer(officer, monitoring_officer):
    """The Thurrock officer of tests/conftest.py, with a line manager, a director and a
    monitoring officer, so every route their code names has a real person."""
    return officer


@pytest.fixture
def county_officer(db):
    """A county council officer with a line manager and a monitoring officer."""
    from tests.factories import (
        OfficerFactory,
        OrganisationFactory,
        RoleAssignmentFactory,
        UserFactory,
    )

    county = OrganisationFactory(code="county-council")
    manager = OfficerFactory(
        organisation=county,
        user=UserFactory(username="max.manager", first_name="Max", last_name="Manager"),
        level="manager",
    )
    monitoring = OfficerFactory(
        organisation=county,
        user=UserFactory(username="mo.monitoring", first_name="Mo", last_name="Monitoring"),
        level="assistant_director",
    )
    RoleAssignmentFactory(officer=monitoring, organisation=county, role="monitoring_officer")
    return OfficerFactory(
        organisation=county,
        user=UserFactory(username="cara.county", first_name="Cara", last_name="County"),
        job_title="Highways Officer",
        line_manager=manager,
    )


@pytest.fixture
def answer(page):
    """Answer questions on a declaration form by field name (see COMPLETE_ANSWERS):
    dates in their day, month and year boxes, questions the form hides skipped."""
    return answer_fixture(page)


@pytest.fixture
def settled_panel(page):
    """The verdict panel once the live check has finished (verdict.js sets aria-busy
    from the first change until the newest verdict is drawn)."""
    from playwright.sync_api import expect

    def settled():
        panel = page.locator(PANEL)
        expect(panel).not_to_have_attribute("aria-busy", "true")
        return panel

    return settled


@pytest.fixture
def open_form(page):
    """Go from "Your declarations" to the form for one type, as a filer would."""

    def open_for(declaration_type: str) -> None:
        page.goto("/")
        page.get_by_role("button", name="Make a declaration").click()
        page.locator(f'[name="type"][value="{declaration_type}"]').check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"**/declarations/new/{TYPE_SLUGS[declaration_type]}/")

    return open_for


@pytest.fixture
def no_js_page(browser, live_server, policy_violations) -> Iterator:
    """A second browser context with JavaScript turned off."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1200, "height": 900}, java_script_enabled=False
    )
    watch_for_policy_violations(context, policy_violations)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert_no_policy_violations(policy_violations)


@pytest.fixture
def submitted(db):
    """File a complete declaration (COMPLETE_ANSWERS) through the services, not the pages."""
    from declarations.filing import services as filing
    from declarations.filing.forms import form_class_for

    def file(officer, declaration_type: str = "gift"):
        form_class = form_class_for(declaration_type)
        form = form_class(
            data=form_class.data_from(COMPLETE_ANSWERS[declaration_type]), officer=officer
        )
        assert form.is_valid(), form.errors
        draft = filing.create_draft(officer, declaration_type, form.answers(), actor=officer.user)
        return filing.submit(draft, actor=officer.user)

    return file


# --- the people and the register the journeys meet ---------------------------------------


@pytest.fixture
def cast(db) -> Cast:
    """The county council's approval cast (tests/factories.py make_county_cast)."""
    return make_county_cast()


@pytest.fixture
def register_entries(officer, line_manager, director, monitoring_officer, stranger) -> Register:
    """Thurrock's register made through the services (tests/e2e/helpers.py make_register)."""
    return make_register(officer, line_manager, director, monitoring_officer, stranger)


# --- small screens -----------------------------------------------------------------------

# axe checks each page as wide as a laptop and as narrow as a phone.
ACCESSIBILITY_WIDTHS = (1280, 375)

# Why a page scrolls sideways: the outermost elements that reach past the right edge
# (or before the left), outside any box that scrolls or clips them (an absolutely
# positioned element escapes every such box inside its containing block, as visually
# hidden text does); failing those, the deepest elements whose content (a long word,
# say) spills out of them.
OVERFLOW = """
() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const outOfFlow = (style) => style.position === "absolute" || style.position === "fixed";
  const contained = (element) => {
    let escaping = outOfFlow(getComputedStyle(element));
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (escaping && style.position === "static") continue;  // not its containing block
      if (style.overflowX !== "visible") return true;
      escaping = outOfFlow(style);
    }
    return false;
  };
  const describe = (element) => {
    const rect = element.getBoundingClientRect();
    const name = element.tagName.toLowerCase()
      + (element.id ? "#" + element.id : "")
      + [...element.classList].map((c) => "." + c).join("");
    const text = (element.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return `${name} from ${Math.round(rect.left)} to ${Math.round(rect.right)} px`
      + ` (scrollWidth ${element.scrollWidth}): "${text}"`;
  };
  const all = [...document.body.querySelectorAll("*")].filter((element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && !contained(element);
  });
  const past = all.filter((element) => {
    const rect = element.getBoundingClientRect();
    return rect.right > limit + 0.5 || rect.left < -0.5;
  });
  let culprits = past.filter((element) => !past.includes(element.parentElement));
  if (culprits.length === 0) {
    const spilling = all.filter((element) =>
      getComputedStyle(element).overflowX === "visible"
      && element.scrollWidth > element.clientWidth + 1
      && element.getBoundingClientRect().left + element.scrollWidth > limit + 0.5);
    culprits = spilling.filter(
      (element) => !spilling.some((other) => other !== element && element.contains(other)));
  }
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: limit,
    culprits: culprits.slice(0, 5).map(describe),
  };
}
"""


@pytest.fixture
def at_width(page):
    """Make the test's page this many CSS pixels wide (a phone's height): the page is
    laid out again, as when a phone is turned, without reloading."""

    def resize(width: int, height: int = 800) -> None:
        page.set_viewport_size({"width": width, "height": height})

    return resize


@pytest.fixture
def assert_accessible_at_widths(page, assert_accessible):
    """axe (as `assert_accessible`) on the page as it is, at each of ACCESSIBILITY_WIDTHS,
    reporting every width that fails; the page goes back to its own width afterwards."""

    def check() -> None:
        own = page.viewport_size
        failures = []
        for width in ACCESSIBILITY_WIDTHS:
            page.set_viewport_size({"width": width, "height": own["height"]})
            try:
                assert_accessible()
            except AssertionError as error:
                failures.append(f"At {width} px wide, on {page.url}:\n{error}")
        page.set_viewport_size(own)
        assert not failures, "\n\n".join(failures)

    return check


@pytest.fixture
def sideways_scroll(page):
    """What makes the page as it is wider than the window: None when nothing does, else
    the page's address, its widths and the elements that stick out."""

    def measure() -> str | None:
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] <= found["clientWidth"]:
            return None
        return (
            f"{page.url} is {found['scrollWidth']} px wide in a window of "
            f"{found['clientWidth']} px; sticking out: "
            + "; ".join(found["culprits"] or ["(nothing found)"])
        )

    return measure
