"""Making a copy in the background: the worker (`db_worker`, on the "exports" queue)
makes the ZIP and the person who asked is emailed a link; someone who may no longer
have the officer's data when it runs gets nothing (FAILED, with an ACCESS_DENIED in the
security log); a failure leaves a plain message and no file."""

from __future__ import annotations

import datetime

import pytest

from declarations import clock
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import RoleAssignment, SecurityEvent, SubjectAccessCopy
from declarations.privacy import subject_access_jobs
from tests.declarations.privacy.copy_helpers import ask_for, ask_own, copy_of, exports_folder
from tests.workers import run_the_worker, worker_runs


@worker_runs
def test_the_worker_makes_the_copy(client, officer, tasks_in_the_database, settings):
    client.force_login(officer.user)
    copy = ask_own(client)
    assert copy.state == ExportState.QUEUED
    run_the_worker("--queue-name", "exports")
    copy.refresh_from_db()
    assert copy.state == ExportState.DONE
    assert exports_folder(settings) == [copy.file.name]


@pytest.mark.django_db
def test_the_person_who_asked_is_emailed_a_link(client, officer, mailoutbox):
    client.force_login(officer.user)
    copy = ask_own(client)
    [email] = mailoutbox
    assert email.to == [officer.user.email]
    assert email.subject == "The copy of personal data you asked for is ready"
    assert f"/privacy/copies/{copy.pk}/" in email.body
    assert "your data" in email.body


@pytest.mark.django_db
def test_someone_who_lost_the_role_meanwhile_gets_nothing(
    client, monitoring_officer, officer, tasks_in_the_database, mailoutbox
):
    client.force_login(monitoring_officer.user)
    copy = copy_of(ask_for(client, officer))
    RoleAssignment.objects.filter(officer=monitoring_officer).update(
        valid_to=clock.today() - datetime.timedelta(days=1)
    )
    assert subject_access_jobs.make_copy.call(str(copy.pk)) == ExportState.FAILED
    copy.refresh_from_db()
    assert copy.error == subject_access_jobs.NOT_ALLOWED
    assert not copy.file
    [denied] = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED)
    assert denied.user == monitoring_officer.user
    assert denied.detail["officer"] == officer.pk


@pytest.mark.django_db
def test_a_copy_made_already_is_not_made_twice(client, officer):
    client.force_login(officer.user)
    copy = ask_own(client)
    assert subject_access_jobs.make_copy.call(str(copy.pk)) == ExportState.DONE
    assert SubjectAccessCopy.objects.get(pk=copy.pk).file.name == copy.file.name


@pytest.mark.django_db
def test_a_failure_leaves_a_plain_message_and_no_file(
    client, officer, tasks_in_the_database, settings
):
    client.force_login(officer.user)
    copy = ask_own(client)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]  # the page's template gone
    assert subject_access_jobs.make_copy.call(str(copy.pk)) == ExportState.FAILED
    copy.refresh_from_db()
    assert copy.error == subject_access_jobs.FAILED
    assert exports_folder(settings) == []
