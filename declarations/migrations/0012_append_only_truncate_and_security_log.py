"""On PostgreSQL, keep the two audit trails whole in the database itself.

Migration 0002 refuses UPDATE and DELETE of declaration events; TRUNCATE is not a row
change, so it slipped past. This adds a statement-level BEFORE TRUNCATE trigger on
declarations_declarationevent, and gives the security log (declarations_securityevent,
append-only too) both guards: UPDATE/DELETE per row and TRUNCATE.

A superuser is let through the TRUNCATE guard (never the row guards): a superuser can
switch any trigger off anyway, and the test suite, which runs as one, empties every
table with TRUNCATE between transactional tests. The application's own role cannot
TRUNCATE at all (it is never granted the privilege: `manage.py grant_app_role`), and
the owner role that runs migrations is stopped by this trigger. See README, "Database
roles (PostgreSQL)", for what an owner or a superuser can still do.

SQLite has no such triggers: there this migration does nothing.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION declarations_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER declarations_event_no_truncate
    BEFORE TRUNCATE ON declarations_declarationevent
    FOR EACH STATEMENT EXECUTE FUNCTION declarations_append_only();
CREATE TRIGGER declarations_securityevent_append_only
    BEFORE UPDATE OR DELETE ON declarations_securityevent
    FOR EACH ROW EXECUTE FUNCTION declarations_append_only();
CREATE TRIGGER declarations_securityevent_no_truncate
    BEFORE TRUNCATE ON declarations_securityevent
    FOR EACH STATEMENT EXECUTE FUNCTION declarations_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS declarations_securityevent_no_truncate ON declarations_securityevent;
DROP TRIGGER IF EXISTS declarations_securityevent_append_only ON declarations_securityevent;
DROP TRIGGER IF EXISTS declarations_event_no_truncate ON declarations_declarationevent;
DROP FUNCTION IF EXISTS declarations_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0011_security_log_and_sign_in")]

    operations = [migrations.RunPython(create, drop)]
