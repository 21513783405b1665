"""The health checks for load balancers (conduct_register/health.py): `/healthz` answers
while the process is up, `/readyz` only when the database answers, every migration is
applied and a worker has been seen lately; both without signing in, saying nothing more."""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from conduct_register import health
from declarations import clock
from declarations.models import WorkerHeartbeat

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def migrations_not_yet_checked(monkeypatch):
    """Each test starts from a fresh process's view: migrations not yet known applied,
    no answer kept."""
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "_last_answer", None)


def worker_seen(seconds_ago: int) -> WorkerHeartbeat:
    seen_at = clock.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=f"worker-{seconds_ago}", seen_at=seen_at)


def assert_says_only(response, status: int, word: bytes) -> None:
    assert response.status_code == status
    assert response.content == word
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_answers_ok_without_the_database(client):
    # No database access is allowed in this test: the view must not need one.
    assert_says_only(client.get("/healthz"), 200, b"ok")


def test_healthz_answers_head_and_refuses_a_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ready_with_the_database_migrated_and_a_worker_seen(client):
    worker_seen(seconds_ago=10)

    assert_says_only(client.get("/readyz"), 200, b"ready")


@pytest.mark.django_db
def test_readyz_is_not_ready_without_a_worker(client, caplog):
    with caplog.at_level(logging.WARNING, logger="conduct_register.health"):
        response = client.get("/readyz")

    assert_says_only(response, 503, b"not ready")
    assert "no background worker seen in the last 300 seconds" in caplog.text
    # One WARNING saying why, not an ERROR for every probe as well.
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_last_worker_was_seen_too_long_ago(client, settings):
    settings.WORKER_SEEN_WITHIN_SECONDS = 60
    worker_seen(seconds_ago=61)

    assert_says_only(client.get("/readyz"), 503, b"not ready")

    worker_seen(seconds_ago=59)
    health._last_answer = None  # READY_ANSWER_SECONDS later: asked again
    assert_says_only(client.get("/readyz"), 200, b"ready")


@pytest.mark.django_db
def test_readyz_is_not_ready_while_a_migration_is_unapplied(client, caplog):
    worker_seen(seconds_ago=10)
    latest = MigrationRecorder(connection).migration_qs.filter(app="declarations").latest("id")
    latest.delete()  # as if the release's migrations had not been run yet

    with caplog.at_level(logging.WARNING, logger="conduct_register.health"):
        response = client.get("/readyz")

    assert_says_only(response, 503, b"not ready")
    assert "migrations are not all applied" in caplog.text
    # "Not applied" is asked again each time: once migrated, the process is ready.
    MigrationRecorder(connection).record_applied(latest.app, latest.name)
    health._last_answer = None  # READY_ANSWER_SECONDS later: asked again
    assert_says_only(client.get("/readyz"), 200, b"ready")


@pytest.mark.django_db
def test_readyz_remembers_that_migrations_were_applied(client, django_assert_max_num_queries):
    worker_seen(seconds_ago=10)
    assert client.get("/readyz").status_code == 200

    # Migrations once applied stay applied: only SELECT 1 and the worker's row are read.
    with django_assert_max_num_queries(2):
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_the_checks_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    worker_seen(seconds_ago=10)

    assert client.get("/sign-in/").status_code == 301  # everything else goes to HTTPS
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_the_checks_need_a_host_the_register_serves(client):
    assert client.get("/healthz", headers={"host": "elsewhere.example"}).status_code == 400


def test_readyz_is_not_ready_when_the_database_is_unreachable():
    """In a fresh process whose database is a closed port: up, but not ready."""
    script = (
        "from django.test import Client; c = Client(); "
        "r = c.get('/healthz'); print(r.status_code, r.content.decode()); "
        "r = c.get('/readyz'); print(r.status_code, r.content.decode())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2",
        DJANGO_SETTINGS_MODULE="conduct_register.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["200 ok", "503 not ready"]
    assert "Not ready: the database is unreachable (OperationalError)" in result.stderr


@pytest.mark.django_db
def test_readyz_asked_again_at_once_gives_the_same_answer_without_asking_the_database(
    client, caplog
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get("/readyz").status_code == 503  # no worker seen
    worker_seen(seconds_ago=1)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/readyz")

    assert answer.status_code == 503  # the kept answer, for READY_ANSWER_SECONDS
    assert queries.captured_queries == []
    warnings = [r for r in caplog.records if r.name == "conduct_register.health"]
    assert len(warnings) == 1
