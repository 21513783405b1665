"""manage.py db_worker: django-tasks-db's worker plus a heartbeat (for /readyz) and the
schedule (conduct_register/schedule.py), shared by any number of workers."""

from __future__ import annotations

import datetime
import socket
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conduct_register.schedule import JOBS
from declarations import notifications
from declarations.management.commands.db_worker import Heartbeat
from declarations.models import ApprovalStep, ScheduledRun, WorkerHeartbeat
from declarations.scheduling import Job, clear_expired_sessions, prune_task_results, run_due_jobs
from tests.factories import open_for
from tests.workers import run_the_worker, worker_runs

LONDON = ZoneInfo("Europe/London")
DAY = datetime.timedelta(days=1)
REMINDERS = next(job for job in JOBS if job.name == "send_reminders")


@pytest.fixture
def queue(tasks_in_the_database, settings):
    settings.TIME_ZONE = "Europe/London"


# --- the worker and its heartbeat -------------------------------------------------------


@worker_runs
def test_the_worker_runs_a_queued_email(queue, officer):
    notifications.send_email(
        "deadline_reminder",
        "Subject line",
        [officer],
        {"declaration": None, "deadline": datetime.date(2026, 1, 1), "when": "today"},
    )
    assert mail.outbox == []  # queued, not sent

    run_the_worker()

    (message,) = mail.outbox
    assert message.subject == "Subject line"
    (result,) = DBTaskResult.objects.all()
    assert result.status == TaskResultStatus.SUCCESSFUL


@worker_runs
def test_a_batch_run_records_its_heartbeat(queue):
    before = timezone.now()

    run_the_worker("--worker-id=worker-one")

    (beat,) = WorkerHeartbeat.objects.all()
    assert beat.worker_id == "worker-one"
    assert beat.hostname == socket.gethostname()
    assert before <= beat.started_at <= beat.seen_at <= timezone.now()


@worker_runs
def test_a_worker_that_stops_cleanly_removes_its_heartbeat(queue, officer):
    open_for(officer)  # one task: the worker stops after it
    WorkerHeartbeat.objects.create(worker_id="gone-long-ago", seen_at=timezone.now() - 2 * DAY)

    call_command(
        "db_worker",
        "--max-tasks=1",
        "--no-startup-delay",
        "--no-reload",
        "--worker-id=worker-two",
        verbosity=0,
    )

    assert not WorkerHeartbeat.objects.exists()  # its own gone, the stale one forgotten


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_again_and_closes_its_connection(queue):
    heartbeat = Heartbeat("worker-three", schedule=False, interval=0.2)
    heartbeat.start()
    first = WorkerHeartbeat.objects.get().seen_at
    deadline = time.monotonic() + 3
    while WorkerHeartbeat.objects.get().seen_at == first and time.monotonic() < deadline:
        time.sleep(0.05)
    again = WorkerHeartbeat.objects.get().seen_at

    heartbeat.stop(forget=True)

    assert again > first
    assert not heartbeat._thread.is_alive()
    assert not WorkerHeartbeat.objects.exists()


# --- the schedule -----------------------------------------------------------------------


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def test_a_daily_job_is_due_at_its_time_in_the_register_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"

    assert REMINDERS.latest_due(at(10, 7)) == at(10, 7)
    assert REMINDERS.latest_due(at(10, 6, 59)) == at(9, 7)
    # British Summer Time starts on 29 March 2026: still 07:00 on the clock.
    assert REMINDERS.latest_due(at(29, 8)) == at(29, 7)
    assert REMINDERS.latest_due(at(29, 6)).astimezone(LONDON) == at(28, 7)
    assert at(29, 7).utcoffset() != at(28, 7).utcoffset()


def test_an_hourly_job_is_due_every_hour():
    hourly = Job("hourly", "declarations.scheduling.prune_task_results", minute=15)

    assert hourly.latest_due(at(10, 9, 20)) == at(10, 9, 15)
    assert hourly.latest_due(at(10, 9, 10)) == at(10, 8, 15)


def test_a_job_every_ten_minutes_is_due_on_each_tenth_minute():
    often = Job("often", "declarations.scheduling.prune_task_results", every_minutes=10)

    assert often.latest_due(at(10, 9, 20)) == at(10, 9, 20)
    assert often.latest_due(at(10, 9, 29)) == at(10, 9, 20)
    assert often.latest_due(at(10, 9, 0)) == at(10, 9, 0)


@pytest.mark.parametrize("every", [0, 7, 45])
def test_an_interval_that_does_not_divide_the_hour_is_refused(every):
    with pytest.raises(ValueError, match="every_minutes must divide 60"):
        Job("odd", "declarations.scheduling.prune_task_results", every_minutes=every)


@pytest.mark.django_db
def test_a_worker_down_for_days_runs_a_job_once_for_its_latest_time(queue):
    run_due_jobs([REMINDERS], worker_id="a", now=at(10, 10))

    assert list(ScheduledRun.objects.values_list("job", "due_at")) == [
        ("send_reminders", at(10, 7))
    ]
    assert run_due_jobs([REMINDERS], worker_id="a", now=at(10, 23)) == []
    assert run_due_jobs([REMINDERS], worker_id="a", now=at(11, 7)) == ["send_reminders"]
    assert DBTaskResult.objects.filter(task_path=REMINDERS.task).count() == 2


@pytest.mark.django_db
def test_a_job_whose_task_does_not_exist_is_skipped_with_a_warning(queue, caplog):
    missing = Job("missing", "declarations.no_such_module.no_such_task")

    assert run_due_jobs([missing, REMINDERS], worker_id="a", now=at(10, 10)) == ["send_reminders"]
    assert "Scheduled job missing skipped" in caplog.text
    assert not ScheduledRun.objects.filter(job="missing").exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_enqueue_a_due_job_once(queue):
    now = timezone.now()
    start = threading.Barrier(2)
    enqueued: dict[str, list[str]] = {}

    def tick(worker_id: str) -> None:
        try:
            start.wait()
            enqueued[worker_id] = run_due_jobs([REMINDERS], worker_id=worker_id, now=now)
        finally:
            connection.close()

    workers = [threading.Thread(target=tick, args=(name,)) for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(enqueued.values()) == [[], ["send_reminders"]]
    assert ScheduledRun.objects.filter(job="send_reminders").count() == 1
    assert DBTaskResult.objects.filter(task_path=REMINDERS.task).count() == 1


@worker_runs
def test_the_worker_sends_the_days_reminders_on_its_schedule(queue, settings, officer):
    settings.SCHEDULED_JOBS = True
    _, (step,) = open_for(officer)
    run_the_worker()  # the step-opened email; the reminders find nothing due yet
    ApprovalStep.objects.filter(pk=step.pk).update(opened_at=timezone.now() - 6 * DAY)
    ScheduledRun.objects.filter(job="send_reminders").delete()  # as if a day had passed
    mail.outbox.clear()

    run_the_worker()
    run_the_worker()

    (reminder,) = mail.outbox
    assert reminder.subject == "Reminder: 1 declaration is waiting for your decision"
    assert ScheduledRun.objects.filter(job="send_reminders").count() == 1


@worker_runs
@pytest.mark.parametrize("off", ["--no-schedule", "SCHEDULED_JOBS=false"])
def test_the_schedule_can_be_left_to_cron(queue, settings, off):
    settings.SCHEDULED_JOBS = off != "SCHEDULED_JOBS=false"

    run_the_worker(*([off] if off.startswith("--") else []))

    assert not ScheduledRun.objects.exists()
    assert WorkerHeartbeat.objects.exists()  # still seen


@worker_runs
def test_the_clean_up_deletes_week_old_task_results_and_schedule_records(queue, officer):
    notifications.send_email(
        "deadline_reminder",
        "Subject line",
        [officer],
        {"declaration": None, "deadline": datetime.date(2026, 1, 1), "when": "today"},
    )
    run_the_worker()
    DBTaskResult.objects.update(finished_at=timezone.now() - 8 * DAY)
    ScheduledRun.objects.create(job="send_reminders", due_at=timezone.now() - 8 * DAY)
    recent = ScheduledRun.objects.create(job="send_reminders", due_at=timezone.now() - DAY)

    prune_task_results.enqueue()
    run_the_worker()

    (result,) = DBTaskResult.objects.all()
    assert result.task_path == prune_task_results.module_path
    assert list(ScheduledRun.objects.all()) == [recent]


@worker_runs
def test_the_clean_up_deletes_expired_sessions_and_keeps_live_ones(queue):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(-60)
    expired.save()
    live.save()

    clear_expired_sessions.enqueue()
    run_the_worker()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
