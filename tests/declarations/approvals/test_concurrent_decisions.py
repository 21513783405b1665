"""Two people deciding one step at the same moment: one decision, one AlreadyDecided.

Needs real row locks, so it runs on PostgreSQL only (SQLite serialises all writes and
has no SELECT ... FOR UPDATE). Each thread has its own database connection, which it
closes at the end.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from declarations import workflow
from declarations.approvals.decisions import AlreadyDecided, decide
from declarations.choices import Status, StepState
from declarations.models import ApprovalStep, DeclarationEvent, Delegation
from tests.declarations.concurrency import race
from tests.factories import open_for, person

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def slow_events(monkeypatch):
    """Hold each decision's transaction open a moment after it locks the step, so the
    two really overlap: without the lock both would see the step still pending."""
    original = workflow.record_event

    def slow(*args: Any, **kwargs: Any):
        event = original(*args, **kwargs)
        time.sleep(0.3)
        return event

    monkeypatch.setattr("declarations.approvals.decisions.record_event", slow)


@pytest.fixture
def covered_step(officer, line_manager, director):
    """Lee's step, which Dana may also decide as Lee's delegate today."""
    declaration, (step,) = open_for(officer)
    Delegation.objects.create(
        delegator=line_manager,
        delegate=director,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    return declaration, step


def test_two_deciders_at_once_give_one_decision(covered_step, line_manager, director, slow_events):
    declaration, step = covered_step

    results = race(
        lambda: decide(step.pk, by=line_manager, decision="approve", reason="Yes"),
        lambda: decide(step.pk, by=director, decision="reject", reason="No"),
    )

    winners = [r for r in results if isinstance(r, ApprovalStep)]
    losers = [r for r in results if isinstance(r, AlreadyDecided)]
    assert (len(winners), len(losers)) == (1, 1), results
    step.refresh_from_db()
    declaration.refresh_from_db()
    assert step.state in (StepState.APPROVED, StepState.REJECTED)
    assert step.decided_by == winners[0].decided_by
    assert declaration.status == (
        Status.APPROVED if step.state == StepState.APPROVED else Status.REJECTED
    )
    step_events = DeclarationEvent.objects.filter(
        declaration=declaration, action__in=["step_approved", "step_rejected"]
    )
    assert step_events.count() == 1
    assert (
        DeclarationEvent.objects.filter(
            declaration=declaration, action__in=["approve", "reject"]
        ).count()
        == 1
    )
    assert f"already decided by {step.decided_by.full_name}" in str(losers[0])


def test_the_same_person_twice_at_once_gives_one_decision(covered_step, line_manager, slow_events):
    declaration, step = covered_step

    results = race(
        lambda: decide(step.pk, by=line_manager, decision="approve", reason=""),
        lambda: decide(step.pk, by=line_manager, decision="approve", reason=""),
    )

    assert sorted(type(r).__name__ for r in results) == ["AlreadyDecided", "ApprovalStep"]
    assert declaration.events.filter(action="step_approved").count() == 1
    assert declaration.events.filter(action="approve").count() == 1


def test_two_browsers_posting_at_once_give_one_decision(
    covered_step, line_manager, director, slow_events
):
    declaration, step = covered_step
    lee, dana = Client(), Client()
    lee.force_login(line_manager.user)
    dana.force_login(director.user)
    address = f"/decisions/{step.pk}/"

    responses = race(
        lambda: lee.post(address, {"decision": "approve", "reason": "Yes"}),
        lambda: dana.post(address, {"decision": "reject", "reason": "No"}),
    )

    assert sorted(r.status_code for r in responses) == [302, 409], responses
    (loser,) = [r for r in responses if r.status_code == 409]
    assert b"This step was already decided by" in loser.content
    assert (
        DeclarationEvent.objects.filter(
            declaration=declaration, action__in=["step_approved", "step_rejected"]
        ).count()
        == 1
    )


def test_the_last_two_acknowledgements_at_once_still_record_the_declaration(
    officer, line_manager, director, slow_events
):
    # Each acknowledger, alone, would see the other's step still pending and leave the
    # declaration waiting forever; deciding locks the declaration so they queue up.
    declaration, (first, second) = open_for(
        officer, outcome="declare", route=["line_manager", "director"]
    )

    results = race(
        lambda: decide(first.pk, by=line_manager, decision="acknowledge", reason=""),
        lambda: decide(second.pk, by=director, decision="acknowledge", reason=""),
    )

    assert all(isinstance(r, ApprovalStep) for r in results), results
    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    assert declaration.events.filter(action="record").count() == 1


def test_one_person_acknowledging_both_their_steps_at_once_decides_once(
    thurrock, director, slow_events
):
    # Dana is both Sid's line manager and his director; two tabs acknowledge step 1 and
    # step 2 at once: the first settles both, the second finds them decided.
    secondee = person(thurrock, "sid.secondee", "staff", director)
    declaration, (first, second) = open_for(
        secondee, outcome="declare", route=["line_manager", "director"]
    )

    results = race(
        lambda: decide(first.pk, by=director, decision="acknowledge", reason=""),
        lambda: decide(second.pk, by=director, decision="acknowledge", reason=""),
    )

    assert sorted(type(r).__name__ for r in results) == ["AlreadyDecided", "ApprovalStep"]
    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    assert declaration.events.filter(action="step_acknowledged").count() == 1
    assert declaration.events.filter(action="record").count() == 1
