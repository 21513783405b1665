"""The progress page and the list of your exports: queued while the task waits for the
worker (saying so when no worker has been seen lately), rows done of rows total while it
runs, the rows and size and a download button when it is ready, the message when it
failed; failed or deleted, a button to make it again and the way back to the register
with its filter; only for the person who asked (404 for anyone else). The page
refreshes itself while it waits, with no JavaScript."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from declarations import clock
from declarations.choices import ExportState
from declarations.models import Export, WorkerHeartbeat
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import (
    an_export,
    ask,
    export_of,
)
from tests.factories import (
    OfficerFactory,
    RoleAssignmentFactory,
    UserFactory,
    bulk_entries,
    entry,
)
from tests.workers import run_the_worker, worker_runs

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
@pytest.mark.usefixtures("tasks_in_the_database")
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
    assert "3 rows, " in html and "3 of 3" not in html
    assert f'href="{reverse("register-export-file", args=[export.pk])}"' in html


def test_while_it_runs_it_shows_rows_done_of_rows_total(mo_client, monitoring_officer, thurrock):
    export = an_export(
        monitoring_officer.user,
        thurrock,
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
    export = an_export(
        monitoring_officer.user,
        thurrock,
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
    someone_else = an_export(
        officer.user,
        thurrock,
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


def test_a_ready_file_says_how_many_rows_and_how_big(mo_client, officer):
    bulk_entries(officer, 1)
    export = export_of(ask(mo_client, "register-export-csv"))
    html = page(mo_client, export)
    assert f"1 row, {filesizeformat(export.size_bytes)}." in html
    assert "1 of 1" not in html
    assert "1 row" in mo_client.get(reverse("register-exports")).content.decode()


NO_WORKER = (
    "This is taking longer than usual: the register's background worker may not be "
    "running. Your export will be made when it is; if it is still waiting in an hour, tell "
    "your system administrator."
)


def test_queued_with_no_worker_seen_lately_it_says_so_and_still_refreshes(
    mo_client, monitoring_officer, thurrock
):
    export = an_export(monitoring_officer.user, thurrock)
    assert NO_WORKER in page(mo_client, export)
    assert refreshes(mo_client, export)


def test_queued_with_a_worker_seen_lately_it_says_nothing_of_the_kind(
    mo_client, monitoring_officer, thurrock
):
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=clock.now())
    export = an_export(monitoring_officer.user, thurrock)
    assert NO_WORKER not in page(mo_client, export)


def test_being_made_it_does_not_blame_the_worker(mo_client, monitoring_officer, thurrock):
    export = an_export(monitoring_officer.user, thurrock, state=ExportState.RUNNING)
    assert NO_WORKER not in page(mo_client, export)


def test_a_failed_export_is_a_heading_and_a_paragraph_not_an_alert(
    mo_client, monitoring_officer, thurrock
):
    export = an_export(
        monitoring_officer.user, thurrock, state=ExportState.FAILED, error=export_jobs.STALLED
    )
    main = page(mo_client, export).split("<main")[1]
    assert "govuk-error-summary" not in main and 'role="alert"' not in main
    assert '<h2 class="govuk-heading-m">The file could not be made</h2>' in main
    assert f'<p class="govuk-body">{export_jobs.STALLED}</p>' in main


def test_a_failed_export_offers_to_make_it_again_with_its_filter(
    mo_client, monitoring_officer, thurrock
):
    export = an_export(
        monitoring_officer.user,
        thurrock,
        format="xlsx",
        query={"type": ["gift", "hospitality"], "q": ["a&b"]},
        state=ExportState.FAILED,
        error=export_jobs.failed_words("xlsx"),
    )
    html = page(mo_client, export)
    query = "organisation=thurrock&amp;q=a%26b&amp;type=gift&amp;type=hospitality"
    assert f'<form method="post" action="{reverse("register-export-xlsx")}?{query}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Make it again" in html
    assert f'href="{reverse("register")}?{query}"' in html


def test_making_it_again_makes_the_same_export(mo_client, monitoring_officer, officer, thurrock):
    entry(officer, type="gift")
    entry(officer, type="interest", value=None)
    failed = an_export(
        monitoring_officer.user,
        thurrock,
        query={"type": ["gift"]},
        state=ExportState.FAILED,
        error=export_jobs.STALLED,
    )
    again = export_jobs.again_urls(failed)["make"]
    export = export_of(mo_client.post(again))
    assert (export.format, export.register, export.state) == ("csv", "register", ExportState.DONE)
    assert export.query == {"type": ["gift"], "organisation": ["thurrock"]}
    assert export.rows_total == 1


def test_a_named_registers_failed_export_goes_back_to_that_register(client, director, thurrock):
    slug = f"thurrock-director-{director.pk}"
    export = an_export(
        director.user,
        thurrock,
        register=slug,
        format="pdf",
        query={"date_from": ["2026-04-01"]},
        state=ExportState.FAILED,
        error=export_jobs.failed_words("pdf"),
    )
    client.force_login(director.user)
    html = page(client, export)
    make = reverse("named-register-export-pdf", args=[slug])
    assert f'<form method="post" action="{make}?date_from=2026-04-01"' in html
    assert f'href="{reverse("named-register", args=[slug])}?date_from=2026-04-01"' in html


def test_no_button_when_they_no_longer_keep_the_register(mo_client, monitoring_officer, thurrock):
    export = an_export(
        monitoring_officer.user,
        thurrock,
        state=ExportState.FAILED,
        error=export_jobs.NO_LONGER_KEPT,
    )
    html = page(mo_client, export)
    assert "Make it again" not in html
    assert f'href="{reverse("register-exports")}"' in html


def test_an_expired_export_offers_to_make_it_again(mo_client, officer):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv", {"type": "gift"}))
    Export.objects.filter(pk=export.pk).update(file_deleted_at=clock.now())
    html = page(mo_client, export)
    assert "Your export has expired" in html
    action = f"{reverse('register-export-csv')}?organisation=thurrock&amp;type=gift"
    assert f'<form method="post" action="{action}"' in html
