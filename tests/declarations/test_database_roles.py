"""On PostgreSQL the application runs as a role that does not own the tables
(`manage.py grant_app_role`): it reads and adds to the audit trails (declaration events,
the security log, the retention schedule's tombstones) but can never change, remove or
empty them, nor switch their triggers off. The owner is stopped from emptying them by a
trigger (migration 0012). The one way history goes is the retention schedule's database
function (migration 0024), which the application may run: it deletes only the events of
an entry a tombstone names, and a tombstone naming a declaration still there when its
transaction commits is refused (so the entry goes with its history, or nothing does).

The tests run as the test database's owner (postgres, a superuser): each grants to a
role of its own, with a unique name (roles are cluster-wide and xdist runs workers side
by side), connects as that role with a second connection, and drops the role after.
"""

from __future__ import annotations

import datetime
import importlib
import io
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from psycopg import errors, sql

from declarations import security_log
from declarations.choices import EventAction, RegisterSetting, SecurityEventKind
from declarations.models import (
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    DeletedEntry,
    RegisterSettingChange,
)
from declarations.privacy.retention import apply_retention
from declarations.workflow import record_event
from tests.factories import (
    ApprovalStepFactory,
    DeclarationEventFactory,
    DeclarationFactory,
    OfficerFactory,
    OrganisationFactory,
    declare,
)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles, privileges and triggers exist on PostgreSQL only, not SQLite",
)
pytestmark = [pytest.mark.django_db(transaction=True)]

# Each audit trail and the trigger that refuses UPDATE and DELETE of its rows.
AUDIT_TRAILS = {
    "declarations_declarationevent": "declarations_event_append_only",
    "declarations_securityevent": "declarations_securityevent_append_only",
    "declarations_deletedentry": "declarations_deletedentry_append_only",
    "declarations_registersettingchange": "declarations_registersettingchange_append_only",
}
RETENTION_FUNCTION = "declarations_delete_history_under_retention"
NOON = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
REFUSED_TO_THE_APP = {
    "update": "UPDATE {table} SET id = id",
    "delete": "DELETE FROM {table}",
    "truncate": "TRUNCATE {table}",
    "disable its triggers": "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "drop its trigger": "DROP TRIGGER {trigger} ON {table}",
    "drop it": "DROP TABLE {table}",
}


def connect(user: str | None = None) -> psycopg.Connection[Any]:
    """A second connection to the test database, as `user` or as the tests' own user."""
    settings = connection.settings_dict
    parameters = {
        "dbname": settings["NAME"],
        "user": user or settings["USER"],
        "password": None if user else settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    return psycopg.connect(autocommit=True, **{k: v for k, v in parameters.items() if v})


@pytest.fixture
def new_role(monkeypatch) -> Iterator[Callable[[str], str]]:
    """Unique role names, every one dropped (with anything it owns or was granted) after."""
    monkeypatch.delenv("DATABASE_OWNER_URL", raising=False)
    names: list[str] = []

    def name(prefix: str) -> str:
        names.append(f"{prefix}_{uuid.uuid4().hex[:12]}")
        return names[-1]

    yield name
    with connect() as admin:
        for role in names:
            exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            if exists:
                admin.execute(
                    sql.SQL("REASSIGN OWNED BY {} TO current_user").format(sql.Identifier(role))
                )
                admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def grant(role: str) -> str:
    out = io.StringIO()
    call_command("grant_app_role", role=role, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def app_role(new_role) -> str:
    role = new_role("test_app")
    grant(role)
    return role


@pytest.fixture
def as_app(app_role) -> Iterator[psycopg.Connection[Any]]:
    with connect(app_role) as conn:
        yield conn


@pytest.fixture
def history(officer) -> Declaration:
    """A declaration with an event, a security event, a tombstone of another entry and a
    change of a register setting: committed, so the app's connection sees them."""
    declaration = DeclarationFactory(officer=officer)
    record_event(declaration, EventAction.CREATED, actor=officer.user)
    security_log.record(SecurityEventKind.SIGN_IN, user=officer.user)
    tombstone(officer.organisation, [])
    RegisterSettingChange.objects.create(
        organisation=officer.organisation,
        setting=RegisterSetting.TOKEN_LIMIT_GBP,
        old_value="25.00",
        new_value="20.00",
        changed_by=officer.user,
    )
    return declaration


def tombstone(organisation: Any, declaration_ids: list[int]) -> DeletedEntry:
    """What the retention schedule writes before it deletes an entry's history."""
    return DeletedEntry.objects.create(
        organisation=organisation,
        reference="THU-2019-000001",
        type="gift",
        declaration_ids=declaration_ids,
        retention_from=datetime.date(2020, 1, 1),
        retention_years=6,
    )


def privileges(role: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s ORDER BY 1, 2",
            [role],
        )
        return cursor.fetchall()


@on_postgresql
def test_it_creates_a_role_that_can_log_in_and_nothing_more(new_role):
    role = new_role("test_app")

    output = grant(role)

    assert f"Created role {role!r}" in output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit, "
            "rolreplication, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [role],
        )
        assert cursor.fetchone() == (True, False, False, False, False, False, False)


@on_postgresql
def test_the_app_may_read_and_add_declaration_events(as_app, history):
    before = as_app.execute("SELECT count(*) FROM declarations_declarationevent").fetchone()

    as_app.execute(
        "INSERT INTO declarations_declarationevent "
        "(declaration_id, actor_id, at, action, from_status, to_status, note) "
        "VALUES (%s, NULL, now(), 'created', '', '', 'added by the app role')",
        [history.pk],
    )

    assert history.events.filter(note="added by the app role").exists()
    assert before is not None and before[0] >= 1


@on_postgresql
def test_the_app_may_read_and_add_security_events(as_app, history):
    before = as_app.execute("SELECT count(*) FROM declarations_securityevent").fetchone()

    as_app.execute(
        "INSERT INTO declarations_securityevent "
        "(at, kind, username, ip_address, path, detail, organisation_id, user_id) "
        "VALUES (now(), 'sign_in_failed', 'added.by.the.app', NULL, '', '{}', NULL, NULL)"
    )

    after = as_app.execute("SELECT count(*) FROM declarations_securityevent").fetchone()
    assert before is not None and after is not None and after[0] == before[0] + 1


@on_postgresql
@pytest.mark.parametrize("table", AUDIT_TRAILS)
@pytest.mark.parametrize("statement", REFUSED_TO_THE_APP.values(), ids=REFUSED_TO_THE_APP)
def test_the_app_may_not_change_remove_empty_or_unguard_an_audit_trail(
    as_app, history, table, statement
):
    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute(statement.format(table=table, trigger=AUDIT_TRAILS[table]))

    count = as_app.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert count is not None and count[0] >= 1


def tombstone_written_by(conn: psycopg.Connection[Any], entry: Declaration, ids: list[int]) -> int:
    """Write a tombstone for `entry`'s reference naming `ids` through `conn`, as the
    retention schedule does (in the transaction that then deletes); returns its id."""
    row = conn.execute(
        "INSERT INTO declarations_deletedentry (organisation_id, reference, type, versions, "
        "declaration_ids, first_declared_on, retention_from, retention_years, deleted_at) "
        "VALUES (%s, %s, 'gift', 1, %s::jsonb, NULL, '2020-01-01', 6, now()) RETURNING id",
        [entry.organisation_id, entry.reference, json.dumps(ids)],
    ).fetchone()
    assert row is not None
    return int(row[0])


def with_events(*declarations: Declaration) -> None:
    for declaration in declarations:
        record_event(declaration, EventAction.CREATED, actor=None)


def delete_versions(conn: psycopg.Connection[Any], *declarations: Declaration) -> None:
    """Delete the declarations themselves, as the retention schedule does after their
    history (a tombstone naming one still there is refused when its transaction commits)."""
    conn.execute(
        "DELETE FROM declarations_declaration WHERE id = ANY(%s)",
        [[declaration.pk for declaration in declarations]],
    )


def tombstone_let_in_earlier(entry: Declaration, ids: list[int]) -> int:
    """A tombstone for a live entry, committed before the test runs the function: the
    check at commit refuses one, so the owner (a superuser in the tests) writes it with
    the triggers off, as one that got in some other way would be."""
    with connect() as owner, owner.transaction():
        owner.execute("SET LOCAL session_replication_role = replica")
        return tombstone_written_by(owner, entry, ids)


@on_postgresql
def test_the_retention_function_deletes_exactly_the_tombstoned_entrys_events(as_app, officer):
    expired = DeclarationFactory(officer=officer, status="rejected")
    kept = DeclarationFactory(officer=officer, status="rejected")
    with_events(expired, expired, kept)

    with as_app.transaction():
        named = tombstone_written_by(as_app, expired, [expired.pk])
        deleted = as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [named]).fetchone()
        delete_versions(as_app, expired)

    assert deleted == (2,)
    assert not DeclarationEvent.objects.filter(declaration=expired).exists()
    assert DeclarationEvent.objects.filter(declaration=kept).count() == 1
    # The flag that lets the delete through was the function's, and is off again.
    flag = as_app.execute(
        "SELECT current_setting('declarations.deleting_under_retention', true)"
    ).fetchone()
    assert flag in {(None,), ("",), ("off",)}


@on_postgresql
def test_the_retention_function_takes_a_tombstone_written_in_a_savepoint(as_app, officer):
    """Django writes the tombstone in a savepoint when the run is inside a transaction
    already: the savepoint's transaction id is not the transaction's own."""
    expired = DeclarationFactory(officer=officer, status="rejected")
    with_events(expired)

    with as_app.transaction(), as_app.transaction():
        named = tombstone_written_by(as_app, expired, [expired.pk])
        deleted = as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [named]).fetchone()
        delete_versions(as_app, expired)

    assert deleted == (1,)
    assert not DeclarationEvent.objects.filter(declaration=expired).exists()


@on_postgresql
def test_the_retention_function_refuses_a_tombstone_written_in_an_earlier_transaction(
    as_app, officer
):
    entry = DeclarationFactory(officer=officer, status="rejected")
    with_events(entry)
    earlier = tombstone_let_in_earlier(entry, [entry.pk])  # committed on its own

    with (
        pytest.raises(errors.RaiseException, match="was not written in this transaction"),
        as_app.transaction(),
    ):
        as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [earlier])

    assert DeclarationEvent.objects.filter(declaration=entry).count() == 1


@on_postgresql
def test_the_retention_function_refuses_a_tombstone_the_owner_wrote_earlier(as_app, officer):
    entry = DeclarationFactory(officer=officer, status="rejected")
    with_events(entry)
    earlier = tombstone_let_in_earlier(entry, [entry.pk])

    with pytest.raises(errors.RaiseException, match="was not written in this transaction"):
        as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [earlier])

    assert DeclarationEvent.objects.filter(declaration=entry).count() == 1


@on_postgresql
def test_the_retention_function_keeps_the_events_of_ids_not_of_the_tombstones_entry(
    as_app, officer
):
    other_organisation = OfficerFactory(
        user__username="ellie.essex", organisation=OrganisationFactory(code="ecc")
    )
    expired = DeclarationFactory(officer=officer, status="rejected")
    another_entry = DeclarationFactory(officer=officer, status="rejected")
    a_draft = DeclarationFactory(officer=officer)  # no reference at all
    elsewhere = DeclarationFactory(officer=other_organisation, status="rejected")
    # The same reference at another organisation (a later version, to stay unique).
    Declaration.objects.filter(pk=elsewhere.pk).update(reference=expired.reference, version=2)
    with_events(expired, another_entry, a_draft, elsewhere)

    # Looked at inside the transaction: the others are still there, so its commit would be
    # refused (the test after this one).
    with as_app.transaction(force_rollback=True):
        named = tombstone_written_by(
            as_app, expired, [expired.pk, another_entry.pk, a_draft.pk, elsewhere.pk]
        )
        deleted = as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [named]).fetchone()
        left = as_app.execute(
            "SELECT DISTINCT declaration_id FROM declarations_declarationevent"
        ).fetchall()

    assert deleted == (1,)
    assert {pk for (pk,) in left} == {another_entry.pk, a_draft.pk, elsewhere.pk}


@on_postgresql
def test_a_tombstone_naming_a_live_entry_is_refused_at_commit_with_its_history_kept(
    as_app, officer
):
    live = DeclarationFactory(officer=officer, status="approved")
    with_events(live, live)

    with (
        pytest.raises(errors.RaiseException, match=f"names declaration {live.pk}, which still"),
        as_app.transaction(),
    ):
        named = tombstone_written_by(as_app, live, [live.pk])
        deleted = as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [named]).fetchone()

    assert deleted == (2,)  # inside the transaction, before its commit was refused
    assert DeclarationEvent.objects.filter(declaration=live).count() == 2
    assert not DeletedEntry.objects.filter(pk=named).exists()


@on_postgresql
def test_a_tombstone_naming_one_live_version_of_several_is_refused(as_app, officer):
    expired = DeclarationFactory(officer=officer, status="rejected")
    live = DeclarationFactory(officer=officer, status="recorded")
    with_events(expired, live)

    with pytest.raises(errors.RaiseException, match="which still exists"), as_app.transaction():
        named = tombstone_written_by(as_app, expired, [expired.pk, live.pk])
        as_app.execute(f"SELECT {RETENTION_FUNCTION}(%s)", [named])
        delete_versions(as_app, expired)

    assert Declaration.objects.filter(pk=expired.pk).exists()
    assert DeclarationEvent.objects.filter(declaration__in=[expired, live]).count() == 2


@on_postgresql
def test_the_check_on_a_tombstone_is_made_at_once_when_constraints_are_immediate(officer):
    """Deferred to the commit (which a test in a transaction never reaches): SET
    CONSTRAINTS ALL IMMEDIATE makes it there and then."""
    live = DeclarationFactory(officer=officer, status="approved")
    before = DeletedEntry.objects.count()

    with (
        pytest.raises(DatabaseError, match="which still exists"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        tombstone(officer.organisation, [live.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert Declaration.objects.filter(pk=live.pk).exists()
    assert DeletedEntry.objects.count() == before


@on_postgresql
def test_a_temporary_table_cannot_stand_in_for_the_tombstones(as_app, history):
    with (
        pytest.raises(errors.RaiseException, match="no retention tombstone 999999"),
        as_app.transaction(),
    ):
        as_app.execute(
            "CREATE TEMPORARY TABLE declarations_deletedentry "
            "(id bigint, organisation_id bigint, reference text, declaration_ids jsonb)"
        )
        as_app.execute(
            "INSERT INTO declarations_deletedentry VALUES (999999, %s, %s, %s::jsonb)",
            [history.organisation_id, history.reference, json.dumps([history.pk])],
        )
        as_app.execute(f"SELECT {RETENTION_FUNCTION}(999999)")

    assert DeclarationEvent.objects.filter(declaration=history).count() == 1


@on_postgresql
def test_the_retention_function_searches_the_temporary_schema_last(officer):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proconfig FROM pg_proc WHERE oid = %s::regprocedure",
            [f"{RETENTION_FUNCTION}(bigint)"],
        )
        (config,) = cursor.fetchone()

    (search_path,) = [each for each in config if each.startswith("search_path=")]
    assert search_path.split("=", 1)[1].split(", ")[0] == "pg_catalog"
    assert search_path.endswith("pg_temp")


@on_postgresql
def test_the_retention_function_refuses_an_id_with_no_tombstone(as_app, history):
    with pytest.raises(errors.RaiseException, match="no retention tombstone 999999"):
        as_app.execute(f"SELECT {RETENTION_FUNCTION}(999999)")

    assert DeclarationEvent.objects.filter(declaration=history).count() == 1


@on_postgresql
def test_the_app_may_not_turn_the_retention_flag_on_and_delete_history_itself(as_app, history):
    as_app.execute("SET declarations.deleting_under_retention = 'on'")

    with pytest.raises(errors.InsufficientPrivilege):
        as_app.execute(
            "DELETE FROM declarations_declarationevent WHERE declaration_id = %s", [history.pk]
        )

    assert DeclarationEvent.objects.filter(declaration=history).count() == 1


@on_postgresql
def test_not_even_the_owner_may_delete_an_event_outside_the_retention_function(history):
    with (
        connection.cursor() as cursor,
        pytest.raises(
            DatabaseError, match=r"declaration events are append-only \(DELETE refused\)"
        ),
        transaction.atomic(),
    ):
        cursor.execute(
            "DELETE FROM declarations_declarationevent WHERE declaration_id = %s", [history.pk]
        )

    assert DeclarationEvent.objects.filter(declaration=history).count() == 1


@on_postgresql
def test_only_the_app_role_is_given_the_retention_function(app_role, new_role):
    other = new_role("test_other")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {other} LOGIN")
        held = {}
        for role in (app_role, other):
            cursor.execute(
                "SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                [role, f"{RETENTION_FUNCTION}(bigint)"],
            )
            held[role] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT prosecdef FROM pg_proc WHERE oid = %s::regprocedure",
            [f"{RETENTION_FUNCTION}(bigint)"],
        )
        runs_as_owner = cursor.fetchone()[0]

    assert held == {app_role: True, other: False}
    assert runs_as_owner is True


@on_postgresql
def test_the_retention_schedule_runs_with_the_apps_privileges_alone(app_role, officer, director):
    gift = declare(
        officer,
        "gift",
        status="rejected",
        date=datetime.date(2026, 2, 20),
        declared_on=datetime.date(2026, 3, 1),
    )
    ApprovalStepFactory(declaration=gift, assignee=director, state="rejected", decided_at=NOON)
    DeclarationEventFactory(
        declaration=gift,
        action="reject",
        from_status="awaiting_approval",
        to_status="rejected",
        at=NOON,
    )

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        report = apply_retention(datetime.date(2032, 3, 10), commit=True, actor_name="test")
        cursor.execute("SELECT current_user")
        ran_as = cursor.fetchone()
        cursor.execute("RESET ROLE")

    assert ran_as == (app_role,)
    assert (report.deleted, report.events_deleted) == (1, 1)
    assert not Declaration.objects.filter(pk=gift.pk).exists()
    assert not ApprovalStep.objects.filter(declaration_id=gift.pk).exists()
    assert DeletedEntry.objects.filter(reference=gift.reference).exists()


@on_postgresql
def test_the_app_may_update_a_declaration(as_app, history):
    updated = as_app.execute(
        "UPDATE declarations_declaration SET description = 'A box of chocolates' WHERE id = %s",
        [history.pk],
    )

    assert updated.rowcount == 1
    history.refresh_from_db()
    assert history.description == "A box of chocolates"


@on_postgresql
def test_the_app_holds_no_truncate_references_or_trigger_privilege_anywhere(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p FROM pg_class c "
            "CROSS JOIN unnest(ARRAY['TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v') "
            "AND has_table_privilege(%s, c.oid, p)",
            [app_role],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind = 'r' AND NOT has_table_privilege(%s, oid, 'SELECT, INSERT')",
            [app_role],
        )
        assert cursor.fetchall() == []


@on_postgresql
def test_running_it_again_changes_nothing(app_role):
    before = privileges(app_role)

    output = grant(app_role)

    assert f"Role {app_role!r} exists" in output
    assert privileges(app_role) == before
    assert ("declarations_declarationevent", "UPDATE") not in before
    assert ("declarations_declaration", "UPDATE") in before


@on_postgresql
def test_it_connects_as_the_owner_given_by_database_owner_url(new_role, monkeypatch):
    role = new_role("test_app")
    settings = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_OWNER_URL",
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}",
    )

    output = grant(role)

    assert f"Created role {role!r}" in output
    assert ("declarations_securityevent", "INSERT") in privileges(role)


@on_postgresql
def test_it_refuses_to_grant_to_the_owner_itself(new_role):
    with pytest.raises(CommandError, match="must not connect as the tables' owner") as refused:
        grant(connection.settings_dict["USER"])

    assert refused.value.returncode == 2


@on_postgresql
def test_it_refuses_a_role_that_may_create_databases(new_role):
    role = new_role("test_app")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN CREATEDB")

    with pytest.raises(CommandError, match="has CREATEDB") as refused:
        grant(role)

    assert refused.value.returncode == 2
    assert privileges(role) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal on SQLite")
def test_it_refuses_on_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL only") as refused:
        grant("app")

    assert refused.value.returncode == 2


def as_a_non_superuser_owner(cursor: Any, role: str) -> None:
    """Hand both audit trails to a plain role and act as it (rolled back with the test)."""
    cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    for table in AUDIT_TRAILS:
        cursor.execute(f"ALTER TABLE {table} OWNER TO {role}")
    cursor.execute(f"SET LOCAL ROLE {role}")


@on_postgresql
@pytest.mark.parametrize("table", AUDIT_TRAILS)
def test_the_owner_may_not_truncate_an_audit_trail(history, table):
    with transaction.atomic(), connection.cursor() as cursor:
        as_a_non_superuser_owner(cursor, f"test_owner_{uuid.uuid4().hex[:12]}")

        with (
            pytest.raises(DatabaseError, match=rf"{table} is append-only \(TRUNCATE refused\)"),
            transaction.atomic(),
        ):
            cursor.execute(f"TRUNCATE {table}")

        cursor.execute("RESET ROLE")
        transaction.set_rollback(True)


@on_postgresql
@pytest.mark.parametrize("table", AUDIT_TRAILS)
def test_a_superuser_is_let_through_the_truncate_guard(history, table):
    """The test suite empties tables this way between tests; a superuser could switch
    the trigger off anyway (README, "Database roles")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the tests run as a role that is not a superuser")
        with transaction.atomic():
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone() == (0,)
            transaction.set_rollback(True)


@on_postgresql
@pytest.mark.parametrize(
    "statement, refused",
    [("UPDATE {} SET username = 'rewritten'", "UPDATE"), ("DELETE FROM {}", "DELETE")],
)
def test_not_even_the_owner_may_update_or_delete_a_security_event(history, statement, refused):
    table = "declarations_securityevent"
    with (
        connection.cursor() as cursor,
        pytest.raises(DatabaseError, match=rf"{table} is append-only \({refused} refused\)"),
        transaction.atomic(),
    ):
        cursor.execute(statement.format(table))


@on_postgresql
def test_the_migration_can_be_reversed_and_applied_again():
    migration = importlib.import_module(
        "declarations.migrations.0012_append_only_truncate_and_security_log"
    )
    # 0023 and 0024 put the same guard on the register's setting changes and on the
    # retention tombstones: their triggers go first.
    later = importlib.import_module(
        "declarations.migrations.0023_disclosures_and_register_settings"
    )
    latest = importlib.import_module("declarations.migrations.0024_data_protection")
    names = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s ORDER BY 1"

    with transaction.atomic(), connection.schema_editor() as editor, connection.cursor() as cursor:
        latest.drop_retention_path(None, editor)
        later.drop_append_only(None, editor)
        migration.drop(None, editor)
        cursor.execute(names, ["declarations_%"])
        after_drop = [name for (name,) in cursor.fetchall()]
        migration.create(None, editor)
        later.append_only(None, editor)
        latest.retention_path(None, editor)
        cursor.execute(names, ["declarations_%"])
        after_create = [name for (name,) in cursor.fetchall()]
        transaction.set_rollback(True)

    assert after_drop == ["declarations_event_append_only"]  # 0002's, untouched
    assert after_create == [
        "declarations_deletedentry_append_only",
        "declarations_deletedentry_entry_deleted",
        "declarations_deletedentry_no_truncate",
        "declarations_event_append_only",
        "declarations_event_no_truncate",
        "declarations_registersettingchange_append_only",
        "declarations_registersettingchange_no_truncate",
        "declarations_securityevent_append_only",
        "declarations_securityevent_no_truncate",
    ]
