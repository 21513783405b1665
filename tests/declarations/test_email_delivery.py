"""Emails go out from the background worker over real SMTP (an aiosmtpd server on this
machine), and are tried again while the mail server is down: the approver is told once
it recovers, and only once; after EMAIL_MAX_ATTEMPTS tries it gives up, saying so; a
server that hangs holds neither the request nor the worker for long."""

from __future__ import annotations

import datetime
import email
import logging
import socket
import time
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from declarations import notifications
from declarations.email_delivery import deliver_email
from tests.factories import open_for
from tests.workers import run_the_worker, worker_runs

APPROVER = "lee.manager@example.org"


class MailServer:
    """What an SMTP server on this machine received; while `refusing`, it answers every
    message with 451 (try again later), as a mail server in trouble does."""

    def __init__(self) -> None:
        self.refusing = False
        self.received: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusing:
            return "451 4.3.0 Try again later"
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings, tasks_in_the_database):
    """Django's SMTP backend pointed at a port on this machine; tasks wait for a worker,
    tried again after a second, the schedule off (these tests are about emails)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    settings.EMAIL_RETRY_SECONDS = 1
    settings.EMAIL_MAX_ATTEMPTS = 3
    return port


@pytest.fixture
def start_server(smtp) -> Iterator:
    """Start a mail server on the SMTP port (when the test says so); stopped at the end."""
    controllers = []

    def start() -> MailServer:
        handler = MailServer()
        controller = Controller(handler, hostname="127.0.0.1", port=smtp)
        controller.start()
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def waiting_retries() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=deliver_email.module_path
        )
    )


def wait_until_due(retries: list[DBTaskResult]) -> None:
    due = max(retry.run_after for retry in retries if retry.run_after is not None)
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)


@worker_runs
@pytest.mark.parametrize("trouble", ["refusing", "not listening"])
def test_the_approver_is_told_once_when_the_mail_server_recovers(
    trouble, start_server, officer, line_manager
):
    server = start_server() if trouble == "refusing" else None
    if server is not None:
        server.refusing = True
    declaration, _ = open_for(officer)  # the step opens: its approver is to be emailed

    run_the_worker()

    assert (server.received if server else []) == []
    (retry,) = waiting_retries()
    assert retry.args_kwargs["args"][-1] == 2  # the second try
    assert retry.run_after > timezone.now()

    if server is not None:
        server.refusing = False
    else:
        server = start_server()
    run_the_worker()
    assert server.received == []  # not yet due: the worker does not jump the wait

    wait_until_due([retry])
    run_the_worker()
    run_the_worker()

    (message,) = server.received
    assert message["To"] == APPROVER
    assert message["Subject"].startswith(f"Approval needed: {declaration.reference}")
    assert waiting_retries() == []


@worker_runs
def test_it_gives_up_after_the_last_attempt_and_says_so(
    smtp, settings, officer, line_manager, caplog
):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.EMAIL_RETRY_SECONDS = 0.2
    caplog.set_level(logging.WARNING, logger="declarations.email_delivery")
    open_for(officer)  # nothing listens on the SMTP port: every try is refused

    run_the_worker()
    wait_until_due(waiting_retries())
    run_the_worker()

    assert waiting_retries() == []
    (gave_up,) = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert gave_up.task_path == deliver_email.module_path
    assert gave_up.args_kwargs["args"][-1] == 2
    warning, error = [r for r in caplog.records if r.name == "declarations.email_delivery"]
    assert (warning.levelname, error.levelname) == ("WARNING", "ERROR")
    assert "try 1 of 2 failed (ConnectionRefusedError)" in warning.getMessage()
    assert f"Email task {gave_up.id}: try 2 of 2 failed (ConnectionRefusedError); giving up" in (
        error.getMessage()
    )
    assert APPROVER not in caplog.text
    assert "Approval needed" not in caplog.text


@worker_runs
def test_a_hanging_mail_server_holds_neither_the_caller_nor_the_worker(
    smtp, officer, line_manager, caplog
):
    with socket.socket() as hanging:  # accepts connections, never says a word
        hanging.bind(("127.0.0.1", smtp))
        hanging.listen(5)

        started = time.monotonic()
        open_for(officer)
        queued_in = time.monotonic() - started

        started = time.monotonic()
        run_the_worker()
        worker_took = time.monotonic() - started

    assert queued_in < 0.5
    assert 1 <= worker_took < 3  # EMAIL_TIMEOUT is 1 s
    (retry,) = waiting_retries()
    assert retry.args_kwargs["args"][-1] == 2
    # smtplib reports the timed-out wait for its greeting as a dropped connection.
    assert "failed (SMTPServerDisconnected)" in caplog.text


@pytest.mark.django_db
def test_a_rolled_back_change_queues_no_email(smtp, officer, line_manager):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        open_for(officer)
        raise RuntimeError("the decision failed after the step opened")

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_without_a_queue_a_failed_email_is_logged_not_raised_nor_retried(settings, officer, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1

    queued = notifications.send_email(
        "deadline_reminder",
        "Subject line",
        [officer],
        {"declaration": None, "deadline": datetime.date(2026, 1, 1), "when": "today"},
    )

    assert queued == 1  # the immediate backend ran it at once; the failure stayed in the task
    assert mail.outbox == []
    assert "giving up, the email was not sent (this task backend cannot wait" in caplog.text
