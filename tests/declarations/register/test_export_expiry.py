"""Exports are kept EXPORT_KEEP_HOURS after they are made, then their files are deleted
(the hourly task, or `manage.py delete_expired_exports` from cron); the export's row
stays as the record, its page says the file has gone and the file's address is 410."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse

from declarations import clock, kept_files
from declarations.models import Export
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import ask, export_of, file_url
from tests.factories import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(client, monitoring_officer, officer, settings):
    settings.EXPORT_KEEP_HOURS = 6
    entry(officer)
    client.force_login(monitoring_officer.user)
    return export_of(ask(client, "register-export-csv"))


def age(export: Export, hours: float) -> None:
    """Move the export's time back, as if it had been made `hours` ago."""
    Export.objects.filter(pk=export.pk).update(
        expires_at=clock.now() + datetime.timedelta(hours=6 - hours)
    )


def test_it_is_kept_for_the_configured_hours(made):
    assert made.expires_at - made.finished_at == datetime.timedelta(hours=6)
    assert storages["exports"].exists(made.file.name)


def test_the_task_deletes_expired_files_only(client, made, monitoring_officer):
    fresh = export_of(ask(client, "register-export-xlsx"))
    age(made, 7)

    assert export_jobs.delete_expired_exports.call() == {"deleted": 1, "failed": 0}

    made.refresh_from_db()
    assert made.file_deleted_at is not None
    assert not storages["exports"].exists(made.file.name)
    assert storages["exports"].exists(fresh.file.name)
    response = client.get(file_url(made))
    assert response.status_code == 410
    html = client.get(reverse("register-export-detail", args=[made.pk])).content.decode()
    assert "Your export has expired" in html
    assert export_jobs.delete_expired_exports.call() == {"deleted": 0, "failed": 0}  # once only


def test_the_command_deletes_them_too(made):
    age(made, 6.5)
    out = io.StringIO()
    call_command("delete_expired_exports", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        "Deleted 1 expired export file.",
        "Failed 0 stalled exports.",
    ]
    assert not storages["exports"].exists(made.file.name)


def test_a_file_within_its_time_is_kept(made):
    age(made, 5)
    assert kept_files.delete_expired_files(Export) == 0
    assert storages["exports"].exists(made.file.name)
