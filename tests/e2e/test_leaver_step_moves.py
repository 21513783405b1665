"""A leaver's waiting request passes on, in a real browser.

The county council officer's outside work waits for their line manager's approval (CC-W2:
the line manager, then the chief officer). A system administrator records in the admin
that the line manager left today; the request passes to the next person up the chain,
the director, who signs in, finds it under "For your decision", and reads in its history
that it was passed on to them.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_a_leavers_request_passes_to_the_next_person_who_finds_it_in_their_queue(
    page, new_page, cast, submitted, live_server
):
    declaration = submitted(cast.officer, "outside_work")
    reference = declaration.reference_with_version
    first = declaration.approval_steps.get(order=1)
    assert (first.role, first.assignee) == ("line_manager", cast.line_manager)

    # A system administrator records in the admin that the line manager left today.
    administrator = UserFactory(username="ada.admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(administrator)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"/admin/declarations/officer/{cast.line_manager.pk}/change/")
    page.locator("#id_left_on").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    cast.line_manager.refresh_from_db()
    assert cast.line_manager.active is False
    first.refresh_from_db()
    assert first.assignee == cast.director

    # The director signs in and finds it waiting for them.
    director = new_page()
    director.goto("/sign-in/")
    director.get_by_label("Username", exact=True).fill("dev.director")
    director.get_by_label("Password", exact=True).fill(PASSWORD)
    director.get_by_role("button", name="Sign in").click()
    expect(director.get_by_role("button", name="Sign out")).to_be_visible()
    director.get_by_role("link", name="For your decision").click()
    queue = director.locator("#decision-queue")
    queue.get_by_role("link", name=reference).click()
    expect(director.get_by_role("heading", name=reference, level=1)).to_be_visible()
    # They are its chief officer too, so they decide once for both steps.
    expect(director.locator("#declarant")).to_contain_text(
        "Steps 1 and 2: line manager and chief officer"
    )

    # Its history says it was passed on, and why.
    history = director.locator("#history")
    expect(history).to_contain_text("Passed to someone else")
    expect(history).to_contain_text(
        "Lena Manager (line manager) has left. Now asked: Dev Director (line manager)."
    )

    # The line manager who left can no longer sign in.
    gone = new_page()
    gone.goto("/sign-in/")
    gone.get_by_label("Username", exact=True).fill("lena.manager")
    gone.get_by_label("Password", exact=True).fill(PASSWORD)
    gone.get_by_role("button", name="Sign in").click()
    expect(gone.get_by_text("Enter a correct username and password")).to_be_visible()
