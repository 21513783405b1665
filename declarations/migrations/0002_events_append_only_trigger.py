"""On PostgreSQL, refuse UPDATE and DELETE of declaration events in the database itself,
so no path around the ORM can edit the history away. (TRUNCATE is not a row change:
migration 0012 adds a BEFORE TRUNCATE trigger for it.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION declarations_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'declaration events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER declarations_event_append_only
    BEFORE UPDATE OR DELETE ON declarations_declarationevent
    FOR EACH ROW EXECUTE FUNCTION declarations_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS declarations_event_append_only ON declarations_declarationevent;
DROP FUNCTION IF EXISTS declarations_event_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
