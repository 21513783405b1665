"""The export task (export_jobs.make_export), as the worker runs it on the "exports"
queue: it looks again at whether the person who asked still keeps the register (a
refusal is a security event), counts the rows once, writes the file with bounded
progress updates that are also signs of life, and emails a link; any failure, the
worker itself being stopped included, leaves a plain message, never a traceback, no
file behind, and an email saying so."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from declarations import clock, notifications
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import Declaration, Export, RoleAssignment, SecurityEvent
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import (
    ask,
    body,
    export_of,
    exports_folder,
    file_url,
)
from tests.factories import RoleAssignmentFactory, UserFactory, bulk_entries, entry
from tests.workers import run_the_worker, worker_runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_the_person_who_asked_is_emailed_a_link(mo_client, monitoring_officer, officer, mailoutbox):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv"))
    [email] = mailoutbox
    assert email.to == [monitoring_officer.user.email]
    assert email.subject == f"Your register export is ready: {export.filename}"
    link = notifications.absolute_url(reverse("register-export-detail", args=[export.pk]))
    assert link in email.body
    assert f"{export.filename} (1 row, {filesizeformat(export.size_bytes)})" in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html


def test_someone_with_no_staff_record_gets_the_file_but_no_email(client, thurrock, mailoutbox):
    admin = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    export = export_of(ask(client, "register-export-csv", {"organisation": "thurrock"}))
    assert export.state == ExportState.DONE
    assert mailoutbox == []


def _end_role(monitoring_officer) -> None:
    RoleAssignment.objects.filter(officer=monitoring_officer).update(
        valid_to=clock.today() - datetime.timedelta(days=1)
    )


@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_someone_who_no_longer_keeps_the_register_gets_no_file_and_is_told(
    mo_client, monitoring_officer, officer, mailoutbox
):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv"))
    _end_role(monitoring_officer)

    run_the_worker()

    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.error == export_jobs.NO_LONGER_KEPT
    assert not export.file
    [email] = mailoutbox
    assert email.subject == f"Your register export could not be made: {export.filename}"
    assert export_jobs.NO_LONGER_KEPT in email.body


@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_the_refusal_is_an_access_denied_security_event(mo_client, monitoring_officer, officer):
    export = export_of(ask(mo_client, "register-export-csv"))
    _end_role(monitoring_officer)

    run_the_worker()

    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED)
    assert event.user == monitoring_officer.user
    assert event.organisation.code == "thurrock"
    assert event.detail == {
        "export": str(export.pk),
        "register": "register",
        "reason": "no longer keeps this register",
    }


@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_a_keeper_who_moved_to_another_register_does_not_get_that_one_instead(
    mo_client, monitoring_officer, officer, stranger, settings
):
    entry(officer, counterparty="Thurrock entry")
    entry(stranger, counterparty="Essex entry")
    export = export_of(ask(mo_client, "register-export-csv"))  # no ?organisation=
    _end_role(monitoring_officer)
    RoleAssignmentFactory(
        officer=monitoring_officer, organisation=stranger.organisation, role="monitoring_officer"
    )

    run_the_worker()

    export.refresh_from_db()
    assert (export.state, export.error) == (ExportState.FAILED, export_jobs.NO_LONGER_KEPT)
    assert exports_folder(settings) == []


def _blocked_storage(settings, tmp_path) -> None:
    """A file where the exports folder should be: saving the export fails."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the exports folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }


def test_a_failure_leaves_a_plain_message(mo_client, officer, settings, tmp_path):
    entry(officer)
    _blocked_storage(settings, tmp_path)
    export = export_of(ask(mo_client, "register-export-xlsx"))
    assert export.state == ExportState.FAILED
    assert export.error == export_jobs.failed_words("xlsx")
    assert "ask for a CSV file instead" in export.error
    html = mo_client.get(reverse("register-export-detail", args=[export.pk])).content.decode()
    assert export.error in html
    assert "Traceback" not in html and "NotADirectoryError" not in html


def test_a_failed_csv_is_not_told_to_ask_for_a_csv(mo_client, officer, settings, tmp_path):
    entry(officer)
    _blocked_storage(settings, tmp_path)
    export = export_of(ask(mo_client, "register-export-csv"))
    assert export.state == ExportState.FAILED
    assert "CSV" not in export.error
    assert "tell your system administrator" in export.error


def test_a_failure_emails_the_person_who_asked_why_and_where(
    mo_client, monitoring_officer, officer, settings, tmp_path, mailoutbox
):
    entry(officer)
    _blocked_storage(settings, tmp_path)
    export = export_of(ask(mo_client, "register-export-pdf"))
    [email] = mailoutbox
    assert email.to == [monitoring_officer.user.email]
    assert email.subject == f"Your register export could not be made: {export.filename}"
    link = notifications.absolute_url(reverse("register-export-detail", args=[export.pk]))
    assert export.error in email.body and link in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html and export.error in html
    assert "Traceback" not in email.body


class _Stop:
    """A database execute wrapper (Django's own hook) that raises `error` once, when a
    statement matching `when` is about to run: the worker stopped at that moment."""

    def __init__(self, error: BaseException, when) -> None:
        self.error, self.when, self.fired = error, when, False

    def __call__(self, execute, sql, params, many, context):
        if not self.fired and self.when(sql):
            self.fired = True
            raise self.error
        return execute(sql, params, many, context)


def _queued(client, settings) -> Export:
    """Ask for a CSV and leave it queued (the database backend), for the test to run;
    what it queues in turn (emails) runs at once again."""
    at_once = settings.TASKS
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    export = export_of(ask(client, "register-export-csv"))
    settings.TASKS = at_once
    return export


def _marks_it_done(sql: str) -> bool:
    return sql.startswith("UPDATE") and '"file"' in sql


def _saves_progress(sql: str) -> bool:
    return sql.startswith("UPDATE") and '"rows_done"' in sql and '"file"' not in sql


def test_a_worker_stopped_after_saving_the_file_deletes_it_and_fails_the_export(
    mo_client, officer, settings, mailoutbox
):
    entry(officer)
    export = _queued(mo_client, settings)
    stop = _Stop(SystemExit(1), _marks_it_done)

    with connection.execute_wrapper(stop), pytest.raises(SystemExit):
        export_jobs.make_export.call(str(export.pk))

    assert stop.fired
    export.refresh_from_db()
    assert (export.state, export.error) == (ExportState.FAILED, export_jobs.STALLED)
    assert not export.file
    assert exports_folder(settings) == []  # the saved file went with it
    assert [email.subject for email in mailoutbox] == [
        f"Your register export could not be made: {export.filename}"
    ]


def test_a_worker_stopped_while_writing_fails_the_export(mo_client, officer, settings):
    entry(officer)
    export = _queued(mo_client, settings)

    stop = _Stop(KeyboardInterrupt(), _saves_progress)
    with connection.execute_wrapper(stop), pytest.raises(KeyboardInterrupt):
        export_jobs.make_export.call(str(export.pk))

    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert exports_folder(settings) == []
    page = mo_client.get(reverse("register-export-detail", args=[export.pk]))
    assert "Refresh" not in page.headers  # the page stops waiting


def test_starting_and_each_progress_update_are_signs_of_life(mo_client, officer, settings):
    bulk_entries(officer, 3)
    export = _queued(mo_client, settings)
    seen = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and '"progressed_at"' in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert export_jobs.make_export.call(str(export.pk)) == ExportState.DONE
    assert len(seen) == 4  # running, counted, rows done, done
    export.refresh_from_db()
    assert export.started_at <= export.progressed_at == export.finished_at


def test_the_row_count_is_the_rows_in_the_file_not_the_count_before(mo_client, officer, settings):
    bulk_entries(officer, 3)
    export = _queued(mo_client, settings)
    removed = []

    def remove_one_after_counting(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not removed and "COUNT(" in sql.upper() and "declaration" in sql:
            removed.append(Declaration.objects.order_by("pk").first().pk)
            Declaration.objects.filter(pk=removed[0]).delete()
        return result

    with connection.execute_wrapper(remove_one_after_counting):
        export_jobs.make_export.call(str(export.pk))

    export.refresh_from_db()
    assert removed
    assert (export.state, export.rows_done, export.rows_total) == (ExportState.DONE, 2, 2)
    made = body(mo_client.get(file_url(export))).decode("utf-8-sig")
    assert len(made.strip().splitlines()) == 1 + 2  # the heading and two rows


def _worker(*queues: str) -> None:
    run_the_worker(*(["--queue-name", ",".join(queues)] if queues else []))


@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_exports_have_their_own_queue(mo_client, officer):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv"))
    [task] = DBTaskResult.objects.filter(task_path__endswith="make_export")
    assert task.queue_name == "exports"

    _worker("default")
    export.refresh_from_db()
    assert export.state == ExportState.QUEUED  # a worker of the default queue leaves it

    _worker("exports")
    export.refresh_from_db()
    assert export.state == ExportState.DONE


@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_progress_is_saved_every_few_thousand_rows_not_every_row(mo_client, officer, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 4)
    bulk_entries(officer, 10)
    export = export_of(ask(mo_client, "register-export-csv"))
    with CaptureQueriesContext(connection) as queries:
        run_the_worker()
    progress_updates = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and '"rows_done"' in q["sql"]
    ]
    assert len(progress_updates) == 4  # after 4 and 8 rows, at the end, and when done
    counts = [
        q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "declaration" in q["sql"]
    ]
    assert len(counts) == 1  # counted once
    export.refresh_from_db()
    assert (export.state, export.rows_done, export.rows_total) == (ExportState.DONE, 10, 10)


def test_a_task_run_twice_makes_one_file(mo_client, officer):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv"))
    assert export_jobs.make_export.call(str(export.pk)) == ExportState.DONE
    assert Export.objects.get(pk=export.pk).file.name == export.file.name


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@worker_runs
@pytest.mark.usefixtures("tasks_in_the_database")
def test_the_worker_makes_every_format(mo_client, officer, fmt):
    bulk_entries(officer, 3)
    export = export_of(ask(mo_client, f"register-export-{fmt}"))
    run_the_worker()
    export.refresh_from_db()
    assert (export.state, export.rows_done, export.rows_total) == (ExportState.DONE, 3, 3)
    assert export.size_bytes and export.size_bytes > 0
    assert mo_client.get(reverse("register-export-file", args=[export.pk])).status_code == 200


def test_an_export_failed_as_stalled_is_not_marked_done_when_it_finishes_after_all(
    mo_client, officer, settings, mailoutbox
):
    entry(officer)
    export = _queued(mo_client, settings)

    def clean_up_first(execute, sql, params, many, context):
        if _marks_it_done(sql) and not mailoutbox:  # the hourly clean-up, an hour on
            export_jobs.fail_stalled_exports(clock.now() + datetime.timedelta(hours=1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(clean_up_first):
        assert export_jobs.make_export.call(str(export.pk)) == ExportState.FAILED

    export.refresh_from_db()
    assert (export.state, export.error) == (ExportState.FAILED, export_jobs.STALLED)
    assert exports_folder(settings) == []
    assert len(mailoutbox) == 1  # could not be made; never "ready"
