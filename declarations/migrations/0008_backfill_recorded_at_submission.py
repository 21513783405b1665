"""Fill the columns added in 0007 for entries submitted before they existed.

What the verdict recorded (its register keeper) is copied from the verdict; the officer's
level and host are taken from the officer as they are at the time of this migration, the
best that can be known for older rows. The keeper as a person and the rules that fired
were never recorded before, so they stay empty rather than be guessed. State that lived
in events (a declined gift confirmed, a deadline reminder sent) becomes its column.
"""

from django.db import migrations
from django.db.models import Max


def backfill(apps, schema_editor):
    Declaration = apps.get_model("declarations", "Declaration")
    DeclarationEvent = apps.get_model("declarations", "DeclarationEvent")
    submitted = Declaration.objects.exclude(status="draft").select_related("officer")
    for declaration in submitted.iterator(chunk_size=2000):
        verdict = declaration.verdict or {}
        Declaration.objects.filter(pk=declaration.pk).update(
            officer_level=declaration.officer.level,
            host_organisation_id=declaration.officer.seconded_to_id,
            register_keeper=verdict.get("register_keeper") or "",
        )

    def last_event(action):
        events = DeclarationEvent.objects.filter(action=action)
        return events.values("declaration").annotate(last=Max("at")).order_by()

    for row in last_event("confirmed_declined"):
        Declaration.objects.filter(pk=row["declaration"]).update(confirmed_declined_at=row["last"])
    for row in last_event("deadline_reminder_sent"):
        Declaration.objects.filter(pk=row["declaration"]).update(
            deadline_reminder_sent_on=row["last"].date()
        )


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_recorded_at_submission")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
