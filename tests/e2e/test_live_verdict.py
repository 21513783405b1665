"""The "What your code says" panel updates as answers change (static/js/verdict.js),
and says exactly what the server's "Check what your code says" button says."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.answering import DATE_PARTS, date_box
from tests.e2e.helpers import PANEL
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)
STATUS = "#verdict-status"


# Every element of the panel: tag, classes, link, id, and its content with child
# elements as <TAG> and spaces collapsed. Spaces between block elements (the
# template's indentation) are dropped; spaces in running text are kept.
PANEL_SIGNATURE = """panel => [panel, ...panel.querySelectorAll("*")].map(node => {
    const parts = [];
    let text = "";
    const flush = () => { if (text.trim()) parts.push(text.replace(/\\s+/g, " ")); text = ""; };
    for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) { text += child.data; continue; }
        flush();
        parts.push(`<${child.tagName}>`);
    }
    flush();
    return [node.tagName, node.className, node.getAttribute("href") || "", node.id,
            parts.join("").trim()];
})"""


@pytest.fixture
def seconded_officer(county_officer):
    """A county council officer seconded to Thurrock Council: both codes apply."""
    county_officer.seconded_to = OrganisationFactory(code="thurrock")
    county_officer.save()
    return county_officer


def test_a_county_council_gift_of_25_pounds_turns_to_must_be_declined_as_it_is_typed(
    page, county_officer, log_in, settled_panel, screenshot
):
    statuses = []
    page.on(
        "response",
        lambda response: statuses.append(response.status) if "/api/" in response.url else None,
    )
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    panel = page.locator(PANEL)
    value = page.get_by_label("How much is it worth?")

    value.press_sequentially("24.99")
    expect(panel.locator(".govuk-tag")).to_have_text("No action needed")
    expect(page.locator(STATUS)).to_have_text("Your code says: no action needed")

    value.fill("")
    value.press_sequentially("25.00")
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declined")
    expect(page.locator(STATUS)).to_have_text("Your code says: must be declined")

    settled_panel()
    expect(panel).to_contain_text("The monitoring officer (Mo Monitoring)")
    expect(panel).to_contain_text("Your code asks for this in writing")
    clause = panel.get_by_role("link", name="The county council, clause 10.2")
    expect(clause).to_have_attribute("href", "/policies/county-council/#clause-10.2")
    expect(panel).to_contain_text(
        re.compile(r"Checked against the code of the county council\.", re.IGNORECASE)
    )
    # Nothing was submitted, and half-typed values never made the API refuse a request.
    assert page.url.endswith("/declarations/new/gift/")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert statuses and set(statuses) == {200}
    screenshot("form-with-live-verdict")


def test_half_typed_dates_are_left_out_and_a_refused_check_keeps_the_panel(
    page, county_officer, log_in, answer, settled_panel
):
    log_in(county_officer)
    page.goto("/declarations/new/gift/")
    answer({"value_gbp": "30", "form": "item"})
    panel = settled_panel()
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declined")
    before = panel.inner_text()

    # Only the day of the date: not readable yet, so it is left out of the check.
    page.locator(date_box("date", 0)).fill("12")
    expect(settled_panel()).to_contain_text("Some answers could not be read")
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declined")

    # If the API refuses a request, the panel stays as it was, with no alarm.
    page.route(
        "**/api/policy-check*",
        lambda route: route.fulfill(status=400, json={"error": "Bad", "field": "x"}),
    )
    page.locator(date_box("date", 0)).fill("")
    answer({"value_gbp": "5"})
    panel = settled_panel()
    expect(panel).not_to_contain_text("Bad")
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declined")
    assert "Some answers could not be read" in panel.inner_text()
    assert before != panel.inner_text()  # the partial-answer hint from before is still shown


# officer fixture, form address, answers, and what the panel must then say.
SCENARIOS = {
    "late interest with a deadline": (
        "filer",
        "interest",
        {"interest_kind": "financial", "date": datetime.date(2025, 1, 6)},
        "Late This is already past the deadline.",
    ),
    "gift with something to take note of": (
        "filer",
        "gift",
        {"value_gbp": "30", "status": "offered"},
        "Take note",
    ),
    "outside work with an unreadable answer": (
        "filer",
        "outside-work",
        {"work_kind": "employment", "hours_per_week": "abc", "during_sick_leave": True},
        "Some answers could not be read",
    ),
    "seconded officer's hospitality": (
        "seconded_officer",
        "hospitality",
        {"hospitality_kind": "social_or_sporting", "value_gbp": "£1,250.50"},
        re.compile(r"Checked against the codes of the county council and Thurrock Council\.", re.I),
    ),
    "interest without its kind": (
        "filer",
        "interest",
        {"counterparty": "Grays Rowing Club"},
        "Answer “What kind of interest is it?” to see what your code says.",
    ),
}


def posted(answers: dict[str, object]) -> dict[str, str]:
    """The answers as the browser posts them (see the `answer` fixture)."""
    data = {}
    for name, value in answers.items():
        if isinstance(value, datetime.date):
            for part, number in zip(DATE_PARTS, (value.day, value.month, value.year), strict=True):
                data[f"{name}-{part}"] = str(number)
        elif isinstance(value, bool):
            data[name] = "yes" if value else "no"
        else:
            data[name] = str(value)
    return data


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_live_panel_matches_the_servers_check(
    request, client, page, log_in, answer, settled_panel, scenario
):
    officer_fixture, slug, answers, says = SCENARIOS[scenario]
    officer = request.getfixturevalue(officer_fixture)
    url = f"/declarations/new/{slug}/"

    # The live panel: the answers typed with JavaScript on, no button pressed.
    log_in(officer)
    page.goto(url)
    answer(answers)
    live = settled_panel().evaluate(PANEL_SIGNATURE)

    # The server's panel: the same answers sent with "Check what your code says".
    client.force_login(officer.user)
    html = client.post(url, {**posted(answers), "action": "check"}).content.decode()
    server = page.evaluate(
        f"""html => ({PANEL_SIGNATURE})(
            new DOMParser().parseFromString(html, "text/html").getElementById("verdict-panel"))""",
        html,
    )

    assert live == server
    expect(page.locator(PANEL)).to_contain_text(says)


def test_without_javascript_the_check_button_gives_the_verdict(
    no_js_page, county_officer, log_in, answer
):
    log_in(county_officer, on=no_js_page)
    no_js_page.goto("/declarations/new/gift/")
    answer({"value_gbp": "25.00"}, on=no_js_page)

    no_js_page.get_by_role("button", name="Check what your code says").click()

    panel = no_js_page.locator(PANEL)
    expect(panel.locator(".govuk-tag")).to_have_text("Must be declined")
    expect(no_js_page.get_by_label("How much is it worth?")).to_have_value("25.00")
