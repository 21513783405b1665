"""`make run` serves on the port in PORT (8000 by default), says which, and runs the
background worker beside the server until it stops; `make serve` runs gunicorn with
production settings after collectstatic; `make test` looks for Debian's chromium before the
suite runs; everything installs from the lock file. Read with `make -n`: nothing runs."""

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
    assert commands[-2].endswith(" 8000; \\")


def test_make_run_serves_on_the_port_in_PORT():
    commands = dry_run("run", PORT="8123")

    assert commands[-1].endswith("manage.py runserver 127.0.0.1:8123")
    assert commands[-2].endswith(" 8123; \\")


def test_make_run_starts_the_worker_beside_the_server_and_stops_it_after():
    commands = dry_run("run")

    # One shell: the worker in the background, killed when runserver ends however it ends.
    worker = next(i for i, line in enumerate(commands) if "manage.py db_worker" in line)
    assert commands[worker].endswith("manage.py db_worker --no-reload & worker=$!; \\")
    assert commands[worker + 1].startswith("trap 'kill $worker")
    assert "EXIT INT TERM" in commands[worker + 1]
    assert all(line.endswith("\\") for line in commands[worker:-1])
    assert commands.index(next(c for c in commands if "seed_demo" in c)) < worker


def test_make_serve_runs_gunicorn_with_production_settings_after_collectstatic():
    commands = dry_run("serve", DEBUG="true")
    text = "\n".join(commands)

    assert commands[-1] == ".venv/bin/gunicorn -c gunicorn.conf.py conduct_register.wsgi"
    assert commands[-2] == ".venv/bin/python manage.py collectstatic --noinput"
    assert text.index("manage.py migrate --noinput") < text.index("collectstatic")


def test_make_serve_turns_debug_off_whatever_the_environment_says():
    """DEBUG=true in the environment (make's own default) must not reach gunicorn: the
    settings then need a SECRET_KEY, and refuse to start without one."""
    result = subprocess.run(
        ["make", "-p", "-n", "--no-print-directory", "serve"],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL"}}
        | {"DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "serve: DEBUG = false" in result.stdout


def test_make_installs_from_the_lock_file_with_hashes():
    commands = dry_run("install", "-B")

    assert ".venv/bin/pip install --quiet --require-hashes -r requirements/dev.txt" in commands
    assert not [line for line in commands if "pip install" in line and " -e " in line]


def test_the_virtualenv_is_rebuilt_when_the_lock_file_changes():
    rules = (PROJECT_ROOT / "Makefile").read_text()

    assert "$(BIN)/activate: requirements/dev.txt\n" in rules


def test_make_lock_writes_both_lock_files_with_hashes_from_pyproject():
    commands = [line for line in dry_run("lock") if "pip compile" in line]

    assert len(commands) == 2
    assert all("pip compile pyproject.toml" in line for line in commands)
    assert all("--generate-hashes --python-version 3.11" in line for line in commands)
    assert commands[0].endswith("-o requirements/main.txt")
    assert commands[1].endswith("--extra dev -o requirements/dev.txt")


def test_make_test_looks_for_chromium_before_the_suite():
    commands = "\n".join(dry_run("test", "CHROMIUM_PATH=/no/such/chromium"))

    assert 'if [ ! -x "/no/such/chromium" ]' in commands
    assert "apt-get install -y -qq chromium" in commands
    assert commands.index("apt-get install") < commands.index("-m pytest")
