"""approvals.queue: what an approver's queue shows about each waiting step, and its counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations.approvals import queue
from declarations.approvals.decisions import queue_for
from declarations.approvals.delegation import delegate
from declarations.models import ApprovalStep
from tests.factories import open_for

DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_a_row_says_what_is_asked_how_long_it_has_waited_and_if_it_is_overdue(
    officer, line_manager
):
    declaration, (step,) = open_for(officer)
    opened = timezone.now() - 12 * DAY
    ApprovalStep.objects.filter(pk=step.pk).update(
        opened_at=opened, due_on=timezone.localdate(opened) + 10 * DAY
    )
    today = timezone.localdate()

    (row,) = [queue.row_for(s, line_manager, today) for s in queue_for(line_manager, today)]

    assert (row.declaration, row.outcome, row.asked) == (
        declaration,
        "approval_required",
        "Approve or reject",
    )
    assert (row.days_waiting, row.overdue, row.for_whom) == (12, True, None)


@pytest.mark.django_db
def test_a_row_held_as_a_delegate_says_for_whom(officer, line_manager, director):
    open_for(officer, outcome="declare", type="interest")
    today = timezone.localdate()
    delegate(line_manager, director, today, today)

    (row,) = [queue.row_for(s, director, today) for s in queue_for(director, today)]

    assert (row.asked, row.for_whom) == ("Acknowledge", line_manager)


@pytest.mark.django_db
def test_counts_cover_the_whole_queue_by_type(officer, line_manager):
    open_for(officer, counterparty="Acme")
    open_for(officer, outcome="declare", type="interest")
    _, (unresolved,) = open_for(officer, counterparty="Nobody Ltd")
    ApprovalStep.objects.filter(pk=unresolved.pk).update(
        route_unresolved=True, due_on=timezone.localdate() - DAY
    )
    today = timezone.localdate()

    counts = queue.counts(queue_for(line_manager, today), today)

    assert (counts.total, counts.overdue, counts.unresolved) == (3, 1, 1)
    assert counts.by_type == {"gift": 2, "interest": 1}


@pytest.mark.django_db
def test_only_a_monitoring_officer_is_warned_of_unresolved_steps(line_manager, monitoring_officer):
    today = timezone.localdate()

    assert queue.warns_of_unresolved(monitoring_officer, today)
    assert not queue.warns_of_unresolved(line_manager, today)
