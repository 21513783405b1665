"""The export task (export_jobs.make_export), as the worker runs it: it looks again at
whether the person who asked still keeps the register, counts the rows once, writes the
file with bounded progress updates, and emails a link; any failure leaves a plain
message, never a traceback."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations import clock, notifications
from declarations.choices import ExportState
from declarations.models import Export, RoleAssignment
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import (
    ask,
    export_of,
    queue,
    run_the_worker,
    worker_runs,
)
from tests.factories import UserFactory, bulk_entries, entry

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
    assert f"{export.filename} (1 row)" in email.body
    html = email.alternatives[0][0]
    assert f'href="{link}"' in html


def test_someone_with_no_staff_record_gets_the_file_but_no_email(client, thurrock, mailoutbox):
    admin = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    export = export_of(ask(client, "register-export-csv", {"organisation": "thurrock"}))
    assert export.state == ExportState.DONE
    assert mailoutbox == []


@worker_runs
@pytest.mark.usefixtures(queue.__name__)
def test_someone_who_no_longer_keeps_the_register_gets_nothing(
    mo_client, monitoring_officer, officer, mailoutbox
):
    entry(officer)
    export = export_of(ask(mo_client, "register-export-csv"))
    RoleAssignment.objects.filter(officer=monitoring_officer).update(
        valid_to=clock.today() - datetime.timedelta(days=1)
    )

    run_the_worker()

    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.error == export_jobs.NO_LONGER_KEPT
    assert not export.file
    assert mailoutbox == []


def test_a_failure_leaves_a_plain_message(mo_client, officer, settings, tmp_path):
    entry(officer)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the exports folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }
    export = export_of(ask(mo_client, "register-export-csv"))
    assert export.state == ExportState.FAILED
    assert export.error == export_jobs.FAILED_WORDS
    html = mo_client.get(reverse("register-export-detail", args=[export.pk])).content.decode()
    assert export_jobs.FAILED_WORDS in html
    assert "Traceback" not in html and "NotADirectoryError" not in html


@worker_runs
@pytest.mark.usefixtures(queue.__name__)
def test_progress_is_saved_every_few_thousand_rows_not_every_row(mo_client, officer, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 4)
    bulk_entries(officer, 10)
    export = export_of(ask(mo_client, "register-export-csv"))
    with CaptureQueriesContext(connection) as queries:
        run_the_worker()
    progress_updates = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and '"rows_done"' in q["sql"]
    ]
    assert len(progress_updates) == 3  # after 4 and 8 rows, and at the end
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
@pytest.mark.usefixtures(queue.__name__)
def test_the_worker_makes_every_format(mo_client, officer, fmt):
    bulk_entries(officer, 3)
    export = export_of(ask(mo_client, f"register-export-{fmt}"))
    run_the_worker()
    export.refresh_from_db()
    assert (export.state, export.rows_done, export.rows_total) == (ExportState.DONE, 3, 3)
    assert export.size_bytes and export.size_bytes > 0
    assert mo_client.get(reverse("register-export-file", args=[export.pk])).status_code == 200
