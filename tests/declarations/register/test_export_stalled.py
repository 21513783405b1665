"""Exports whose worker stopped (killed outright: SIGKILL, out of memory, the machine
gone) are failed by the same hourly clean-up that deletes expired files (the
`delete_expired_exports` task, or the command from cron), once they have shown no sign
of life for EXPORT_STALLED_MINUTES: their page stops waiting and the person who asked
is emailed. One still moving is left alone."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from declarations import clock
from declarations.choices import ExportState
from declarations.register import export_jobs
from tests.declarations.register.export_helpers import an_export

pytestmark = pytest.mark.django_db


def minutes_ago(minutes: float) -> datetime.datetime:
    return clock.now() - datetime.timedelta(minutes=minutes)


@pytest.fixture
def running(monitoring_officer, thurrock, settings):
    """Make an export being made, last seen `quiet` minutes ago."""
    settings.EXPORT_STALLED_MINUTES = 30

    def make(quiet: float, **fields):
        fields.setdefault("started_at", minutes_ago(quiet + 5))
        fields.setdefault("progressed_at", minutes_ago(quiet))
        return an_export(
            monitoring_officer.user, thurrock, state=ExportState.RUNNING, rows_total=10, **fields
        )

    return make


def test_an_export_quiet_for_longer_than_the_setting_is_failed(running, client, monitoring_officer):
    stalled = running(quiet=31)

    assert export_jobs.delete_expired_exports.call() == {"deleted": 0, "failed": 1}

    stalled.refresh_from_db()
    assert stalled.state == ExportState.FAILED
    assert stalled.error == "The worker stopped while making this file. Ask for it again."
    assert stalled.finished_at is not None
    client.force_login(monitoring_officer.user)
    page = client.get(reverse("register-export-detail", args=[stalled.pk]))
    assert "Refresh" not in page.headers
    assert "Make it again" in page.content.decode()


def test_one_still_moving_is_left_alone(running):
    moving = running(quiet=29)
    assert export_jobs.fail_stalled_exports() == 0
    moving.refresh_from_db()
    assert moving.state == ExportState.RUNNING


def test_one_that_never_reported_progress_counts_from_when_it_started(running):
    never = running(quiet=0, progressed_at=None, started_at=minutes_ago(45))
    just_started = running(quiet=0, progressed_at=None, started_at=minutes_ago(5))
    assert export_jobs.fail_stalled_exports() == 1
    never.refresh_from_db()
    just_started.refresh_from_db()
    assert (never.state, just_started.state) == (ExportState.FAILED, ExportState.RUNNING)


def test_the_minutes_are_a_setting(running, settings):
    stalled = running(quiet=11)
    settings.EXPORT_STALLED_MINUTES = 10
    assert export_jobs.fail_stalled_exports() == 1
    stalled.refresh_from_db()
    assert stalled.state == ExportState.FAILED


def test_queued_and_finished_exports_are_not_touched(monitoring_officer, thurrock):
    long_ago = minutes_ago(600)
    for state in (ExportState.QUEUED, ExportState.DONE, ExportState.FAILED):
        an_export(
            monitoring_officer.user,
            thurrock,
            state=state,
            started_at=long_ago,
            progressed_at=long_ago,
        )
    assert export_jobs.fail_stalled_exports() == 0


def test_the_person_who_asked_is_emailed(running, monitoring_officer, mailoutbox):
    stalled = running(quiet=40)
    export_jobs.fail_stalled_exports()
    [email] = mailoutbox
    assert email.to == [monitoring_officer.user.email]
    assert email.subject == f"Your register export could not be made: {stalled.filename}"
    assert "The worker stopped while making this file. Ask for it again." in email.body


def test_the_command_fails_them_too(running):
    stalled = running(quiet=31)
    out = io.StringIO()
    call_command("delete_expired_exports", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        "Deleted 0 expired export files.",
        "Failed 1 stalled export.",
    ]
    stalled.refresh_from_db()
    assert stalled.state == ExportState.FAILED


def test_it_is_failed_once_only(running, mailoutbox):
    running(quiet=31)
    assert export_jobs.fail_stalled_exports() == 1
    assert export_jobs.fail_stalled_exports() == 0
    assert len(mailoutbox) == 1
