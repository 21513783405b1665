"""Fill the register's columns (0018) for entries declared before they existed, from the
verdict and the gift each entry already carries, as submission.record_register_columns
writes them now; and, on PostgreSQL, index the search words by trigram (pg_trgm), so that
a search for part of a word reads an index instead of every row."""

import datetime

from django.db import migrations

BATCH = 1000
COLUMNS = ["outcome", "late", "deadline", "value_gbp", "officer_name", "search_text"]
TRIGRAM_INDEX = "declaration_search_trgm_idx"


def fill(apps, schema_editor):
    Declaration = apps.get_model("declarations", "Declaration")
    declared = (
        Declaration.objects.using(schema_editor.connection.alias)
        .exclude(verdict=None)
        .select_related("officer__user", "gift_hospitality")
        .order_by("pk")
    )
    batch = []
    for declaration in declared.iterator(chunk_size=BATCH):
        verdict = declaration.verdict or {}
        user = declaration.officer.user
        declaration.outcome = str(verdict.get("outcome") or "")
        declaration.late = bool(verdict.get("late"))
        deadline = verdict.get("deadline")
        declaration.deadline = datetime.date.fromisoformat(deadline) if deadline else None
        gift = getattr(declaration, "gift_hospitality", None)
        declaration.value_gbp = gift.value_gbp if gift else None
        name = ", ".join(part for part in (user.last_name, user.first_name) if part)
        declaration.officer_name = name or user.username
        words = [
            declaration.reference,
            declaration.counterparty,
            declaration.description,
            user.first_name,
            user.last_name,
        ]
        declaration.search_text = " ".join(word for word in words if word).lower()
        batch.append(declaration)
        if len(batch) >= BATCH:
            Declaration.objects.bulk_update(batch, COLUMNS)
            batch = []
    if batch:
        Declaration.objects.bulk_update(batch, COLUMNS)


def index_search_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON declarations_declaration "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0018_register_at_scale")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index_search_words, drop_search_index),
    ]
