"""The lock files (requirements/, written by `make lock`): every dependency pyproject.toml
names is pinned, with its hashes, at a version inside pyproject's range; requirements/main.txt
(deployment) for the register's own dependencies, requirements/dev.txt (make, CI) for those
and the development ones, at the same versions, so production runs what the tests ran."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
MAIN = [Requirement(line) for line in PYPROJECT["dependencies"]]
DEV = [Requirement(line) for line in PYPROJECT["optional-dependencies"]["dev"]]


def pins(lock: str) -> dict[str, tuple[Version, list[str]]]:
    """name -> (pinned version, hashes) for each requirement in a lock file."""
    text = (PROJECT_ROOT / "requirements" / lock).read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        assert match, f"{lock}: not a pinned requirement with hashes: {line!r}"
        name, version, hashes = match.groups()
        found[canonicalize_name(name)] = (Version(version), hashes.split())
    return found


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [("main.txt", MAIN), ("dev.txt", MAIN + DEV)],
)
def test_every_dependency_is_pinned_with_hashes_within_its_range(lock, requirements):
    locked = pins(lock)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in requirements/{lock}: make lock"
        version, hashes = locked[name]
        assert hashes, f"{name} has no hash in requirements/{lock}"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {name}=={version}, outside pyproject's "
            f"{requirement.specifier}: make lock"
        )


def test_every_pin_has_a_hash():
    for lock in ("main.txt", "dev.txt"):
        for name, (_, hashes) in pins(lock).items():
            assert hashes, f"{name} in requirements/{lock}"


def test_deployment_pins_the_versions_the_tests_run_with():
    main, dev = pins("main.txt"), pins("dev.txt")

    assert set(main) <= set(dev)
    assert {name: main[name][0] for name in main} == {name: dev[name][0] for name in main}


def test_development_tools_stay_out_of_the_deployment_lock():
    main = pins("main.txt")

    assert [r.name for r in DEV if canonicalize_name(r.name) in main] == []
