"""A register export in a real browser: the monitoring officer asks for a CSV of the
filtered register, sees the progress page wait for the worker (it refreshes itself, no
JavaScript needed), sees it ready once the worker has run, downloads the file and it
holds exactly the filtered entries. Nobody else, a colleague who keeps the same register
included, can open the file's address (404). axe passes on the progress page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from declarations.models import Export
from tests.factories import OfficerFactory, RoleAssignmentFactory, UserFactory, entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_in_the_database"),
]


@pytest.fixture
def gifts(officer, monitoring_officer):
    return {
        entry(officer, counterparty="Acme Supplies Ltd").reference,
        entry(officer, counterparty="Castle Catering", type="hospitality").reference,
        entry(officer, counterparty="Parish council", type="interest", value=None).reference,
    }


def test_the_monitoring_officer_exports_the_register_in_the_background(
    page,
    log_in,
    monitoring_officer,
    officer,
    thurrock,
    stranger,
    gifts,
    assert_accessible,
    tmp_path,
):
    log_in(monitoring_officer)
    page.goto("/register/?type=gift")
    page.get_by_role("button", name="CSV file").click()

    expect(page.get_by_role("heading", name="Your export is queued")).to_be_visible()
    expect(page.locator("progress#export-progress")).to_be_visible()
    expect(page.get_by_role("link", name="Stop refreshing this page")).to_be_visible()
    assert_accessible()
    export = Export.objects.get()
    assert export.query == {"type": ["gift"]}

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    # The page refreshes itself every 2 seconds (a Refresh header, no JavaScript): it
    # shows the file ready, no click needed.
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("1 of 1 row")).to_be_visible()
    expect(page.get_by_role("link", name="Stop refreshing this page")).to_have_count(0)
    assert_accessible()

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    downloaded = info.value
    assert downloaded.failure() is None
    assert downloaded.suggested_filename == export.filename
    path = tmp_path / downloaded.suggested_filename
    downloaded.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [(row["Counterparty"], row["Type"]) for row in rows] == [("Acme Supplies Ltd", "gift")]

    # Your exports lists it.
    page.goto("/register/exports/")
    expect(page.get_by_role("link", name=export.filename)).to_be_visible()
    assert_accessible()

    # Nobody else may open it: another keeper of the same register, or a stranger.
    colleague = OfficerFactory(organisation=thurrock, user=UserFactory(username="mo.colleague"))
    RoleAssignmentFactory(officer=colleague, organisation=thurrock, role="monitoring_officer")
    for someone in (colleague, stranger):
        page.context.clear_cookies()
        log_in(someone)
        assert page.goto(f"/register/exports/{export.pk}/file").status == 404
        assert page.goto(f"/register/exports/{export.pk}/").status == 404
