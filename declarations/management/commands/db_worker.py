"""manage.py db_worker: django-tasks-db's worker, with a heartbeat and the schedule
(docs/background-work.md).

It is the library's command (every option kept; `declarations` comes before
`django_tasks_db` in INSTALLED_APPS, so Django finds this one) plus, in the process
that runs tasks:

- a heartbeat: this worker's WorkerHeartbeat row (`/readyz` wants one seen lately),
  written at start and every HEARTBEAT_SECONDS, deleted when the worker stops cleanly
  (kept after a `--batch` run, so a worker run from cron counts as seen);
- the schedule (conduct_register/schedule.py), ticked at start and with every
  heartbeat, unless `--no-schedule` or settings.SCHEDULED_JOBS is false.

The library's loop has no hook, so the beats after the first come from a daemon thread
with its own database connection, closed when it stops.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from conduct_register.schedule import JOBS
from declarations.models import WorkerHeartbeat
from declarations.scheduling import run_due_jobs

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30.0
# A heartbeat row not updated for this long is deleted by the next worker to beat.
FORGET_AFTER = datetime.timedelta(days=1)


class Heartbeat:
    """Says this worker is alive (and ticks the schedule) now and every `interval`
    seconds, from a thread, until stopped."""

    def __init__(self, worker_id: str, *, schedule: bool, interval: float = HEARTBEAT_SECONDS):
        self.worker_id = worker_id
        self.schedule = schedule
        self.interval = interval
        self.started_at = timezone.now()
        self.hostname = socket.gethostname()[:255]
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-{worker_id}", daemon=True
        )

    def beat(self) -> None:
        """Record this worker as seen now, then enqueue any scheduled job due."""
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"hostname": self.hostname, "seen_at": timezone.now()},
            create_defaults={
                "hostname": self.hostname,
                "started_at": self.started_at,
                "seen_at": timezone.now(),
            },
        )
        # Workers gone without a clean stop (and `--batch` runs, which keep their row
        # so a worker run from cron counts as seen) are forgotten after a while.
        WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()
        if self.schedule:
            run_due_jobs(JOBS, worker_id=self.worker_id)

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                close_old_connections()
                try:
                    self.beat()
                except DatabaseError as error:  # a locked or restarting database
                    logger.warning(
                        "Worker %s heartbeat failed (%s); trying again in %s s.",
                        self.worker_id,
                        type(error).__name__,
                        self.interval,
                    )
        finally:
            connection.close()  # this thread's own connection

    def stop(self, *, forget: bool) -> None:
        """Stop beating; with `forget`, remove this worker's row (it is no longer there)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval)
        if not forget:
            return
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError as error:
            logger.warning(
                "Worker %s heartbeat not removed (%s).", self.worker_id, type(error).__name__
            )


class Command(db_worker.Command):
    help = (
        "Run a background worker: emails, exports and the schedule (reminders, export "
        "clean-up, pruning old task results). Records a heartbeat for /readyz."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Every queue unless told: one plain `db_worker` does all the register's work.
        # In production give one worker `--queue-name default` (emails) and another
        # `--queue-name exports`, so that a long export never holds up an email.
        parser.set_defaults(queue_name="*")
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            default=getattr(settings, "SCHEDULED_JOBS", True),
            help="Do not run the scheduled jobs in this worker (run their commands from "
            "cron instead; default: settings.SCHEDULED_JOBS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = options.pop("schedule")
        # With --reload (and no --batch) this process only watches files and restarts a
        # child that runs the worker: the child beats, not this one.
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"], schedule=schedule)
        heartbeat.start()
        stopped_cleanly = False
        try:
            super().handle(*args, **options)
            stopped_cleanly = True
        except SystemExit as exit:  # the library's graceful stop on SIGTERM/SIGINT
            stopped_cleanly = exit.code in (0, None)
            raise
        finally:
            # A `--batch` run keeps its row: a worker run from cron is seen when it ran.
            heartbeat.stop(forget=stopped_cleanly and not options["batch"])
