"""`make run` serves on the port in PORT (8000 by default) and says which; `make test`
looks for Debian's chromium before the suite runs. Read with `make -n`: nothing runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*arguments: str, **variables: str) -> list[str]:
    """The commands `make -n` would run, one a line, with `variables` in the environment
    (and no PORT from this one). Run under `make test`, this is a sub-make: its level and
    flags are left out too, so it prints only the commands."""
    inherited = {"PORT", "MAKELEVEL", "MAKEFLAGS", "MFLAGS"}
    env = {k: v for k, v in os.environ.items() if k not in inherited} | variables
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout.splitlines()


def test_make_run_serves_on_8000_and_says_so():
    commands = dry_run("run")

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8000")
    assert "Serving the register at http://127.0.0.1:%s/" in commands[-2]
    assert commands[-2].endswith(" 8000")


def test_make_run_serves_on_the_port_in_PORT():
    commands = dry_run("run", PORT="8123")

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8123")
    assert commands[-2].endswith(" 8123")


def test_make_test_looks_for_chromium_before_the_suite():
    commands = "\n".join(dry_run("test", "CHROMIUM_PATH=/no/such/chromium"))

    assert 'if [ ! -x "/no/such/chromium" ]' in commands
    assert "apt-get install -y -qq chromium" in commands
    assert commands.index("apt-get install") < commands.index("-m pytest")
