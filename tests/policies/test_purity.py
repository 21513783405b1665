"""The policy engine is pure Python: nothing in policies/ imports Django.

So every rule runs and is tested without settings or a database, and the same
modules serve the web app, the `policy_check` command and the benchmark.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PACKAGE = PROJECT / "policies"
MODULES = sorted(
    "policies" if path.name == "__init__.py" else f"policies.{path.stem}"
    for path in PACKAGE.glob("*.py")
)

# Imports every module of the package in a fresh interpreter, evaluates one request,
# and reports which third-party or Django modules were loaded.
PROBE = """
import importlib, json, sys
names = json.loads(sys.argv[1])
for name in names:
    importlib.import_module(name)
from policies import evaluate, parse_request
evaluate(parse_request({"employer": "ecc", "declaration": {"type": "gift"}}))
evaluate(parse_request({
    "employer": "thurrock",
    "officer": {"seconded_to": "county-council"},
    "settings": {"token_limit_gbp": "10"},
    "declaration": {"type": "disclosure", "disclosure_kind": "arrest"},
}))
from policies.relevance import trees_for
from policies.facts import OfficerFacts
trees_for("essex-probation", OfficerFacts(), "relationship")
print(json.dumps(sorted(sys.modules)))
"""


def run_probe(*extra_args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(PROJECT)
    return subprocess.run(
        [sys.executable, *extra_args, "-c", PROBE, json.dumps(MODULES)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_every_module_is_probed():
    assert "policies" in MODULES
    assert {"policies.core", "policies.facts", "policies.ecc", "policies.thurrock"} <= set(MODULES)


def test_importing_policies_loads_no_django():
    loaded = json.loads(run_probe().stdout)
    assert set(MODULES) <= set(loaded)
    django = [name for name in loaded if name == "django" or name.startswith("django.")]
    assert django == []
    assert not [name for name in loaded if name.startswith(("environ", "psycopg", "crispy"))]


def test_import_time_report_names_no_django():
    # -X importtime lists every module imported, nested ones too, on stderr.
    report = run_probe("-X", "importtime").stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in report.splitlines() if "|" in line}
    assert "policies.core" in imported
    assert not {name for name in imported if name.split(".")[0] == "django"}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_source_file_imports_django(path):
    source = path.read_text(encoding="utf-8")
    assert "import django" not in source
    assert "from django" not in source
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots = {node.module.split(".")[0]}
        else:
            continue
        assert "django" not in roots, f"{path.name}:{node.lineno}"
        assert not roots & {"declarations", "conduct_register"}, f"{path.name}:{node.lineno}"
