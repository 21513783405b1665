"""Sending an email from the background worker, tried again while the mail server fails.

`declarations.notifications.send_email` renders an email and queues `deliver_email` with
everything the message needs (plain JSON, so the task row holds it). The worker sends
it; a refused, dropped or timed-out connection (settings.EMAIL_TIMEOUT bounds a server
that hangs) queues the same email again after settings.EMAIL_RETRY_SECONDS, doubling
each time, up to settings.EMAIL_MAX_ATTEMPTS tries in all. Nothing is lost silently:
each failure is logged as a warning and giving up as an error, with the task's id, the
attempt and the kind of error, never the addresses or the text.

A backend that cannot hold a task until later (django-tasks' ImmediateBackend, which
the tests use) cannot wait before trying again: there the first failure is the last.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import TaskContext, task, task_backends

logger = logging.getLogger(__name__)

# What a mail server that is down, refuses, drops the line or hangs raises (refused
# connections and timeouts are OSErrors).
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


class EmailNotDelivered(Exception):
    """An email given up on after its last try (the task is marked failed with this)."""


def max_attempts() -> int:
    return max(1, int(settings.EMAIL_MAX_ATTEMPTS))


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed try number `attempt` (1, 2, ...): EMAIL_RETRY_SECONDS,
    doubling each time."""
    return datetime.timedelta(seconds=float(settings.EMAIL_RETRY_SECONDS) * 2 ** (attempt - 1))


@task(takes_context=True)
def deliver_email(
    context: TaskContext,
    subject: str,
    text: str,
    html: str,
    from_email: str | None,
    to: list[str],
    attempt: int = 1,
) -> int:
    """Send one email (try number `attempt`; `html` may be empty for plain text only); on
    a failure, queue the next try or give up. Returns 1 once sent, 0 when the next try
    is queued."""
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except DELIVERY_ERRORS as error:
        failed = type(error).__name__
        task_id = context.task_result.id
        retrying = attempt < max_attempts()
        backend = task_backends[deliver_email.backend]
        if retrying and backend.supports_defer:
            after = timezone.now() + retry_delay(attempt)
            retry = deliver_email.using(run_after=after).enqueue(
                subject, text, html, from_email, to, attempt + 1
            )
            logger.warning(
                "Email task %s: try %d of %d failed (%s); try %d queued as task %s for %s.",
                task_id,
                attempt,
                max_attempts(),
                failed,
                attempt + 1,
                retry.id,
                after.isoformat(timespec="seconds"),
            )
            return 0
        logger.error(
            "Email task %s: try %d of %d failed (%s); giving up, the email was not sent%s.",
            task_id,
            attempt,
            max_attempts(),
            failed,
            "" if not retrying else " (this task backend cannot wait to try again)",
        )
        raise EmailNotDelivered(f"Not sent after {attempt} tries: {failed}.") from None
