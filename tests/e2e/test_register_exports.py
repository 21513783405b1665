"""A register export in a real browser: the monitoring officer asks for a CSV of the
filtered register, sees the progress page wait for the worker (it refreshes itself, no
JavaScript needed), sees it ready once the worker has run, downloads the file and it
holds exactly the filtered entries. Nobody else, a colleague who keeps the same register
included, can open the file's address (404). axe passes on the progress page. A failed
export says why and makes it again with one button; a keeper with three exports waiting
is asked to wait (429); axe passes on both."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from declarations.choices import ExportState
from declarations.models import Export
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import an_export
from tests.factories import OfficerFactory, RoleAssignmentFactory, UserFactory, entry
from tests.workers import run_the_worker

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

    run_the_worker()

    # The page refreshes itself every 2 seconds (a Refresh header, no JavaScript): it
    # shows the file ready, no click needed.
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible(timeout=15_000)
    expect(page.get_by_text(re.compile(r"^1 row, [\d.]+\s(bytes|KB)\.$"))).to_be_visible()
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


def test_a_failed_export_is_made_again_and_the_limit_is_explained(
    page, log_in, monitoring_officer, thurrock, gifts, assert_accessible
):
    failed = an_export(
        monitoring_officer.user,
        thurrock,
        query={"type": ["gift"]},
        state=ExportState.FAILED,
        error=export_jobs.STALLED,
    )
    log_in(monitoring_officer)
    page.goto(f"/register/exports/{failed.pk}/")
    expect(page.get_by_role("heading", name="The file could not be made")).to_be_visible()
    expect(page.get_by_text(export_jobs.STALLED)).to_be_visible()
    expect(page.get_by_role("link", name="Go back to the register")).to_have_attribute(
        "href", "/register/?organisation=thurrock&type=gift"
    )
    assert_accessible()

    page.get_by_role("button", name="Make it again").click()
    expect(page.get_by_role("heading", name="Your export is queued")).to_be_visible()
    expect(page.get_by_text("the register's background worker may not be running")).to_be_visible()
    assert_accessible()
    again = Export.objects.exclude(pk=failed.pk).get()
    assert again.query == {"type": ["gift"], "organisation": ["thurrock"]}

    for _ in range(2):  # three waiting now
        page.goto("/register/?type=gift")
        page.get_by_role("button", name="CSV file").click()
    page.goto("/register/?type=gift")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="CSV file").click()
    assert answer.value.status == 429
    expect(page.get_by_role("heading", name="You already have exports being made")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="See your exports").click()
    expect(page.get_by_role("heading", name="Your exports")).to_be_visible()
