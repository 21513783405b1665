"""The daily reminders as a background task, for the worker's schedule
(conduct_register/schedule.py): what `manage.py send_reminders` does with its defaults."""

from __future__ import annotations

from django_tasks import task

from declarations import clock
from declarations.approvals import reminders


@task()
def send_reminders() -> dict[str, int]:
    """Send every reminder due today; returns how many of each were sent."""
    return reminders.send_all(clock.today()).as_json()
