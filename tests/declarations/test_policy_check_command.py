"""`manage.py policy_check`: one JSON request on stdin, one JSON verdict on stdout.

A few cases run the real command in a subprocess, to prove the real stdin, stdout
and exit status and that no traceback ever appears; the table of bad inputs runs
through call_command with a fake stdin. The command reads the register's stored settings
(each employer's token limit), so these tests use the database; a real command with no
database at all still answers, with the contract's default settings.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

import policies
from tests.declarations.policy_check_cases import (
    A_GIFT,
    ACCEPTED,
    BAD_INPUTS,
    GOOD_REQUESTS,
    NEW_FIELDS,
    OPCC_TOKEN_GIFT,
    REFUSED,
    VERDICT_KEYS,
    gift,
)
from tests.factories import OrganisationFactory

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def run(stdin: str) -> tuple[int, str]:
    """call_command with a fake stdin: (exit status, stdout)."""
    out = io.StringIO()
    try:
        call_command("policy_check", stdin=io.StringIO(stdin), stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def run_process(stdin: str | bytes, **env: str) -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter, as a script would run it."""
    return subprocess.run(
        [sys.executable, "manage.py", "policy_check"],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        cwd=PROJECT,
        env={**os.environ, "DEBUG": "true", **env},
        capture_output=True,
        timeout=60,
    )


def only_json(stdout: str) -> dict[str, Any]:
    """Stdout must be one line of JSON and nothing else."""
    assert stdout.endswith("\n") and stdout.count("\n") == 1, stdout
    return json.loads(stdout)


@pytest.mark.parametrize("kind", list(GOOD_REQUESTS))
def test_it_prints_a_verdict_for_every_type(kind):
    request = GOOD_REQUESTS[kind]

    status, stdout = run(json.dumps(request))

    assert status == 0
    verdict = only_json(stdout)
    assert set(verdict) == VERDICT_KEYS
    assert verdict == policies.evaluate(policies.parse_request(request)).as_json()


def test_a_seconded_officer_is_judged_by_both_codes():
    status, stdout = run(json.dumps(GOOD_REQUESTS["outside_work"]))

    assert status == 0
    assert only_json(stdout)["codes_applied"] == ["county-council", "ecc"]


@pytest.mark.parametrize(
    "request_", [r for _, r in NEW_FIELDS], ids=[name for name, _ in NEW_FIELDS]
)
def test_every_field_added_in_2026_11_is_accepted(request_):
    status, stdout = run(json.dumps(request_))

    assert status == 0, stdout
    verdict = only_json(stdout)
    assert set(verdict) == VERDICT_KEYS
    assert verdict == policies.evaluate(policies.parse_request(request_)).as_json()


def test_with_the_default_token_limit_a_30_pound_opcc_gift_is_no_token():
    status, stdout = run(json.dumps(OPCC_TOKEN_GIFT))

    assert status == 0
    verdict = only_json(stdout)
    assert verdict["outcome"] == "prohibited"
    assert "£25.00" in " ".join(verdict["reasons"])


def test_the_stored_token_limit_is_the_one_applied():
    OrganisationFactory(code="opcc", token_limit_gbp=Decimal("50.00"))

    status, stdout = run(json.dumps(OPCC_TOKEN_GIFT))

    assert status == 0
    verdict = only_json(stdout)
    assert verdict["outcome"] == "no_action"
    assert "£50.00" in " ".join(verdict["reasons"])


def test_another_employers_stored_token_limit_changes_nothing():
    OrganisationFactory(code="thurrock", token_limit_gbp=Decimal("50.00"))

    _, stdout = run(json.dumps(OPCC_TOKEN_GIFT))

    assert only_json(stdout)["outcome"] == "prohibited"


@pytest.mark.parametrize(
    ("stored", "requested", "outcome"),
    [
        pytest.param(None, "50.00", "no_action", id="requested over the default"),
        pytest.param("50.00", "25.00", "prohibited", id="requested over a stored 50"),
        pytest.param("10.00", "50.00", "no_action", id="requested over a stored 10"),
    ],
)
def test_a_requests_own_settings_override_the_stored_ones(stored, requested, outcome):
    if stored is not None:
        OrganisationFactory(code="opcc", token_limit_gbp=Decimal(stored))

    status, stdout = run(
        json.dumps({**OPCC_TOKEN_GIFT, "settings": {"token_limit_gbp": requested}})
    )

    assert status == 0
    verdict = only_json(stdout)
    assert verdict["outcome"] == outcome
    assert f"£{requested}" in " ".join(verdict["reasons"])


def test_money_may_be_a_json_number_with_pence():
    status, stdout = run(gift(value_gbp=24.99, donor_category="other"))

    assert status == 0
    assert only_json(stdout)["outcome"] == "no_action"


@pytest.mark.parametrize(
    ("stdin", "field"),
    [(stdin, field) for _, stdin, field in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_prints_a_json_error_naming_the_field_and_exits_2(stdin, field):
    status, stdout = run(stdin)

    assert status == 2
    error = only_json(stdout)
    assert set(error) == {"error", "field"}
    assert error["field"] == field
    assert error["error"]


@pytest.mark.parametrize("stdin", [body for _, body in ACCEPTED], ids=[n for n, _ in ACCEPTED])
def test_values_at_the_edges_of_their_ranges_are_judged(stdin):
    status, stdout = run(stdin)

    assert status == 0
    assert set(only_json(stdout)) == VERDICT_KEYS


@pytest.mark.parametrize(
    ("stdin", "field", "words"),
    [(body, field, words) for _, body, field, words in REFUSED],
    ids=[name for name, _, _, _ in REFUSED],
)
def test_values_just_outside_their_ranges_are_refused_naming_the_field_and_range(
    stdin, field, words
):
    status, stdout = run(stdin)

    assert status == 2
    error = only_json(stdout)
    assert error["field"] == field
    assert error["error"].startswith(f"{field}: ")
    assert words in error["error"]


def test_an_unexpected_failure_still_prints_json_and_exits_2(monkeypatch):
    def broken(facts):
        raise RuntimeError("a rule module is broken")

    monkeypatch.setattr(policies, "evaluate", broken)

    status, stdout = run(json.dumps(A_GIFT))

    assert status == 2
    assert only_json(stdout) == {"error": "The policy check failed unexpectedly.", "field": ""}


# --- the real process: stdin, stdout, exit status, no traceback ------------------------


def test_the_real_command_reads_stdin_and_prints_the_verdict_with_exit_0():
    result = run_process(json.dumps(GOOD_REQUESTS["gift"]))

    assert result.returncode == 0, result.stderr
    verdict = only_json(result.stdout.decode())
    assert set(verdict) == VERDICT_KEYS
    assert verdict["citations"]
    assert result.stderr == b""


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        pytest.param(b"", "", id="empty stdin"),
        pytest.param(b"{not json", "", id="not JSON"),
        pytest.param(b"\xff\xfe{}", "", id="not UTF-8"),
        pytest.param(b"[" * 100_000, "", id="nested too deep"),
        pytest.param(gift(value_gbp="24.999").encode(), "declaration.value_gbp", id="pence"),
    ],
)
def test_the_real_command_answers_bad_input_with_json_and_exit_2_never_a_traceback(stdin, field):
    result = run_process(stdin)

    assert result.returncode == 2
    assert only_json(result.stdout.decode())["field"] == field
    assert b"Traceback" not in result.stdout + result.stderr
    assert b"CommandError" not in result.stderr


def test_the_real_command_needs_no_database():
    """With no register to read settings from, the contract's defaults apply."""
    result = run_process(
        json.dumps(GOOD_REQUESTS["interest"]),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )

    assert result.returncode == 0, result.stderr
    assert only_json(result.stdout.decode())["outcome"] == "declare"


def test_the_real_command_with_no_database_uses_the_default_token_limit():
    result = run_process(
        json.dumps(OPCC_TOKEN_GIFT),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )

    assert result.returncode == 0, result.stderr
    assert only_json(result.stdout.decode())["outcome"] == "prohibited"
