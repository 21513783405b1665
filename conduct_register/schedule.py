"""What the background worker runs on a schedule (declarations/scheduling.py does the
running; docs/background-work.md says what each job is for and the cron alternative).

Times are in settings.TIME_ZONE. A job names its django-tasks task by dotted path, so a
task that is not there (yet) is skipped with a warning rather than stopping the worker.
Turn the whole schedule off with SCHEDULED_JOBS=false (or `db_worker --no-schedule`) and
run the matching commands from cron instead.
"""

from __future__ import annotations

from declarations.scheduling import Job

JOBS = [
    # Approvers of steps left open, deadlines near, what happened to it: `send_reminders`.
    Job("send_reminders", "declarations.approvals.reminder_tasks.send_reminders", hour=7),
    # Register exports past EXPORT_KEEP_HOURS: `delete_expired_exports`.
    Job("delete_expired_exports", "declarations.register.export_jobs.delete_expired_exports"),
    # Subject-access copies past EXPORT_KEEP_HOURS: `delete_expired_exports` too.
    Job(
        "delete_expired_subject_access_copies",
        "declarations.privacy.subject_access_jobs.delete_expired_copies",
    ),
    # Leaving dates that have come (sign-in stops, waiting steps pass on, interests and
    # outside work end): `apply_leaving_dates`. Every hour at :15, not once a day, so a
    # leaver is signed out soon after midnight and a run missed (the worker down) is
    # made up within the hour.
    Job("apply_leaving_dates", "declarations.scheduling.apply_leaving_dates", minute=15),
    # Entries past their organisation's retention period, deleted with a tombstone left:
    # `apply_retention --commit`.
    Job(
        "apply_retention", "declarations.privacy.retention.apply_retention_task", hour=1, minute=30
    ),
    # The worker's finished task results older than a week: `prune_db_task_results`.
    Job("prune_task_results", "declarations.scheduling.prune_task_results", hour=3, minute=30),
    # Sessions past their expiry (signed out, timed out, browser closed): `clearsessions`.
    Job("clear_expired_sessions", "declarations.scheduling.clear_expired_sessions", hour=3),
    # Every organisation's dashboard figures, so that keepers seldom meet figures older
    # than DASHBOARD_MAX_AGE_MINUTES: `refresh_all_dashboards`.
    Job(
        "refresh_dashboards",
        "declarations.register.dashboard_tasks.refresh_all_dashboards",
        every_minutes=10,
    ),
]
