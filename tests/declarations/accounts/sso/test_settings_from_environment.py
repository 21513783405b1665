"""SSO_PROVIDERS and SSO_<CODE>_* in the environment become settings.SSO_PROVIDERS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[4]
PRINT_PROVIDERS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.SSO_PROVIDERS))"
)


def settings_with(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSO_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="conduct_register.settings", DEBUG="true", **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_PROVIDERS],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_there_are_no_providers_unless_the_environment_names_them():
    run = settings_with()

    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {}


def test_each_named_provider_reads_its_own_variables():
    run = settings_with(
        SSO_PROVIDERS="thurrock,essex-probation",
        SSO_THURROCK_ISSUER="https://login.microsoftonline.com/tenant-a/v2.0",
        SSO_THURROCK_CLIENT_ID="client-a",
        SSO_THURROCK_CLIENT_SECRET="secret-a",
        SSO_THURROCK_LABEL="Sign in with your Thurrock account",
        SSO_ESSEX_PROBATION_ISSUER="https://idp.probation.example",
        SSO_ESSEX_PROBATION_CLIENT_ID="client-b",
        SSO_ESSEX_PROBATION_CLIENT_SECRET="secret-b",
        SSO_ESSEX_PROBATION_JWKS_URI="https://idp.probation.example/keys",
    )

    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert list(found) == ["thurrock", "essex-probation"]
    assert found["thurrock"]["issuer"] == "https://login.microsoftonline.com/tenant-a/v2.0"
    assert found["thurrock"]["label"] == "Sign in with your Thurrock account"
    assert found["thurrock"]["jwks_uri"] == ""
    assert found["essex-probation"]["client_id"] == "client-b"
    assert found["essex-probation"]["jwks_uri"] == "https://idp.probation.example/keys"


def test_a_provider_without_its_secret_stops_the_start():
    run = settings_with(
        SSO_PROVIDERS="thurrock",
        SSO_THURROCK_ISSUER="https://login.microsoftonline.com/tenant-a/v2.0",
        SSO_THURROCK_CLIENT_ID="client-a",
    )

    assert run.returncode != 0
    assert "Single sign-on for thurrock: set SSO_THURROCK_CLIENT_SECRET." in run.stderr
