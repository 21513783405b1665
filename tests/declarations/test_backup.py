"""Backup and restore, as README's "Backup and restore" does it: `pg_dump -Fc` of the
database, `pg_restore` into a new one, and every declaration, every event of their history
and every security event comes back as it was (PostgreSQL only)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from declarations import security_log
from declarations.choices import SecurityEventKind
from tests.e2e.helpers import make_register

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore back up PostgreSQL; SQLite is a file to copy",
    ),
    pytest.mark.skipif(
        shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
        reason="needs PostgreSQL's client tools (pg_dump, pg_restore)",
    ),
    pytest.mark.django_db(transaction=True),  # pg_dump sees only committed rows
]

TABLES = [
    "declarations_declaration",
    "declarations_declarationevent",
    "declarations_securityevent",
]


def parameters(dbname: str) -> dict[str, Any]:
    settings = connection.settings_dict
    found = {
        "dbname": dbname,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    return {k: str(v) for k, v in found.items() if v}


def client_options(dbname: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump's and pg_restore's connection options, and the password in the environment."""
    found = parameters(dbname)
    options = [f"--dbname={found['dbname']}"]
    options += [f"--{name}={found[name]}" for name in ("host", "port") if name in found]
    if "user" in found:
        options.append(f"--username={found['user']}")
    env = {"PGPASSWORD": found["password"]} if "password" in found else {}
    return options, env


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command, env=os.environ | env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def rows(dbname: str, table: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(**parameters(dbname)) as database:
        query = sql.SQL("SELECT * FROM {} ORDER BY id").format(sql.Identifier(table))
        return database.execute(query).fetchall()


def checksum(dbname: str, table: str) -> str:
    """An md5 of the table's rows, in order, as PostgreSQL writes them as text."""
    with psycopg.connect(**parameters(dbname)) as database:
        query = sql.SQL("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {} t").format(
            sql.Identifier(table)
        )
        row = database.execute(query).fetchone()
        assert row is not None
        return str(row[0])


def dump_and_restore(source: str, target: str, dump: Path) -> None:
    """`pg_dump -Fc` of `source`, then `pg_restore` into a new database `target`, as
    README's "Backup and restore" does it (grant_app_role then grants afresh)."""
    options, env = client_options(source)
    run(["pg_dump", "--format=custom", f"--file={dump}", *options], env)
    with psycopg.connect(**parameters(source), autocommit=True) as database:
        database.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    options, env = client_options(target)
    run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *options, str(dump)], env)


@pytest.fixture
def restored_database_name() -> Iterator[str]:
    """A name for the restored database, dropped after the test."""
    name = f"restore_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(**parameters(connection.settings_dict["NAME"]), autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_the_client_tools_can_dump_this_server():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    for tool in ("pg_dump", "pg_restore"):
        version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)\.\d+", version)
        assert match, version
        # pg_dump refuses a server newer than itself; install the server's version.
        assert int(match.group(1)) >= server_major, (tool, version, server_major)


def test_a_dump_restored_into_a_new_database_has_every_declaration_and_event(
    officer, line_manager, director, monitoring_officer, stranger, restored_database_name, tmp_path
):
    make_register(officer, line_manager, director, monitoring_officer, stranger)
    security_log.record(SecurityEventKind.SIGN_IN, user=officer.user, address="192.0.2.1")
    source = connection.settings_dict["NAME"]
    dump_and_restore(source, restored_database_name, Path(tmp_path) / "register.dump")

    for table in TABLES:
        original = rows(source, table)
        assert original, f"{table} is empty: the test would prove nothing"
        assert rows(restored_database_name, table) == original, table
        assert checksum(restored_database_name, table) == checksum(source, table), table


def test_the_restored_history_is_still_append_only(
    officer, line_manager, director, monitoring_officer, stranger, restored_database_name, tmp_path
):
    make_register(officer, line_manager, director, monitoring_officer, stranger)
    dump_and_restore(
        connection.settings_dict["NAME"], restored_database_name, Path(tmp_path) / "register.dump"
    )

    with (
        psycopg.connect(**parameters(restored_database_name)) as database,
        pytest.raises(psycopg.errors.RaiseException),
    ):
        database.execute("UPDATE declarations_declarationevent SET note = 'rewritten'")
