"""The security headers on every page (conduct_register/headers.py and the
Content-Security-Policy in settings): every address the site answers, found through the
URL resolver so that a new page cannot be missed, fetched by a signed-in member of the
cast."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from declarations.models import PublicationWithholding, WorkerHeartbeat
from declarations.privacy import subject_access_jobs
from declarations.register import export_jobs, named_registers, publishing
from tests.e2e.helpers import Register, make_register

# Every address that takes arguments, with the member of the cast who fetches it and the
# arguments, from the register tests/e2e/helpers.py makes. An address missing here fails
# test_every_address_is_fetched: add it.
Arguments = Callable[[Register, dict], dict]
WITH_ARGUMENTS: dict[str, tuple[str, Arguments]] = {
    "sso-start": ("officer", lambda register, cast: {"provider": "thurrock"}),
    "password_reset_confirm": (
        "officer",
        lambda register, cast: {"uidb64": "MQ", "token": "set-password"},
    ),
    "policy-detail": ("officer", lambda register, cast: {"employer": "thurrock"}),
    "declaration-new-type": ("officer", lambda register, cast: {"declaration_type": "gift"}),
    "declaration-detail": ("director", lambda register, cast: {"pk": register["wine"].pk}),
    "declaration-edit": ("director", lambda register, cast: {"pk": register["draft"].pk}),
    "declaration-check": ("director", lambda register, cast: {"pk": register["draft"].pk}),
    "declaration-submit": ("director", lambda register, cast: {"pk": register["draft"].pk}),
    "declaration-confirmation": ("director", lambda register, cast: {"pk": register["diary"].pk}),
    "declaration-withdraw": ("director", lambda register, cast: {"pk": register["diary"].pk}),
    "declaration-amend": ("director", lambda register, cast: {"pk": register["dinner"].pk}),
    "declaration-end": ("officer", lambda register, cast: {"pk": register["rowing"].pk}),
    "declaration-disposition": ("director", lambda register, cast: {"pk": register["wine"].pk}),
    "decision-detail": ("monitoring_officer", lambda register, cast: {"step_id": cast["step"]}),
    "register-entry": ("monitoring_officer", lambda register, cast: {"pk": register["wine"].pk}),
    "named-register": ("monitoring_officer", lambda register, cast: {"slug": cast["slug"]}),
    "named-register-export-csv": (
        "monitoring_officer",
        lambda register, cast: {"slug": cast["slug"]},
    ),
    "named-register-export-xlsx": (
        "monitoring_officer",
        lambda register, cast: {"slug": cast["slug"]},
    ),
    "named-register-export-pdf": (
        "monitoring_officer",
        lambda register, cast: {"slug": cast["slug"]},
    ),
    "published-register": ("officer", lambda register, cast: {"code": "thurrock"}),
    "published-register-csv": ("officer", lambda register, cast: {"code": "thurrock"}),
    "published-versions": ("officer", lambda register, cast: {"code": "thurrock"}),
    "published-version": (
        "officer",
        lambda register, cast: {"code": "thurrock", "pk": cast["publication"]},
    ),
    "published-version-csv": (
        "officer",
        lambda register, cast: {"code": "thurrock", "pk": cast["publication"]},
    ),
    "declaration-withhold": ("director", lambda register, cast: {"pk": register["wine"].pk}),
    "withholding-decide": (
        "monitoring_officer",
        lambda register, cast: {"pk": cast["withholding"]},
    ),
    "interest-review": ("monitoring_officer", lambda register, cast: {"pk": register["rowing"].pk}),
    "register-export-detail": (
        "monitoring_officer",
        lambda register, cast: {"export_id": cast["export"]},
    ),
    "register-export-file": (
        "monitoring_officer",
        lambda register, cast: {"export_id": cast["export"]},
    ),
    "privacy-copy": ("monitoring_officer", lambda register, cast: {"copy_id": cast["copy"]}),
    "privacy-copy-file": ("monitoring_officer", lambda register, cast: {"copy_id": cast["copy"]}),
}
# Pages that must open (200, HTML) for the member who fetches them, so that the checks on
# HTML pages below are never checking nothing.
MUST_OPEN = {
    "home",
    "policy-index",
    "policy-detail",
    "declaration-new",
    "declaration-new-type",
    "declaration-detail",
    "declaration-edit",
    "declaration-check",
    "decision-queue",
    "decision-detail",
    "register",
    "register-entry",
    "named-register-list",
    "named-register",
    "dashboard",
    "interest-reviews",
    "interest-review",
    "published-index",
    "published-register",
    "sessions",
    # Asking for an export (a page with a button), your exports, one export's progress.
    "register-export-csv",
    "register-export-xlsx",
    "register-export-pdf",
    "named-register-export-csv",
    "named-register-export-xlsx",
    "named-register-export-pdf",
    "register-exports",
    "register-export-detail",
    # The privacy notice, your data, the monitoring officer's subject-access page, one
    # copy's progress.
    "privacy-notice",
    "privacy-your-data",
    "privacy-subject-access",
    "privacy-copy",
    # Previous versions of the published register; asking to keep an entry out of it,
    # and the monitoring officer's decision.
    "published-versions",
    "published-version",
    "declaration-withhold",
    "withholding-list",
    "withholding-decide",
}
EXPORTS = {
    "register-export-file",
    "published-register-csv",
    "published-version-csv",
    "privacy-copy-file",
}


def url_names(patterns: list | None = None, namespace: str | None = None) -> Iterator[str]:
    """Every named address outside the admin (Django's own, with its own tests)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def takes_arguments(name: str) -> bool:
    try:
        reverse(name)
    except Exception:
        return True
    return False


@pytest.fixture
def site(officer, line_manager, director, monitoring_officer, stranger):
    """The register, one named register's slug, a step waiting for the monitoring
    officer, a publication, and a worker seen just now."""
    register = make_register(officer, line_manager, director, monitoring_officer, stranger)
    publication = publishing.publish(monitoring_officer.organisation, by=monitoring_officer)
    withholding = PublicationWithholding.objects.create(
        declaration=register["notebook"],
        organisation=register["notebook"].organisation,
        reference=register["notebook"].reference,
        asked_by=register["notebook"].officer,
        reason="For my safety",
    )
    WorkerHeartbeat.objects.create(worker_id="headers")  # so that /readyz answers 200
    step = register["diary"].approval_steps.get(state="pending", opened_at__isnull=False)
    asked = export_jobs.listing_for(monitoring_officer.user, export_jobs.WHOLE_REGISTER, {})
    export = export_jobs.request_export(monitoring_officer.user, asked, "csv", {})
    copy = subject_access_jobs.request_copy(monitoring_officer.user, officer)
    cast = {
        "officer": officer,
        "director": director,
        "monitoring_officer": monitoring_officer,
        "slug": named_registers(monitoring_officer.user)[0].slug,
        "step": step.pk,
        "export": export.pk,
        "copy": copy.pk,
        "publication": publication.pk,
        "withholding": withholding.pk,
    }
    return register, cast


@pytest.fixture
def fetched(site) -> dict[str, object]:
    """Every named address, fetched (GET) by its member of the cast: name -> response."""
    register, cast = site
    responses = {}
    clients: dict[str, Client] = {}
    for name in sorted(set(url_names())):
        who, arguments = WITH_ARGUMENTS.get(name, ("monitoring_officer", None))
        if arguments is None and takes_arguments(name):
            continue  # test_every_address_is_fetched says which
        url = reverse(name, kwargs=arguments(register, cast) if arguments else None)
        if who not in clients:
            clients[who] = Client(raise_request_exception=False)
            clients[who].force_login(cast[who].user)
        responses[name] = clients[who].get(url)
    return responses


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in (part.strip() for part in policy.split(";"))
        if directive
    }


def is_html_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_every_address_is_fetched_and_the_pages_open(fetched):
    missing = sorted(set(url_names()) - set(fetched))
    assert missing == [], f"Add these addresses to WITH_ARGUMENTS in {__file__}: {missing}"
    assert {name for name, response in fetched.items() if is_html_page(response)} >= MUST_OPEN
    assert [name for name, response in fetched.items() if response.status_code >= 500] == []


def test_every_response_to_a_signed_in_user_has_the_security_headers(fetched):
    for name, response in fetched.items():
        # A Content-Security-Policy with nothing inline, and never in a frame.
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], name
        assert directives["frame-ancestors"] == ["'none'"], name
        assert directives["base-uri"] == ["'none'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["style-src"] == ["'self'"], name
        assert directives["img-src"] == ["'self'", "data:"], name
        assert directives["form-action"][0] == "'self'", name
        assert "unsafe-inline" not in response["Content-Security-Policy"], name
        assert "unsafe-eval" not in response["Content-Security-Policy"], name
        # Unused browser features off; no other window may keep a handle on this one.
        features = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (name, feature)
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        # Never stored: not in a shared cache, not in the browser's after sign-out.
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "no-cache", "private"} <= cache_control, name
        assert response["Pragma"] == "no-cache", name
    for name in EXPORTS:
        assert fetched[name].status_code == 200, name
        assert "attachment" in fetched[name]["Content-Disposition"], name


def test_every_html_page_runs_only_its_own_scripts_and_nothing_inline(fetched):
    for name, response in fetched.items():
        if not is_html_page(response):
            continue
        script_src = csp_directives(response)["script-src"]
        nonces = [source for source in script_src if source.startswith("'nonce-")]
        assert script_src[0] == "'self'" and len(nonces) == 1, name
        nonce = nonces[0][len("'nonce-") : -1]
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert any(f'nonce="{nonce}"' in tag for tag in scripts), name
        for tag in scripts:
            # A script runs if it is this site's file or carries the nonce; json_script
            # data blocks are not run.
            if 'type="application/json"' in tag or f'nonce="{nonce}"' in tag:
                continue
            assert re.search(r'\ssrc="/[^/]', tag), (name, tag)
        # Inline styles and event handlers would be refused: none may be written.
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), name
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), name
        assert "<style" not in html, name
        assert "javascript:" not in html, name


def test_the_sign_in_page_has_the_headers_too(client, db):
    response = client.get(reverse("login"))
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_public_published_register_may_be_cached_for_the_public(client, site):
    response = client.get(reverse("published-register", args=["thurrock"]))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def fresh_settings(expression: str, **variables: str) -> str:
    """`expression` over the settings of a fresh process with only these variables set
    (of the settings' own), as a deployment would start."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SESSION_", "CSRF_", "SSO_", "DEBUG"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="x",
        DJANGO_SETTINGS_MODULE="conduct_register.settings",
        **variables,
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from django.conf import settings as s; print({expression})",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_forms_may_go_to_the_identity_providers():
    form_action = fresh_settings(
        "' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])",
        DEBUG="true",
        SSO_PROVIDERS="thurrock,ecc",
        SSO_THURROCK_ISSUER="https://login.thurrock.example/realms/staff",
        SSO_THURROCK_CLIENT_ID="register",
        SSO_THURROCK_CLIENT_SECRET="not-a-real-one",
        SSO_ECC_ISSUER="https://sts.ecc.example/tenant/v2.0",
        SSO_ECC_AUTHORIZATION_ENDPOINT="https://auth.ecc.example/authorize",
        SSO_ECC_CLIENT_ID="register",
        SSO_ECC_CLIENT_SECRET="not-a-real-one",
    )
    assert form_action.split() == [
        "'self'",
        "https://auth.ecc.example",
        "https://login.thurrock.example",
        "https://sts.ecc.example",
    ]


def test_without_identity_providers_forms_stay_on_the_site():
    form_action = fresh_settings(
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']", DEBUG="true"
    )
    assert form_action == "[\"'self'\"]"


COOKIE_SETTINGS = (
    "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_PATH, "
    "s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_PATH, s.CSRF_COOKIE_DOMAIN"
)


def test_secure_cookies_take_the_host_prefix():
    assert fresh_settings(COOKIE_SETTINGS, DEBUG="false").split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "/",
        "None",
        "/",
        "None",
    ]


def test_cookies_sent_over_plain_http_keep_their_plain_names():
    assert fresh_settings(COOKIE_SETTINGS, DEBUG="true").split()[:2] == ["sessionid", "csrftoken"]
    assert fresh_settings(
        COOKIE_SETTINGS, DEBUG="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false"
    ).split()[:2] == ["sessionid", "csrftoken"]
