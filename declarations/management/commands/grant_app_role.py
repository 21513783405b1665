"""`python manage.py grant_app_role`: give the application's PostgreSQL role what the
register needs, and nothing that could empty or rewrite its audit trails.

Run it as the tables' owner after every `migrate` (README, "Database roles
(PostgreSQL)"). It connects with DATABASE_OWNER_URL when that is set (otherwise with
DATABASE_URL, which must then be the owner's) and grants to the user named in
DATABASE_URL, or to --role.
"""

from __future__ import annotations

import os
import re
from typing import Any

import environ
import psycopg
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from psycopg import sql

from declarations.models import (
    DeclarationEvent,
    DeletedEntry,
    RegisterSettingChange,
    SecurityEvent,
)

# The audit trails: the application may read and add rows, never change or remove one
# (the retention schedule's tombstones among them).
APPEND_ONLY_TABLES = (
    DeclarationEvent._meta.db_table,
    SecurityEvent._meta.db_table,
    DeletedEntry._meta.db_table,
    RegisterSettingChange._meta.db_table,
)
# The one way the application removes history: the retention schedule calls this
# function (migration 0024), which runs with the owner's rights and deletes only the
# events of an entry a tombstone names. The application may EXECUTE it, nothing more.
RETENTION_FUNCTION = "declarations_delete_history_under_retention(bigint)"
# What the application may do to every other table (never TRUNCATE, REFERENCES, TRIGGER).
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
APPEND_ONLY_PRIVILEGES = ("SELECT", "INSERT")
NEVER = ("TRUNCATE", "REFERENCES", "TRIGGER")
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
# Plain lower-case names only: nothing to quote, nothing to misread.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Keys django-environ may put in OPTIONS that are Django's, not libpq's.
DJANGO_ONLY_OPTIONS = {"pool", "server_side_binding", "isolation_level", "assume_role"}
REFUSED = 2


class Command(BaseCommand):
    help = (
        "PostgreSQL only; run as the tables' owner after each migrate. Creates the "
        "application's role if missing (LOGIN, NOSUPERUSER, NOCREATEDB, NOCREATEROLE, "
        "NOINHERIT) and grants it CONNECT, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE "
        "on every table but the append-only audit trails (SELECT and INSERT only), "
        "USAGE/SELECT on sequences and EXECUTE on the retention schedule's function that "
        "deletes an expired entry's history; never TRUNCATE, REFERENCES or TRIGGER. Safe "
        "to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role",
            help="The application's role (default: the user in DATABASE_URL).",
        )

    def handle(self, *args: Any, role: str | None = None, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "grant_app_role works on PostgreSQL only: DATABASE_URL points at "
                f"{connection.vendor}, which has no database roles. Nothing was changed.",
                returncode=REFUSED,
            )
        app = connection.settings_dict
        role = role or app.get("USER") or ""
        if not ROLE_NAME.fullmatch(role):
            raise CommandError(
                f"The application's role {role!r} must be a plain lower-case name "
                "(letters, digits, underscores): give it in DATABASE_URL or with --role.",
                returncode=REFUSED,
            )
        # The password comes only with DATABASE_URL's own user, and is set only on creation.
        password = (app.get("PASSWORD") or None) if role == app.get("USER") else None
        owner_url = os.environ.get("DATABASE_OWNER_URL", "")
        if owner_url:
            conn = _connect(owner_url, expected_database=app["NAME"])
            try:
                self._grant(conn, role, password)
            finally:
                conn.close()
        else:
            connection.ensure_connection()
            self._grant(connection.connection, role, password)

    def _grant(self, conn: psycopg.Connection[Any], role: str, password: str | None) -> None:
        """Check who is who, then create the role if missing and set its privileges in
        one transaction (the application never sees a half-granted state)."""
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, current_database(), current_schema(), rolsuper "
                "FROM pg_catalog.pg_roles WHERE rolname = current_user"
            )
            row = cursor.fetchone()
            assert row is not None
            owner, database, schema, owner_is_superuser = row
            if role == owner:
                raise CommandError(
                    f"The application's role {role!r} is the role running this command: the "
                    "application must not connect as the tables' owner. Run this with "
                    "DATABASE_OWNER_URL set to the owner's URL and DATABASE_URL to the "
                    "application's (or name the application's role with --role).",
                    returncode=REFUSED,
                )
            tables = dict(
                cursor.execute(
                    "SELECT tablename, tableowner FROM pg_catalog.pg_tables "
                    "WHERE schemaname = current_schema()"
                ).fetchall()
            )
            missing = [table for table in APPEND_ONLY_TABLES if table not in tables]
            if missing:
                raise CommandError(
                    f"No table {', '.join(missing)} in schema {schema!r} of {database!r}: "
                    "run `manage.py migrate` (as the owner) first.",
                    returncode=REFUSED,
                )
            function = cursor.execute(
                "SELECT pg_catalog.to_regprocedure(%s)", [RETENTION_FUNCTION]
            ).fetchone()
            if function is None or function[0] is None:
                raise CommandError(
                    f"No function {RETENTION_FUNCTION} in schema {schema!r} of {database!r}: "
                    "run `manage.py migrate` (as the owner) first.",
                    returncode=REFUSED,
                )
            not_ours = sorted(table for table, by in tables.items() if by != owner)
            if not_ours and not owner_is_superuser:
                raise CommandError(
                    f"{owner!r} does not own {', '.join(not_ours[:5])}"
                    f"{' and others' if len(not_ours) > 5 else ''}: run this as the role that "
                    "ran the migrations (REASSIGN OWNED BY the old owner TO it first).",
                    returncode=REFUSED,
                )
            with conn.transaction():
                self._ensure_role(cursor, role, password, owners=set(tables.values()))
                self._set_privileges(cursor, role, database, schema)
                self._verify(cursor, role)
        self.stdout.write(self.style.SUCCESS(f"Role {role!r} holds what the application needs."))

    def _ensure_role(
        self, cursor: psycopg.Cursor[Any], role: str, password: str | None, owners: set[str]
    ) -> None:
        """Create the role if missing; refuse one with powers it must not have."""
        name = sql.Identifier(role)
        cursor.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, "
            "rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = %s",
            [role],
        )
        found = cursor.fetchone()
        if found is None:
            statement = sql.SQL("CREATE ROLE {} " + ROLE_ATTRIBUTES).format(name)
            if password:
                statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            try:
                cursor.execute(statement)
            except psycopg.errors.InsufficientPrivilege as error:
                raise CommandError(
                    f"Could not create role {role!r} ({error}). Create it as a superuser: "
                    f"CREATE ROLE {role} {ROLE_ATTRIBUTES} PASSWORD '...'; then run this again.",
                    returncode=REFUSED,
                ) from error
            with_password = " with the password in DATABASE_URL" if password else ""
            self.stdout.write(f"Created role {role!r} ({ROLE_ATTRIBUTES}){with_password}.")
            return
        powers = [
            word
            for word, held in zip(
                ("SUPERUSER", "CREATEDB", "CREATEROLE", "REPLICATION", "BYPASSRLS"),
                found[:5],
                strict=True,
            )
            if held
        ]
        if powers:
            raise CommandError(
                f"Role {role!r} has {', '.join(powers)}: the application's role must not. "
                f"As a superuser: ALTER ROLE {role} {ROLE_ATTRIBUTES}; then run this again.",
                returncode=REFUSED,
            )
        if not found[5]:
            raise CommandError(
                f"Role {role!r} cannot log in: ALTER ROLE {role} LOGIN; then run this again.",
                returncode=REFUSED,
            )
        for table_owner in sorted(owners):
            cursor.execute("SELECT pg_catalog.pg_has_role(%s, %s, 'MEMBER')", [role, table_owner])
            member = cursor.fetchone()
            if role == table_owner or (member is not None and member[0]):
                raise CommandError(
                    f"Role {role!r} owns tables or is a member of their owner {table_owner!r}, "
                    f"so it could drop the append-only triggers: REVOKE {table_owner} FROM {role} "
                    "(or give it its own role); then run this again.",
                    returncode=REFUSED,
                )
        self.stdout.write(f"Role {role!r} exists (its attributes and password left as they are).")

    def _set_privileges(
        self, cursor: psycopg.Cursor[Any], role: str, database: str, schema: str
    ) -> None:
        """Start from nothing, then grant: the result is the same however often it runs."""
        name, in_schema = sql.Identifier(role), sql.Identifier(schema)
        append_only = sql.SQL(", ").join(sql.Identifier(table) for table in APPEND_ONLY_TABLES)
        for statement in (
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(in_schema, name),
            sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(in_schema, name),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(in_schema, name),
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.SQL(", ").join(map(sql.SQL, TABLE_PRIVILEGES)), in_schema, name
            ),
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(append_only, name),
            sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(in_schema, name),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                in_schema, name
            ),
            sql.SQL("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {} FROM {}").format(in_schema, name),
            sql.SQL("GRANT EXECUTE ON FUNCTION {}.{} TO {}").format(
                in_schema, sql.SQL(RETENTION_FUNCTION), name
            ),
        ):
            cursor.execute(statement)
        tables = cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = %s", [schema]
        ).fetchone()
        sequences = cursor.execute(
            "SELECT count(*) FROM pg_catalog.pg_sequences WHERE schemaname = %s", [schema]
        ).fetchone()
        self.stdout.write(
            f"Granted CONNECT on database {database!r} and USAGE on schema {schema!r}."
        )
        self.stdout.write(
            f"Granted {', '.join(TABLE_PRIVILEGES)} on {tables[0] if tables else 0} tables "
            f"in {schema!r}, but only {' and '.join(APPEND_ONLY_PRIVILEGES)} on the append-only "
            f"{', '.join(APPEND_ONLY_TABLES)}; no {', '.join(NEVER)} on any."
        )
        self.stdout.write(f"Granted USAGE, SELECT on {sequences[0] if sequences else 0} sequences.")
        self.stdout.write(
            f"Granted EXECUTE on {RETENTION_FUNCTION}, the retention schedule's one way to "
            "delete an expired entry's history."
        )

    def _verify(self, cursor: psycopg.Cursor[Any], role: str) -> None:
        """Check the role's effective privileges, whatever else (PUBLIC, memberships)
        grants them; any surplus undoes the whole run."""
        surplus = cursor.execute(
            """
            SELECT c.relname, p.privilege
            FROM pg_catalog.pg_class c
            CROSS JOIN unnest(%s::text[]) AS p(privilege)
            WHERE c.relnamespace = (
                SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()
            )
              AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND pg_catalog.has_table_privilege(%s, c.oid, p.privilege)
              AND (p.privilege = ANY(%s::text[]) OR c.relname = ANY(%s::text[]))
            ORDER BY 1, 2
            """,
            [
                ["UPDATE", "DELETE", *NEVER],
                role,
                list(NEVER),
                list(APPEND_ONLY_TABLES),
            ],
        ).fetchall()
        if surplus:
            held = ", ".join(f"{privilege} on {table}" for table, privilege in surplus)
            raise CommandError(
                f"Role {role!r} still holds {held} (through PUBLIC or another role it belongs "
                "to): revoke that at its source; nothing was changed.",
                returncode=REFUSED,
            )
        may_apply_retention = cursor.execute(
            "SELECT pg_catalog.has_function_privilege(%s, %s, 'EXECUTE')",
            [role, RETENTION_FUNCTION],
        ).fetchone()
        if not (may_apply_retention and may_apply_retention[0]):
            raise CommandError(
                f"Role {role!r} could not be given EXECUTE on {RETENTION_FUNCTION}: the "
                "retention schedule would fail; nothing was changed.",
                returncode=REFUSED,
            )
        can_create = cursor.execute(
            "SELECT pg_catalog.has_schema_privilege(%s, current_schema(), 'CREATE')", [role]
        ).fetchone()
        if can_create and can_create[0]:
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: role {role!r} may create objects in the schema (PUBLIC holds "
                    "CREATE on it): REVOKE CREATE ON SCHEMA public FROM PUBLIC, as the owner."
                )
            )


def _connect(url: str, *, expected_database: str) -> psycopg.Connection[Any]:
    """Open a connection as the owner, to the application's own database."""
    config = environ.Env.db_url_config(url)
    if "postgresql" not in str(config.get("ENGINE", "")):
        raise CommandError(
            "DATABASE_OWNER_URL must be a PostgreSQL URL (postgres://owner:password@host/db).",
            returncode=REFUSED,
        )
    if config.get("NAME") != expected_database:
        raise CommandError(
            f"DATABASE_OWNER_URL names database {config.get('NAME')!r} but DATABASE_URL names "
            f"{expected_database!r}: they must be the same database.",
            returncode=REFUSED,
        )
    options = {
        key: value
        for key, value in (config.get("OPTIONS") or {}).items()
        if key not in DJANGO_ONLY_OPTIONS
    }
    parameters = {
        "dbname": config.get("NAME"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        **options,
    }
    try:
        return psycopg.connect(
            autocommit=True, **{key: value for key, value in parameters.items() if value}
        )
    except psycopg.OperationalError as error:
        raise CommandError(f"Could not connect with DATABASE_OWNER_URL: {error}") from error
