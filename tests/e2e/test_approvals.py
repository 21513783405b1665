"""Approvals in a real browser: the route a verdict names becomes steps for real people,
who decide at /decisions/, and the officer reads each decision on their declaration.

The cast is a county council officer on spinal column point 30: under CC-W2 their
outside work needs their line manager's and then their chief officer's approval (a
director up their line-management chain, who also holds the chief officer role).
Each person has their own browser context, as they would have their own browser.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from declarations.models import Declaration
from tests.e2e.helpers import COMPLETE_ANSWERS
from tests.factories import open_for, person

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def sign_in_on(target: Page, username: str) -> None:
    """Sign in through the sign-in page, as a person would."""
    target.goto("/sign-in/")
    target.get_by_label("Username", exact=True).fill(username)
    target.get_by_label("Password", exact=True).fill(PASSWORD)
    target.get_by_role("button", name="Sign in").click()
    expect(target.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(target: Page) -> None:
    target.get_by_role("button", name="Sign out").click()
    target.wait_for_url("**/sign-in/")


def open_from_queue(target: Page, reference: str) -> None:
    """From any page: "For your decision", then the declaration's row."""
    target.goto("/")
    target.get_by_role("link", name="For your decision").click()
    expect(target.get_by_role("heading", name="For your decision", level=1)).to_be_visible()
    target.locator("#decision-queue").get_by_role("link", name=reference).click()
    expect(target.get_by_role("heading", name=reference, level=1)).to_be_visible()


def record_decision(target: Page, decision: str, reason: str = "") -> None:
    target.get_by_label(decision, exact=True).check()
    if reason:
        target.get_by_label("Reason", exact=True).fill(reason)
    target.get_by_role("button", name="Record your decision").click()


def open_own_declaration(target: Page, reference: str) -> None:
    target.goto("/")
    target.get_by_role("link", name=reference).click()
    expect(target.get_by_role("heading", name=reference, level=1)).to_be_visible()


def route_row(target: Page, order: int):
    """The officer's "Where it has got to" entry for one step (the page's first list)."""
    route = target.locator(".govuk-summary-list").first
    return route.locator(".govuk-summary-list__row").filter(
        has=target.locator("dt", has_text=f"{order}. ")
    )


def test_outside_work_is_approved_by_the_line_manager_then_the_chief_officer(
    page, new_page, cast, log_in, open_form, answer, sign_in
):
    # The officer files outside work through the pages.
    log_in(cast.officer)
    open_form("outside_work")
    answer(COMPLETE_ANSWERS["outside_work"])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    page.get_by_role("button", name="Submit declaration").click()
    expect(page.get_by_role("heading", name="Declaration submitted")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    expect(page.get_by_text("We have sent it for approval to")).to_contain_text("Lena Manager")
    expect(page.get_by_text("We have sent it for approval to")).to_contain_text("Dev Director")

    declaration = Declaration.objects.get(officer=cast.officer)
    assert declaration.reference_with_version == reference
    assert declaration.verdict["outcome"] == "approval_required"
    assert declaration.status == "awaiting_approval"
    steps = list(declaration.approval_steps.order_by("order"))
    assert [(s.role, s.assignee) for s in steps] == [
        ("line_manager", cast.line_manager),
        ("chief_officer", cast.director),
    ]
    assert steps[0].opened_at is not None and steps[1].opened_at is None
    sign_out(page)

    # The line manager signs in, finds it under "For your decision" and approves it.
    sign_in("lena.manager")
    open_from_queue(page, reference)
    expect(page.locator("#declarant")).to_contain_text("Owen Outside, Highways Engineer")
    expect(page.locator("#declarant")).to_contain_text("Step 1: Line manager")
    record_decision(page, "Approve", "Fine by me: it is outside working hours.")
    expect(page.get_by_role("alert")).to_contain_text(f"You approved {reference} for Owen Outside.")
    expect(page.locator("#queue-counts")).to_have_text("Nothing is waiting for your decision.")

    # The director, as chief officer, now has it in their own browser.
    director = new_page()
    sign_in_on(director, "dev.director")
    open_from_queue(director, reference)
    expect(director.locator("#declarant")).to_contain_text("Step 2: Chief officer")
    route = director.locator(".register-route-status")
    expect(route.get_by_role("row").filter(has_text="Lena Manager")).to_contain_text(
        "Fine by me: it is outside working hours."
    )
    record_decision(director, "Approve", "Consent given in writing.")
    expect(director.get_by_role("alert")).to_contain_text(f"You approved {reference}")

    declaration.refresh_from_db()
    assert declaration.status == "approved"
    decided = {s.order: (s.state, s.decided_by) for s in declaration.approval_steps.all()}
    assert decided == {1: ("approved", cast.line_manager), 2: ("approved", cast.director)}

    # The officer signs back in and reads both decisions and their notes.
    sign_out(page)
    sign_in("owen.outside")
    open_own_declaration(page, reference)
    expect(page.locator(".govuk-tag").first).to_have_text("Approved")
    first, second = route_row(page, 1), route_row(page, 2)
    expect(first).to_contain_text("Lena Manager")
    expect(first.locator(".govuk-tag")).to_have_text("Approved")
    expect(first).to_contain_text("Fine by me: it is outside working hours.")
    expect(second).to_contain_text("Dev Director")
    expect(second.locator(".govuk-tag")).to_have_text("Approved")
    expect(second).to_contain_text("Consent given in writing.")


def test_a_rejection_needs_a_reason_and_the_officer_reads_it(
    page, new_page, cast, log_in, submitted
):
    declaration = submitted(cast.officer, "outside_work")
    reference = declaration.reference_with_version
    step = declaration.approval_steps.get(order=1)

    manager = new_page()
    log_in(cast.line_manager, on=manager)
    open_from_queue(manager, reference)

    # Rejecting without a reason: a GOV.UK error, and nothing recorded.
    record_decision(manager, "Reject")
    summary = manager.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter the reason for rejecting this declaration"
    )
    expect(manager.locator("#id_reason-error")).to_contain_text(
        "Enter the reason for rejecting this declaration"
    )
    assert manager.title().startswith("Error:")
    expect(manager.get_by_label("Reject", exact=True)).to_be_checked()
    step.refresh_from_db()
    declaration.refresh_from_db()
    assert step.state == "pending" and step.decided_by is None
    assert declaration.status == "awaiting_approval"
    assert not declaration.events.filter(action="step_rejected").exists()

    # With the reason it is recorded, and the chief officer's step is no longer needed.
    summary.get_by_role("link").click()
    expect(manager.get_by_label("Reason", exact=True)).to_be_focused()
    manager.get_by_label("Reason", exact=True).fill(
        "Bar work until 2am clashes with your on-call rota."
    )
    manager.get_by_role("button", name="Record your decision").click()
    expect(manager.get_by_role("alert")).to_contain_text(f"You rejected {reference}")
    declaration.refresh_from_db()
    assert declaration.status == "rejected"
    states = dict(declaration.approval_steps.values_list("order", "state"))
    assert states == {1: "rejected", 2: "cancelled"}

    # The officer reads the outcome and the reason on their declaration's page.
    log_in(cast.officer)
    open_own_declaration(page, reference)
    expect(page.locator(".govuk-tag").first).to_have_text("Rejected")
    first = route_row(page, 1)
    expect(first).to_contain_text("Lena Manager")
    expect(first.locator(".govuk-tag")).to_have_text("Rejected")
    expect(first).to_contain_text("Bar work until 2am clashes with your on-call rota.")
    expect(route_row(page, 2).locator(".govuk-tag")).to_have_text("Cancelled")


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("stranger", "This declaration has not been sent to you for a decision."),
        ("colleague", "This declaration has not been sent to you for a decision."),
        ("officer", "You cannot decide on your own declaration."),
    ],
)
def test_someone_elses_step_is_the_403_page(request, page, cast, log_in, submitted, who, message):
    step = submitted(cast.officer, "outside_work").approval_steps.get(order=1)
    person = request.getfixturevalue("stranger") if who == "stranger" else getattr(cast, who)
    log_in(person)

    response = page.goto(f"/decisions/{step.pk}/")

    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()
    expect(page.locator("main")).to_contain_text(message)
    expect(page.get_by_role("button", name="Record your decision")).to_have_count(0)
    # Nor can they post a decision (with a valid CSRF token, so the view itself refuses).
    token = page.locator('[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    posted = page.request.post(
        f"/decisions/{step.pk}/",
        form={"csrfmiddlewaretoken": token or "", "decision": "approve", "reason": ""},
        fail_on_status_code=False,
    )
    assert posted.status == 403
    assert message in posted.text()
    step.refresh_from_db()
    assert step.state == "pending"


def test_a_queue_with_nothing_waiting_says_so(page, cast, log_in, submitted):
    submitted(cast.officer, "outside_work")  # waiting for the line manager, not the director
    log_in(cast.director)

    page.goto("/")
    page.get_by_role("link", name="For your decision").click()

    expect(page.locator("#queue-counts")).to_have_text("Nothing is waiting for your decision.")
    expect(page.locator("#decision-queue")).to_have_count(0)


def test_someone_no_route_could_ask_is_not_offered_the_queue(
    page, cast, stranger, log_in, submitted
):
    submitted(cast.officer, "outside_work")
    for someone in (stranger, cast.colleague):
        page.context.clear_cookies()
        log_in(someone)
        page.goto("/")
        expect(page.get_by_role("link", name="Your declarations")).to_be_visible()
        expect(page.get_by_role("link", name="For your decision")).to_have_count(0)

        for address in ("/decisions/", "/decisions/delegate/"):
            response = page.goto(address)
            assert response is not None and response.status == 403
            expect(page.get_by_role("heading", name="You cannot see this page")).to_be_visible()


def test_one_person_holding_two_steps_decides_once(page, log_in, thurrock, director):
    secondee = person(thurrock, "sid.secondee", "staff", director)
    declaration, _ = open_for(secondee, outcome="declare", route=["line_manager", "director"])
    log_in(director)

    page.goto("/decisions/")
    rows = page.locator("#decision-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("as line manager and director")
    rows.get_by_role("link", name=declaration.reference_with_version).click()
    page.get_by_role("button", name="Acknowledge").click()

    expect(page.locator("#queue-counts")).to_have_text("Nothing is waiting for your decision.")
    declaration.refresh_from_db()
    assert declaration.status == "recorded"
    assert declaration.events.filter(action="step_acknowledged").get().note == (
        "Steps 1 and 2 acknowledged by Dana Director as line manager and director."
    )
