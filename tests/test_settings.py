"""Production settings: safe by default, refuse to start without a secret, deny by default."""

from __future__ import annotations

import json
import logging
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from conduct_register.request_log import JsonFormatter

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Settings read from the environment; each run below sets exactly the ones it needs.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
}


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh process; DATABASE_URL and the like pass through.

    DJANGO_* switches set by other tests in this process (e.g. DJANGO_ALLOW_ASYNC_UNSAFE
    for browser tests) are dropped: a deployment would not have them.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")
    }
    env["DJANGO_SETTINGS_MODULE"] = "conduct_register.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def strong_secret_key() -> str:
    key = secrets.token_urlsafe(50)
    assert len(key) > 50 and len(set(key)) > 5  # what check --deploy asks of a key
    return key


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="register.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="register.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_an_empty_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="register.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_without_a_secret_key_in_development():
    result = manage("check", DEBUG="true")

    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_asked_for():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="register.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_every_page_needs_a_signed_in_user_by_default():
    middleware = settings.MIDDLEWARE
    login_required = "django.contrib.auth.middleware.LoginRequiredMiddleware"

    assert login_required in middleware
    assert middleware.index(login_required) > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


@pytest.mark.django_db
def test_the_sign_in_page_is_public(client):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_it_refuses_an_unknown_log_format():
    result = manage("check", DEBUG="true", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr


def gunicorn_settings(monkeypatch, **variables: str) -> dict:
    for name in (
        "BIND",
        "PORT",
        "WEB_CONCURRENCY",
        "GUNICORN_TIMEOUT",
        "FORWARDED_ALLOW_IPS",
        "DEBUG",
        "LOG_FORMAT",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))


def test_the_web_server_has_production_defaults(monkeypatch):
    conf = gunicorn_settings(monkeypatch)

    assert conf["bind"] == "127.0.0.1:8000"  # BIND opens it to other machines
    assert conf["workers"] == 2 * os.cpu_count() + 1
    assert (conf["worker_class"], conf["timeout"], conf["graceful_timeout"]) == ("sync", 30, 30)
    assert conf["max_requests"] > conf["max_requests_jitter"] > 0
    assert conf["accesslog"] is None  # the register logs each request itself
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_the_web_server_reads_its_settings_from_the_environment(monkeypatch):
    conf = gunicorn_settings(
        monkeypatch,
        PORT="9000",
        WEB_CONCURRENCY="3",
        GUNICORN_TIMEOUT="20",
        FORWARDED_ALLOW_IPS="10.0.0.5",
    )
    assert (conf["bind"], conf["workers"], conf["timeout"]) == ("127.0.0.1:9000", 3, 20)
    assert conf["forwarded_allow_ips"] == "10.0.0.5"

    assert gunicorn_settings(monkeypatch, BIND="unix:/run/register.sock")["bind"] == (
        "unix:/run/register.sock"
    )


def test_the_web_servers_own_lines_are_json_in_production(monkeypatch, capsys):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("logconfig_dict", gunicorn_settings(monkeypatch)["logconfig_dict"])
    try:
        Logger(config).critical("WORKER TIMEOUT (pid:%s)", 123)  # gunicorn's own set-up
    finally:
        for name in ("", "gunicorn.error", "gunicorn.access"):
            logging.getLogger(name).handlers = [
                handler
                for handler in logging.getLogger(name).handlers
                if not isinstance(getattr(handler, "formatter", None), JsonFormatter)
            ]

    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "WORKER TIMEOUT (pid:123)"
    assert line["level"] == "CRITICAL"


def test_the_web_servers_own_lines_stay_text_in_development(monkeypatch):
    assert "logconfig_dict" not in gunicorn_settings(monkeypatch, DEBUG="true")


def test_export_files_are_readable_by_the_registers_account_alone():
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    storage = storages["exports"]
    name = storage.save("2026/11/29/register.csv", ContentFile(b"Reference\n"))

    path = Path(storage.path(name))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
