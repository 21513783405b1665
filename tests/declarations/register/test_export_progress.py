"""The progress page and the list of your exports: queued while the task waits for the
worker, rows done of rows total while it runs, a download button when it is ready, the
message when it failed; only for the person who asked (404 for anyone else). The page
refreshes itself while it waits, with no JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.choices import ExportState
from declarations.models import Export
from tests.declarations.register.export_helpers import (
    ask,
    export_of,
    queue,
    run_the_worker,
    worker_runs,
)
from tests.factories import OfficerFactory, RoleAssignmentFactory, UserFactory, bulk_entries

pytestmark = pytest.mark.django_db


def get(client, export: Export, **params):
    response = client.get(reverse("register-export-detail", args=[export.pk]), params)
    assert response.status_code == 200
    return response


def page(client, export: Export) -> str:
    return get(client, export).content.decode()


def refreshes(client, export: Export) -> bool:
    """Whether the page asks the browser to load it again (the Refresh header, 2 s)."""
    response = get(client, export)
    assert "http-equiv" not in response.content.decode()  # axe fails a timed meta refresh
    if "Refresh" in response.headers:
        assert response["Refresh"] == "2"
        return True
    return False


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


@worker_runs
@pytest.mark.usefixtures(queue.__name__)
def test_queued_until_the_worker_runs_then_ready(mo_client, officer):
    bulk_entries(officer, 3)
    export = export_of(ask(mo_client, "register-export-csv"))

    html = page(mo_client, export)
    assert "Your export is queued" in html
    assert refreshes(mo_client, export)
    assert "Stop refreshing this page" in html
    assert '<progress class="export-progress" id="export-progress" >' in html  # no value yet
    assert reverse("register-export-file", args=[export.pk]) not in html

    run_the_worker()

    html = page(mo_client, export)
    assert "Your export is ready" in html
    assert not refreshes(mo_client, export)
    assert "3 of 3 rows" in html
    assert f'href="{reverse("register-export-file", args=[export.pk])}"' in html


def test_while_it_runs_it_shows_rows_done_of_rows_total(mo_client, monitoring_officer, thurrock):
    export = Export.objects.create(
        requested_by=monitoring_officer.user,
        organisation=thurrock,
        register="register",
        format="csv",
        title="Register of declarations: Thurrock Council",
        filename="register-thurrock-2026-11-29.csv",
        state=ExportState.RUNNING,
        rows_total=186_062,
        rows_done=12_000,
    )
    html = page(mo_client, export)
    assert "Your export is being made" in html
    assert "12,000 of 186,062 rows" in html
    assert 'value="12000" max="186062"' in html
    assert refreshes(mo_client, export)
    assert "style=" not in html.split("<main")[1]  # the bar's width is no inline style


def test_refreshing_can_be_stopped(mo_client, officer, tasks_in_the_database):
    export = export_of(ask(mo_client, "register-export-csv"))
    response = get(mo_client, export, refresh="off")
    assert "Refresh" not in response.headers
    assert "Check again" in response.content.decode()


def test_a_failed_export_says_why_and_nothing_more(mo_client, monitoring_officer, thurrock):
    export = Export.objects.create(
        requested_by=monitoring_officer.user,
        organisation=thurrock,
        register="register",
        format="pdf",
        title="Register",
        filename="register-thurrock-2026-11-29.pdf",
        state=ExportState.FAILED,
        error="You no longer keep this register, so the export was not made.",
    )
    html = page(mo_client, export)
    assert "Your export failed" in html
    assert "You no longer keep this register" in html
    assert "Traceback" not in html
    assert not refreshes(mo_client, export)


@pytest.mark.parametrize("who", ["officer", "director", "stranger", "colleague"])
def test_anyone_but_the_person_who_asked_gets_404(
    client, monitoring_officer, officer, director, stranger, thurrock, who
):
    colleague = OfficerFactory(organisation=thurrock, user=UserFactory(username="mo.colleague"))
    RoleAssignmentFactory(officer=colleague, organisation=thurrock, role="monitoring_officer")
    client.force_login(monitoring_officer.user)
    export = export_of(ask(client, "register-export-csv"))
    people = {
        "officer": officer,
        "director": director,
        "stranger": stranger,
        "colleague": colleague,
    }
    client.force_login(people[who].user)
    assert client.get(reverse("register-export-detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("register-exports")).content.decode().count(str(export.pk)) == 0


def test_your_exports_newest_first_and_only_yours(mo_client, monitoring_officer, officer, thurrock):
    first = export_of(ask(mo_client, "register-export-csv"))
    second = export_of(ask(mo_client, "register-export-xlsx", {"type": "gift"}))
    someone_else = Export.objects.create(
        requested_by=officer.user,
        organisation=thurrock,
        register="register",
        format="csv",
        title="Not theirs",
        filename="not-theirs.csv",
    )
    html = mo_client.get(reverse("register-exports")).content.decode()
    assert html.index(str(second.pk)) < html.index(str(first.pk))
    assert str(someone_else.pk) not in html


def test_your_exports_shows_at_most_fifty(mo_client, monitoring_officer, thurrock):
    Export.objects.bulk_create(
        Export(
            requested_by=monitoring_officer.user,
            organisation=thurrock,
            register="register",
            format="csv",
            title="Register",
            filename=f"file-{n}.csv",
        )
        for n in range(55)
    )
    html = mo_client.get(reverse("register-exports")).content.decode()
    assert html.count('href="/register/exports/') == 50


def test_the_pages_are_never_cached(mo_client, monitoring_officer, thurrock):
    export = export_of(ask(mo_client, "register-export-csv"))
    for url in (reverse("register-exports"), reverse("register-export-detail", args=[export.pk])):
        assert "no-store" in mo_client.get(url)["Cache-Control"]
