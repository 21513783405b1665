"""The security probes of issue 10, re-runnable: brute force, headers, cookies.

    DEBUG=true DATABASE_URL=sqlite:////tmp/probe.sqlite3 .venv/bin/python bench/security_probe.py

DATABASE_URL must name a throw-away database: the script migrates it and seeds the demo
(`seed_demo`) when it is empty. Everything goes through the real URL routing, middleware
and views with Django's test client (in process, no server), as follows:

* 50 wrong passwords for one user from one address: the status codes, counted;
  then the real user from another address with the right password;
* every HTML page of the demo's register keeper and officer, and every export: how many
  send a Content-Security-Policy (and whether any allows 'unsafe-inline'),
  a Permissions-Policy and `Cache-Control: no-store`;
* the cookie names production uses (a child process with DEBUG off).

It prints one JSON document. The figures in issue 10's closing note come from it.
"""

from __future__ import annotations

import collections
import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct_register.settings")
if "DATABASE_URL" not in os.environ:
    sys.exit("Set DATABASE_URL to a throw-away database (see the docstring).")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from declarations.models import Declaration, Officer  # noqa: E402

setup_test_environment()  # the test client's responses; ALLOWED_HOSTS gains testserver
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

WRONG = "not-the-password"
PASSWORD = "demo-password-2026"


def prepare() -> None:
    call_command("migrate", verbosity=0)
    if not Officer.objects.exists():
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def brute_force(username: str) -> dict[str, object]:
    if "axes" in settings.INSTALLED_APPS:  # a re-run starts from no failures
        call_command("axes_reset", stdout=io.StringIO())
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses = collections.Counter(
        attacker.post("/sign-in/", {"username": username, "password": WRONG}).status_code
        for _ in range(50)
    )
    real_user = Client(REMOTE_ADDR="198.51.100.7")
    response = real_user.post("/sign-in/", {"username": username, "password": PASSWORD})
    signed_in = "_auth_user_id" in real_user.session
    return {
        "wrong_password_statuses": dict(sorted(statuses.items())),
        "real_user_from_another_address": {"status": response.status_code, "signed_in": signed_in},
    }


def headers_of(client: Client, paths: list[str]) -> dict[str, object]:
    counts = collections.Counter()
    unsafe_inline = []
    for path in paths:
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        counts["pages"] += 1
        counts["csp"] += bool(csp)
        counts["permissions_policy"] += "Permissions-Policy" in response.headers
        counts["no_store"] += "no-store" in response.headers.get("Cache-Control", "")
        counts[f"status {response.status_code}"] += 1
        if "unsafe-inline" in csp:
            unsafe_inline.append(path)
    return {**counts, "csp_with_unsafe_inline": unsafe_inline}


def pages_for(username: str) -> tuple[Client, list[str]]:
    officer = Officer.objects.select_related("user").get(user__username=username)
    client = Client()
    client.force_login(officer.user)
    own = Declaration.objects.filter(officer=officer).order_by("pk").first()
    paths = ["/", "/declarations/new/", "/annual/", "/policies/", "/policies/thurrock/"]
    paths += ["/account/", "/account/sessions/", "/account/password/"]
    if own is not None:
        paths.append(f"/declarations/{own.pk}/")
    return client, paths


def main() -> None:
    prepare()
    officer_client, officer_pages = pages_for("thu.officer")
    keeper_client, keeper_pages = pages_for("thu.mo")
    keeper_pages += ["/decisions/", "/register/", "/register/named/", "/dashboard/", "/reviews/"]
    keeper_pages += ["/register/security-log/"]
    exports = ["/register/export.csv", "/register/export.xlsx", "/register/export.pdf"]
    production = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)",
        ],
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "probe-" + "x" * 60,
            "ALLOWED_HOSTS": "register.example.org",
        },
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.split()
    report = {
        "brute_force": brute_force("thu.officer"),
        "officer_pages": headers_of(officer_client, officer_pages),
        "keeper_pages": headers_of(keeper_client, keeper_pages),
        "exports": headers_of(keeper_client, exports),
        "production_cookie_names": production,
    }
    print(json.dumps(report, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
