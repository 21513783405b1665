"""The declaration state machine: every legal move, a sample of illegal ones."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from declarations.choices import EventAction, Status
from declarations.models import DeclarationEvent
from declarations.workflow import (
    TRANSITIONS,
    IllegalTransition,
    allowed_actions,
    events_written_together,
    transition,
)
from tests.factories import DeclarationFactory

LEGAL = sorted(TRANSITIONS.items())


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "target"), LEGAL, ids=[f"{s}-{a}" for (s, a), _ in LEGAL])
def test_every_legal_transition_moves_and_records_an_event(move, target, officer):
    source, action = move
    declaration = DeclarationFactory(officer=officer, status=source)

    event = transition(declaration, action, actor=officer.user, note="because")

    declaration.refresh_from_db()
    assert declaration.status == target
    assert (event.from_status, event.to_status, event.action) == (source, target, action)
    assert event.actor == officer.user
    assert event.note == "because"
    assert list(declaration.events.all()) == [event]


ILLEGAL = [
    (Status.DRAFT, "approve"),
    (Status.DRAFT, "record"),
    (Status.SUBMITTED, "submit"),
    (Status.AWAITING_APPROVAL, "record"),
    (Status.AWAITING_ACKNOWLEDGEMENT, "approve"),
    (Status.APPROVED, "reject"),
    (Status.REJECTED, "approve"),
    (Status.WITHDRAWN, "submit"),
    (Status.ENDED, "end"),
    (Status.SUPERSEDED, "withdraw"),
    (Status.RECORDED, "no_such_action"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "action"), ILLEGAL)
def test_an_illegal_transition_raises_and_changes_nothing(source, action, officer):
    declaration = DeclarationFactory(officer=officer, status=source)

    with pytest.raises(IllegalTransition):
        transition(declaration, action, actor=officer.user)

    declaration.refresh_from_db()
    assert declaration.status == source
    assert not DeclarationEvent.objects.filter(declaration=declaration).exists()


@pytest.mark.django_db
def test_submitting_stamps_the_submission_time(officer):
    declaration = DeclarationFactory(officer=officer)
    assert declaration.submitted_at is None

    transition(declaration, "submit", actor=officer.user)

    declaration.refresh_from_db()
    assert declaration.submitted_at is not None


@pytest.mark.django_db
def test_a_stale_copy_cannot_move_a_declaration_twice(officer):
    declaration = DeclarationFactory(officer=officer, status=Status.AWAITING_APPROVAL)
    stale = type(declaration).objects.get(pk=declaration.pk)
    transition(declaration, "approve", actor=officer.user)

    with pytest.raises(IllegalTransition, match="approved cannot be rejected"):
        transition(stale, "reject", actor=officer.user)

    assert DeclarationEvent.objects.filter(declaration=declaration).count() == 1


def test_final_statuses_allow_nothing():
    for status in (Status.WITHDRAWN, Status.ENDED, Status.SUPERSEDED):
        assert allowed_actions(status) == []


# --- events held together (a service writing several in one INSERT) -------------------------


@pytest.mark.django_db
def test_held_events_are_written_together_in_order(officer):
    declaration = DeclarationFactory(officer=officer)

    with transaction.atomic(), events_written_together():
        transition(declaration, EventAction.SUBMIT, actor=officer.user)
        transition(declaration, EventAction.RECORD, actor=None)
        assert not declaration.events.exists()

    assert list(declaration.events.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "record",
    ]


@pytest.mark.django_db
def test_held_events_are_kept_when_the_caller_catches_an_error_and_commits(officer):
    declaration = DeclarationFactory(officer=officer)

    with transaction.atomic():
        try:
            with events_written_together():
                transition(declaration, EventAction.WITHDRAW, actor=officer.user)
                raise RuntimeError("after the change was made")
        except RuntimeError:
            pass

    declaration.refresh_from_db()
    assert declaration.status == Status.WITHDRAWN
    assert list(declaration.events.values_list("action", flat=True)) == ["withdraw"]


@pytest.mark.django_db(transaction=True)
def test_events_are_held_only_inside_a_transaction():
    with pytest.raises(TransactionManagementError), events_written_together():
        pass
