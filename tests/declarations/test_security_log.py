"""The security log's core (declarations/security_log.py): record() refuses secrets and
cuts long values, each event is one JSON line on "conduct_register.security", the sign-in
receivers record sign-ins, failures, sign-outs and lockouts without ever a password, and
DenialLogMiddleware records each 403 and 404 a signed-in user meets."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import include, path, reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from declarations.security_log import MAX_DETAIL_TEXT, record

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "hunter2-secret"
LOGGER = "conduct_register.security"


def raise_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Not yours.")


def raise_not_found(request: HttpRequest) -> HttpResponse:
    raise Http404("No such thing.")


# Views that raise, for the denial tests; the site's own urls follow (the 403 and 404
# pages link to them).
urlpatterns = [
    path("test-raises-403/", raise_permission_denied),
    path("test-raises-404/", raise_not_found),
    path("", include("conduct_register.urls")),
]


@pytest.fixture
def security_log(caplog):
    """caplog, seeing the security logger too (it does not pass its records to the root;
    pytest attaches caplog to such loggers itself, and adding it again changes nothing)."""
    logger = logging.getLogger(LOGGER)
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)


def lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER]


def everything_stored() -> str:
    """Every security event row, every column, as text."""
    return json.dumps(list(SecurityEvent.objects.values()), default=str)


def a_request(path: str = "/somewhere/", address: str = "198.51.100.7") -> HttpRequest:
    request = RequestFactory().get(path, REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


# --- record() -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "access_token",
        "client_secret",
        "otp",
        "passcode",
        "session_key",
        "cookie",
        "api_key",
        "Password",
    ],
)
def test_record_refuses_a_detail_that_names_a_secret(key, security_log):
    with pytest.raises(ValueError, match="never records secrets"):
        record(SecurityEventKind.SIGN_IN_FAILED, username="olive.officer", **{key: "x"})

    assert not SecurityEvent.objects.exists()
    assert lines(security_log) == []


def test_record_cuts_long_text_lists_and_keys(thurrock):
    event = record(
        SecurityEventKind.ACCESS_DENIED,
        request=a_request("/" + "p" * 500),
        username="u" * 400,
        organisation=thurrock,
        note="n" * 1000,
        many=list(range(80)),
        nested={"k" * 100: "v" * 1000},
    )

    event.refresh_from_db()
    assert len(event.username) == 150
    assert len(event.path) == 300
    assert event.detail["note"] == "n" * MAX_DETAIL_TEXT
    assert event.detail["many"] == list(range(50))
    assert event.detail["nested"] == {"k" * 60: "v" * MAX_DETAIL_TEXT}


def test_record_keeps_numbers_and_flags_and_writes_other_values_as_text(thurrock):
    import datetime

    event = record(
        SecurityEventKind.REGISTER_EXPORTED,
        organisation=thurrock,
        rows=12,
        late=True,
        nothing=None,
        on=datetime.date(2026, 4, 1),
    )

    event.refresh_from_db()
    assert event.detail == {"rows": 12, "late": True, "nothing": None, "on": "2026-04-01"}


def test_each_event_is_one_json_line_with_who_when_where(security_log, officer):
    request = a_request("/register/", "203.0.113.9")
    request.user = officer.user

    event = record(SecurityEventKind.ACCESS_DENIED, request=request, status=403, method="GET")

    [line] = lines(security_log)
    assert line == {
        "event": "access_denied",
        "at": event.at.isoformat(),
        "user_id": officer.user.pk,
        "username": "olive.officer",
        "organisation": "thurrock",
        "ip": "203.0.113.9",
        "path": "/register/",
        "status": 403,
        "method": "GET",
    }
    assert event.user == officer.user
    assert event.organisation == officer.organisation


def test_the_configured_handler_writes_one_json_line_per_event(officer):
    """The settings' handler (not caplog): each event exactly one line that parses."""
    logger = logging.getLogger(LOGGER)
    assert logger.propagate is False
    assert logger.getEffectiveLevel() == logging.INFO
    [handler] = [each for each in logger.handlers if each.name == "security"]
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        record(SecurityEventKind.SIGN_IN, user=officer.user, method="password")
        record(
            SecurityEventKind.SIGN_IN_FAILED,
            username="someone\nwith a newline",
            note="a\nb",
        )
    finally:
        handler.setStream(previous)

    written = stream.getvalue().splitlines()
    assert len(written) == 2
    first, second = (json.loads(line) for line in written)
    assert first["event"] == "sign_in"
    assert first["method"] == "password"
    assert second["username"] == "someone\nwith a newline"


def test_security_log_file_sends_the_lines_to_that_file(tmp_path):
    """SECURITY_LOG_FILE: the same JSON lines, to a file instead of stderr."""
    log_file = tmp_path / "security.log"
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('conduct_register.security').info('{\"event\": \"sign_in\"}')"
    )
    environment = {
        **os.environ,
        "DEBUG": "true",
        "SECURITY_LOG_FILE": str(log_file),
        "DJANGO_SETTINGS_MODULE": "conduct_register.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert log_file.read_text(encoding="utf-8") == '{"event": "sign_in"}\n'
    assert "sign_in" not in done.stderr


# --- sign-in, sign-out, failures, lockouts ------------------------------------------------------


def test_a_failed_sign_in_is_recorded_without_the_password(client, officer, security_log):
    response = client.post(
        reverse("login"), {"username": "olive.officer", "password": WRONG_PASSWORD}
    )

    assert response.status_code == 200  # the form again, with its error
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert event.username == "olive.officer"
    assert event.user is None
    assert event.organisation == officer.organisation  # shown to Thurrock's officer
    assert event.ip_address == "127.0.0.1"
    assert event.detail == {"known_account": True}
    assert WRONG_PASSWORD not in everything_stored()
    assert WRONG_PASSWORD not in security_log.text
    assert [line["event"] for line in lines(security_log)] == ["sign_in_failed"]


def test_a_failed_sign_in_naming_no_account_belongs_to_no_organisation(client, security_log):
    client.post(reverse("login"), {"username": "nobody.here", "password": WRONG_PASSWORD})

    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert event.username == "nobody.here"
    assert event.organisation is None
    assert event.detail == {"known_account": False}
    assert WRONG_PASSWORD not in everything_stored() + security_log.text


def test_a_sign_in_is_recorded_with_its_method(officer):
    request = a_request("/sign-in/")
    request.session = SessionStore()

    login(request, officer.user, backend="django.contrib.auth.backends.ModelBackend")

    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN)
    assert event.user == officer.user
    assert event.username == "olive.officer"
    assert event.organisation == officer.organisation
    assert event.ip_address == "198.51.100.7"
    assert event.detail == {"method": "password"}


def test_a_single_sign_on_names_its_method(officer):
    request = a_request("/sign-in/sso/callback/")
    request.session = SessionStore()
    request.session["sign_in_method"] = "sso"

    login(request, officer.user, backend="django.contrib.auth.backends.ModelBackend")

    assert SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN).detail == {"method": "sso"}


def test_a_sign_out_is_recorded(client, officer):
    client.force_login(officer.user)

    client.post(reverse("logout"))

    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_OUT)
    assert event.user == officer.user
    assert event.organisation == officer.organisation


def test_a_lockout_is_recorded_with_the_username_and_address(officer, security_log):
    user_locked_out.send(
        "axes", request=a_request("/sign-in/"), username="olive.officer", ip_address="192.0.2.44"
    )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKED_OUT)
    assert event.username == "olive.officer"
    assert event.ip_address == "192.0.2.44"
    assert event.organisation == officer.organisation
    assert event.user is None


def test_repeated_wrong_passwords_lock_out_and_every_attempt_is_logged(
    client, officer, security_log, settings
):
    attempts = settings.AXES_FAILURE_LIMIT + 1
    for _ in range(attempts):
        client.post(reverse("login"), {"username": "olive.officer", "password": WRONG_PASSWORD})

    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds.count(SecurityEventKind.SIGN_IN_FAILED) == attempts
    assert SecurityEventKind.LOCKED_OUT in kinds
    locked = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT).first()
    assert locked.username == "olive.officer"
    assert locked.ip_address == "127.0.0.1"
    assert WRONG_PASSWORD not in everything_stored() + security_log.text


# --- denials ----------------------------------------------------------------------------------


def denials() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED))


def test_a_refusal_page_is_recorded(client, officer):
    client.force_login(officer.user)

    response = client.get(reverse("register"))

    assert response.status_code == 403
    [event] = denials()
    assert event.user == officer.user
    assert event.organisation == officer.organisation
    assert event.path == "/register/"
    assert event.detail == {"status": 403, "method": "GET"}


def test_a_page_that_does_not_exist_is_recorded(client, officer):
    client.force_login(officer.user)

    response = client.post("/no-such-page/")

    assert response.status_code == 404
    [event] = denials()
    assert event.path == "/no-such-page/"
    assert event.detail == {"status": 404, "method": "POST"}


def test_a_register_no_code_names_is_recorded(client, monitoring_officer):
    client.force_login(monitoring_officer.user)

    assert client.get(reverse("named-register", args=["no-such-register"])).status_code == 404
    [event] = denials()
    assert event.detail["status"] == 404


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status"), [("/test-raises-403/", 403), ("/test-raises-404/", 404)]
)
def test_a_raised_permission_denied_or_http404_is_recorded(client, officer, url, status):
    client.force_login(officer.user)

    assert client.get(url).status_code == status
    [event] = denials()
    assert event.path == url
    assert event.detail == {"status": status, "method": "GET"}


def test_a_strangers_refusal_belongs_to_their_own_organisation(client, stranger):
    client.force_login(stranger.user)

    client.get(reverse("register"))

    [event] = denials()
    assert event.organisation.code == "ecc"


def test_pages_that_open_are_not_recorded(client, officer):
    client.force_login(officer.user)

    assert client.get(reverse("home")).status_code == 200
    assert denials() == []


def test_someone_not_signed_in_is_not_recorded(client, thurrock):
    assert client.get(reverse("published-register", args=["thurrock"])).status_code == 404
    assert client.get("/no-such-page/").status_code in (302, 404)
    assert denials() == []


def test_a_missing_static_file_is_not_recorded(client, officer):
    client.force_login(officer.user)

    assert client.get(f"{settings.STATIC_URL}no-such-file.css").status_code == 404
    assert denials() == []
