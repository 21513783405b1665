"""`manage.py policy_check`: one JSON request on stdin, one JSON verdict on stdout.

A few cases run the real command in a subprocess, to prove the real stdin, stdout
and exit status and that no traceback ever appears; the table of bad inputs runs
through call_command with a fake stdin. None of these tests may use the database
(pytest-django would refuse), which proves the command does not need one.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

import policies

PROJECT = Path(__file__).resolve().parents[2]
VERDICT_KEYS = {
    "outcome",
    "route",
    "register_keeper",
    "deadline",
    "late",
    "written",
    "citations",
    "flags",
    "reasons",
    "codes_applied",
}

GOOD_REQUESTS: dict[str, dict[str, Any]] = {
    "gift": {
        "employer": "thurrock",
        "officer": {"level": "assistant_director"},
        "declaration": {
            "type": "gift",
            "value_gbp": "24.99",
            "donor_category": "supplier",
            "date": "2026-11-02",
            "declared_on": "2026-11-03",
        },
    },
    "hospitality": {
        "employer": "opcc",
        "declaration": {"type": "hospitality", "hospitality_kind": "social_or_sporting"},
    },
    "interest": {
        "employer": "ecc",
        "declaration": {"type": "interest", "interest_kind": "financial"},
    },
    "outside_work": {
        "employer": "county-council",
        "officer": {"spinal_column_point": 31, "seconded_to": "ecc"},
        "declaration": {"type": "outside_work", "work_kind": "employment", "hours_per_week": 12},
    },
    "relationship": {
        "employer": "essex-probation",
        "declaration": {"type": "relationship", "with_whom": "offender", "nature": "family"},
    },
}

A_GIFT = {"employer": "ecc", "declaration": {"type": "gift"}}


def gift(**fields: Any) -> str:
    return json.dumps({"employer": "ecc", "declaration": {"type": "gift", **fields}})


# (name, stdin text, the field the error must name)
BAD_INPUTS: list[tuple[str, str, str]] = [
    ("not JSON", '{"employer": "ecc",', ""),
    ("not an object", '["ecc", "gift"]', ""),
    ("a bare string", '"gift"', ""),
    (
        "NaN is not JSON",
        '{"employer": "ecc", "declaration": {"type": "gift", "value_gbp": NaN}}',
        "",
    ),
    ("empty", "", ""),
    ("only whitespace", "  \n", ""),
    ("unknown employer", json.dumps({**A_GIFT, "employer": "essex-police"}), "employer"),
    ("missing employer", json.dumps({"declaration": {"type": "gift"}}), "employer"),
    ("unknown top-level field", json.dumps({**A_GIFT, "colour": "red"}), "colour"),
    ("missing declaration", json.dumps({"employer": "ecc"}), "declaration"),
    (
        "declaration not an object",
        json.dumps({"employer": "ecc", "declaration": []}),
        "declaration",
    ),
    ("missing type", json.dumps({"employer": "ecc", "declaration": {}}), "declaration.type"),
    ("unknown type", gift(type="bribe"), "declaration.type"),
    ("unknown enum value", gift(donor_category="friend"), "declaration.donor_category"),
    ("wrong type: bool as string", gift(token_item="yes"), "declaration.token_item"),
    ("wrong type: number as enum", gift(form=3), "declaration.form"),
    ("field of another type", gift(work_kind="employment"), "declaration.work_kind"),
    ("negative money", gift(value_gbp=-1), "declaration.value_gbp"),
    ("negative money as a string", gift(value_gbp="-0.01"), "declaration.value_gbp"),
    ("non-numeric money", gift(value_gbp="lots"), "declaration.value_gbp"),
    ("money as a bool", gift(value_gbp=True), "declaration.value_gbp"),
    ("more than 2 decimal places", gift(value_gbp="24.999"), "declaration.value_gbp"),
    (
        "a float that only rounds to pence",
        '{"employer": "ecc", "declaration": {"type": "gift", "value_gbp": 24.990000000000001}}',
        "declaration.value_gbp",
    ),
    ("impossible date", gift(date="2026-02-30"), "declaration.date"),
    ("date not ISO", gift(declared_on="03/11/2026"), "declaration.declared_on"),
    (
        "missing required field",
        json.dumps({"employer": "ecc", "declaration": {"type": "interest"}}),
        "declaration.interest_kind",
    ),
    (
        "missing one of two required fields",
        json.dumps(
            {"employer": "ecc", "declaration": {"type": "relationship", "with_whom": "colleague"}}
        ),
        "declaration.nature",
    ),
    ("officer not an object", json.dumps({**A_GIFT, "officer": "staff"}), "officer"),
    (
        "unknown officer level",
        json.dumps({**A_GIFT, "officer": {"level": "boss"}}),
        "officer.level",
    ),
    (
        "seconded to their own employer",
        json.dumps({**A_GIFT, "officer": {"seconded_to": "ecc"}}),
        "officer.seconded_to",
    ),
    (
        "negative hours",
        json.dumps({**A_GIFT, "officer": {"contracted_hours_per_week": -1}}),
        "officer.contracted_hours_per_week",
    ),
]


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
    result = run_process(
        json.dumps(GOOD_REQUESTS["interest"]),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )

    assert result.returncode == 0, result.stderr
    assert only_json(result.stdout.decode())["outcome"] == "declare"
