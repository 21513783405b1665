"""The background worker's schedule: jobs that run daily or hourly, shared by any number
of workers without one running twice (the jobs are listed in conduct_register/schedule.py).

On each tick a worker works out every job's latest due time and claims it by writing
ScheduledRun(job, due_at): the pair is unique, so when two workers tick together one
insert fails and only the other enqueues the job. The claim and the enqueued task are
written in one transaction. A worker that was down runs a job once for its latest due
time, not once for every time it missed.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.utils import is_locked_database_exception

from declarations import clock
from declarations.models import ScheduledRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

# django-tasks-db's finished task results are kept this long.
KEEP_TASK_RESULTS_DAYS = 7


@dataclass(frozen=True)
class Job:
    """A task run every day at hour:minute in settings.TIME_ZONE, every hour at :minute
    when `hour` is None, or every `every_minutes` minutes (a divisor of 60: on the hour
    and each such interval after it)."""

    name: str
    task: str  # dotted path to a django-tasks task that takes no arguments
    hour: int | None = None
    minute: int = 0
    every_minutes: int | None = None

    def __post_init__(self) -> None:
        if self.every_minutes is not None and (
            self.every_minutes < 1 or 60 % self.every_minutes or self.hour is not None
        ):
            raise ValueError(f"{self.name}: every_minutes must divide 60, without an hour")

    def latest_due(self, now: datetime.datetime) -> datetime.datetime:
        """The most recent time at or before `now` that the job was due."""
        if self.every_minutes is not None:
            minute = now.minute - now.minute % self.every_minutes
            return now.replace(minute=minute, second=0, microsecond=0)
        if self.hour is None:
            due = now.replace(minute=self.minute, second=0, microsecond=0)
            return due if due <= now else due - datetime.timedelta(hours=1)
        local = timezone.localtime(now)
        due = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        # An aware datetime minus a day keeps its wall-clock time: 07:00 stays 07:00
        # across a change of the clocks.
        return due if due <= local else due - datetime.timedelta(days=1)


# Jobs already warned about in this process: a missing task is said once, not every tick.
_warned: set[str] = set()


def _task_of(job: Job) -> Any:
    try:
        return import_string(job.task)
    except ImportError:
        if job.name not in _warned:
            _warned.add(job.name)
            logger.warning("Scheduled job %s skipped: no task %s.", job.name, job.task)
        return None


def run_due_jobs(
    jobs: list[Job], *, worker_id: str, now: datetime.datetime | None = None
) -> list[str]:
    """Claim and enqueue every job whose latest due time no worker has claimed yet;
    returns the names of the jobs this worker enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        scheduled = _task_of(job)
        if scheduled is None:
            continue
        due_at = job.latest_due(now)
        try:
            if ScheduledRun.objects.filter(job=job.name, due_at=due_at).exists():
                continue  # claimed already: the usual case, answered without a failed insert
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, due_at=due_at, worker_id=worker_id)
                result = scheduled.enqueue()
        except IntegrityError:
            continue  # another worker claimed it
        except OperationalError as error:
            # SQLite, busy with another worker's claim: the next tick looks again.
            if is_locked_database_exception(error):
                continue
            raise
        logger.info("Scheduled job %s due %s enqueued as task %s.", job.name, due_at, result.id)
        enqueued.append(job.name)
    return enqueued


@task()
def clear_expired_sessions() -> None:
    """Delete the sessions past their expiry (Django's `clearsessions`): the database
    keeps every session row until this runs."""
    call_command("clearsessions", verbosity=0)


def worker_seen_lately() -> bool:
    """Whether a background worker has been seen within WORKER_SEEN_WITHIN_SECONDS (its
    heartbeat, management/commands/db_worker.py): /readyz asks, and so do pages that wait
    for a worker."""
    since = clock.now() - datetime.timedelta(seconds=settings.WORKER_SEEN_WITHIN_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


@task()
def prune_task_results() -> int:
    """Delete the worker's finished task results older than KEEP_TASK_RESULTS_DAYS (what
    `manage.py prune_db_task_results --min-age-days 7 --queue-name '*'` does), and the
    schedule's records of runs as old (only a job's latest due time is ever claimed, so
    an old record stops nothing). Returns the schedule records deleted."""
    call_command(
        "prune_db_task_results",
        f"--min-age-days={KEEP_TASK_RESULTS_DAYS}",
        "--queue-name=*",
        verbosity=0,
    )
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_TASK_RESULTS_DAYS)
    deleted, _ = ScheduledRun.objects.filter(due_at__lt=cutoff).delete()
    return deleted


@task()
def apply_leaving_dates() -> int:
    """Apply the leaving dates that have come (people.apply_leaving_dates: sign-in stops,
    waiting steps pass on, interests and outside work end); returns how many left."""
    from declarations import people  # late: the schedule is read before the journeys load

    return len(people.apply_leaving_dates(clock.today()))
