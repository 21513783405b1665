"""A copy of your data in a real browser: an officer with a declaration goes from their
account to "Your data", asks for a copy, sees its page wait for the worker (it refreshes
itself, no JavaScript needed) and then offer the file, downloads it, and the ZIP holds
their declaration in data.json and in index.html. axe passes on both pages."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from declarations.models import SubjectAccessCopy
from tests.factories import entry
from tests.workers import run_the_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_in_the_database"),
]


def test_an_officer_downloads_a_copy_of_their_data(
    page, log_in, officer, assert_accessible, tmp_path
):
    declared = entry(officer, counterparty="Acme Supplies Ltd", description="A box of biscuits")
    log_in(officer)
    page.goto("/account/")
    page.get_by_role("link", name="See what the register holds about you").click()

    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Make a copy of your data").click()

    expect(page.get_by_role("heading", name="Your copy is queued")).to_be_visible()
    expect(page.get_by_role("link", name="Stop refreshing this page")).to_be_visible()
    copy = SubjectAccessCopy.objects.get()
    assert copy.officer == officer

    run_the_worker()

    expect(page.get_by_role("heading", name="Your copy is ready")).to_be_visible(timeout=15_000)
    assert_accessible()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    downloaded = info.value
    assert downloaded.failure() is None
    assert downloaded.suggested_filename == copy.filename
    path = tmp_path / downloaded.suggested_filename
    downloaded.save_as(path)

    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
        index = archive.read("index.html").decode("utf-8")
    [filed] = data["declarations"]
    assert filed["reference"] == declared.reference
    assert filed["versions"][0]["description"] == "A box of biscuits"
    assert data["profile"]["username"] == "olive.officer"
    assert declared.reference in index
    assert "A box of biscuits" in index

    page.goto("/privacy/your-data/")
    expect(page.get_by_role("link", name=f"Download {copy.filename}")).to_be_visible()
