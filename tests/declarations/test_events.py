"""Declaration events are append-only history: nothing may change or remove one."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from declarations.models import Declaration, DeclarationEvent
from declarations.workflow import record_event, transition
from tests.factories import DeclarationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration(officer):
    return DeclarationFactory(officer=officer)


@pytest.fixture
def event(declaration, officer):
    return transition(declaration, "submit", actor=officer.user, note="first go")


def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")


def test_a_new_event_can_be_added(declaration, officer):
    created = record_event(declaration, "created", actor=officer.user)

    assert list(declaration.events.all()) == [created]


def test_it_refuses_to_save_changes_to_an_event(event):
    event.note = "rewritten history"

    with pytest.raises(PermissionError, match="append-only"):
        event.save()

    event.refresh_from_db()
    assert event.note == "first go"


def test_it_refuses_to_overwrite_an_event_through_a_new_object_with_its_id(event, declaration):
    forged = DeclarationEvent(pk=event.pk, declaration=declaration, action="approve", note="forged")

    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()

    event.refresh_from_db()
    assert (event.action, event.note) == ("submit", "first go")


def test_it_refuses_to_delete_an_event(event):
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()

    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_a_queryset_update(event):
    with pytest.raises(PermissionError, match="append-only"):
        DeclarationEvent.objects.filter(pk=event.pk).update(note="rewritten")

    event.refresh_from_db()
    assert event.note == "first go"


def test_it_refuses_a_queryset_delete(event):
    with pytest.raises(PermissionError, match="append-only"):
        DeclarationEvent.objects.filter(pk=event.pk).delete()

    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_an_update_or_delete_through_the_declaration(event, declaration):
    with pytest.raises(PermissionError):
        declaration.events.update(note="rewritten")
    with pytest.raises(PermissionError):
        declaration.events.all().delete()

    assert declaration.events.get().note == "first go"


def test_it_refuses_a_bulk_update(event):
    event.note = "rewritten"

    with pytest.raises(PermissionError):
        DeclarationEvent.objects.bulk_update([event], ["note"])

    assert DeclarationEvent.objects.get(pk=event.pk).note == "first go"


def test_the_database_refuses_a_raw_update(event):
    only_on_postgresql()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE declarations_declarationevent SET note = %s WHERE id = %s",
            ["rewritten", event.pk],
        )

    event.refresh_from_db()
    assert event.note == "first go"


def test_the_database_refuses_a_raw_delete(event):
    only_on_postgresql()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM declarations_declarationevent WHERE id = %s", [event.pk])

    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


def test_the_database_still_accepts_a_raw_insert(event, declaration):
    only_on_postgresql()

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO declarations_declarationevent"
            " (declaration_id, at, action, from_status, to_status, note)"
            " VALUES (%s, now(), 'edited', '', '', 'added by hand')",
            [declaration.pk],
        )

    assert declaration.events.count() == 2


def test_a_declaration_with_events_cannot_be_deleted(event, declaration):
    with pytest.raises(ProtectedError), transaction.atomic():
        declaration.delete()

    assert Declaration.objects.filter(pk=declaration.pk).exists()
    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


def test_a_declaration_without_events_can_be_deleted(declaration):
    declaration.delete()

    assert not Declaration.objects.filter(pk=declaration.pk).exists()
