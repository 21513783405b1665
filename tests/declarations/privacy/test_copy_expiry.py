"""Copies are kept EXPORT_KEEP_HOURS after they are made, then the hourly clean-up
(`delete_expired_copies`) deletes their files; the row stays as the record that a copy
was made, and the file's address answers 410. A copy whose worker stopped is failed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command

from declarations import clock, kept_files
from declarations.choices import ExportState
from declarations.models import SubjectAccessCopy
from declarations.privacy import subject_access_jobs
from tests.declarations.privacy.copy_helpers import ask_own, exports_folder, file_url, page_url
from tests.factories import SubjectAccessCopyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(client, officer, settings):
    settings.EXPORT_KEEP_HOURS = 6
    client.force_login(officer.user)
    return ask_own(client)


def age(copy: SubjectAccessCopy, hours: float) -> None:
    """Move the copy's time back, as if it had been made `hours` ago."""
    SubjectAccessCopy.objects.filter(pk=copy.pk).update(
        expires_at=clock.now() + datetime.timedelta(hours=6 - hours)
    )


def test_it_is_kept_for_the_configured_hours(made, settings):
    assert made.expires_at - made.finished_at == datetime.timedelta(hours=6)
    assert storages["exports"].exists(made.file.name)
    assert exports_folder(settings) == [made.file.name]


def test_the_task_deletes_expired_files_only(client, made):
    fresh = ask_own(client)
    age(made, 7)

    assert subject_access_jobs.delete_expired_copies.call() == {"deleted": 1, "failed": 0}

    made.refresh_from_db()
    assert made.file_deleted_at is not None
    assert not storages["exports"].exists(made.file.name)
    assert storages["exports"].exists(fresh.file.name)
    response = client.get(file_url(made))
    assert response.status_code == 410
    assert "This copy has been deleted" in response.content.decode()
    assert "Your copy has expired" in client.get(page_url(made)).content.decode()
    assert subject_access_jobs.delete_expired_copies.call() == {"deleted": 0, "failed": 0}


def test_the_cron_command_deletes_them_with_the_exports(made):
    age(made, 6.5)
    out = io.StringIO()
    call_command("delete_expired_exports", stdout=out)
    assert out.getvalue().splitlines()[-2:] == [
        "Deleted 1 expired copy of someone's data (subject access).",
        "Failed 0 stalled copies of someone's data (subject access).",
    ]
    assert not storages["exports"].exists(made.file.name)


def test_a_file_within_its_time_is_kept(made):
    age(made, 5)
    assert kept_files.delete_expired_files(SubjectAccessCopy) == 0
    assert storages["exports"].exists(made.file.name)


def test_a_copy_whose_worker_stopped_is_failed(officer, settings):
    settings.EXPORT_STALLED_MINUTES = 30
    stalled = SubjectAccessCopyFactory(
        officer=officer,
        state=ExportState.RUNNING,
        started_at=clock.now() - datetime.timedelta(minutes=31),
    )
    busy = SubjectAccessCopyFactory(
        officer=officer, state=ExportState.RUNNING, started_at=clock.now()
    )
    assert subject_access_jobs.tidy_copies() == {"deleted": 0, "failed": 1}
    stalled.refresh_from_db()
    busy.refresh_from_db()
    assert (stalled.state, stalled.error) == (ExportState.FAILED, subject_access_jobs.STALLED)
    assert busy.state == ExportState.RUNNING
