"""One log line per request (conduct_register/request_log.py): JSON in production, with the
status, the duration and the number of database queries, and nothing that names anyone
or repeats what they searched for."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conduct_register.request_log import JsonFormatter

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def request_lines(caplog):
    """The request log's lines so far, each formatted as production writes it."""
    caplog.set_level(logging.INFO, logger="conduct_register.requests")
    formatter = JsonFormatter()

    def lines() -> list[str]:
        return [
            formatter.format(record)
            for record in caplog.records
            if record.name == "conduct_register.requests"
        ]

    return lines


@pytest.mark.django_db
def test_a_request_makes_one_json_line(client, request_lines):
    response = client.get("/sign-in/?next=/register/%3Fq%3Dsecret-search")

    [line] = request_lines()
    logged = json.loads(line)
    assert logged["method"] == "GET"
    assert logged["path"] == "/sign-in/"  # without the query string
    assert logged["route"] == "login"
    assert logged["status"] == response.status_code == 200
    assert isinstance(logged["duration_ms"], float) and logged["duration_ms"] > 0
    assert logged["user_id"] is None
    assert logged["level"] == "INFO" and logged["logger"] == "conduct_register.requests"
    assert logged["time"].endswith("+00:00")
    assert "secret-search" not in line


@pytest.mark.django_db
def test_the_query_count_is_the_number_of_queries_the_request_ran(client, officer, request_lines):
    client.force_login(officer.user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    logged = json.loads(request_lines()[-1])
    assert response.status_code == 200
    assert logged["db_queries"] == len(queries.captured_queries) > 0


def test_a_request_without_the_database_counts_no_queries(client, request_lines):
    client.get("/healthz")

    [line] = request_lines()
    assert json.loads(line)["db_queries"] == 0
    assert json.loads(line)["route"] == "healthz"


@pytest.mark.django_db
def test_a_signed_in_request_gives_the_user_id_and_nothing_else_about_them(
    client, officer, request_lines
):
    client.force_login(officer.user)

    client.get("/")

    line = request_lines()[-1]
    assert json.loads(line)["user_id"] == officer.user.pk
    for personal in (officer.user.username, officer.user.email, officer.user.last_name):
        assert personal not in line


@pytest.mark.django_db
def test_a_refused_request_is_logged_with_its_status(client, request_lines):
    client.get("/register/")

    assert json.loads(request_lines()[-1])["status"] == 302


@pytest.mark.django_db
def test_django_s_own_lines_leave_the_query_string_out_too(client, officer, caplog):
    client.force_login(officer.user)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/?q=secret-search")

    [line] = [JsonFormatter().format(r) for r in caplog.records if r.name == "django.request"]
    assert json.loads(line)["message"] == "Not Found: /no-such-page/"
    assert json.loads(line)["status_code"] == 404
    assert "secret-search" not in line


def logs_of_a_fresh_process(**variables: str) -> list[str]:
    """The lines a fresh process writes to stderr while it answers /healthz."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "LOG"))}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="conduct_register.settings",
        **variables,
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--verbosity=0",
            "-c",
            "from django.test import Client; Client().get('/healthz')",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_production_logs_each_request_as_a_json_line():
    [line] = [line for line in logs_of_a_fresh_process(DEBUG="false") if "/healthz" in line]

    logged = json.loads(line)
    assert (logged["path"], logged["status"], logged["db_queries"]) == ("/healthz", 200, 0)


def test_development_logs_plain_text_unless_asked_for_json():
    [text] = [line for line in logs_of_a_fresh_process(DEBUG="true") if "/healthz" in line]
    assert text.startswith("GET '/healthz' 200 ")

    [line] = [
        line
        for line in logs_of_a_fresh_process(DEBUG="true", LOG_FORMAT="json")
        if "/healthz" in line
    ]
    assert json.loads(line)["status"] == 200


@pytest.mark.django_db
def test_a_password_reset_link_is_logged_by_its_route_not_its_token(client, request_lines):
    client.get("/password-reset/MQ/abc-123-secret/")

    line = request_lines()[-1]
    assert "abc-123-secret" not in line
    assert json.loads(line)["path"] == "/password-reset/<uidb64>/<token>/"


def test_a_line_break_in_the_path_cannot_start_a_line_of_its_own(client, request_lines, caplog):
    client.get("/healthz%0Aforged")

    [record] = [r for r in caplog.records if r.name == "conduct_register.requests"]
    assert "\n" not in record.getMessage()


@pytest.mark.django_db
def test_logging_a_page_that_never_asks_who_is_signed_in_runs_no_query_of_its_own(
    client, officer, request_lines
):
    client.force_login(officer.user)

    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")

    logged = json.loads(request_lines()[-1])
    assert logged["db_queries"] == len(queries.captured_queries)  # none after the count
