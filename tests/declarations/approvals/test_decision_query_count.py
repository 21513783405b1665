"""Deciding a step runs at most 10 queries (issue 12): approving, rejecting and
acknowledging, a middle step of a route and its last.

The service (decisions.decide) is counted inside the test's transaction, so its own
SAVEPOINT and RELEASE count. The decision page's POST is counted as production runs it,
with its transaction the outermost (django_db(transaction=True), so BEGIN and COMMIT
count): the request's own four (the session, the user, their officer record and the step
the page checks) on top of the decision, so its ceiling is the service's plus two.
The email is queued as a task row in both.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.approvals import decisions
from declarations.models import DeclarationEvent
from tests.factories import make_county_cast, open_for

pytestmark = pytest.mark.usefixtures("tasks_in_the_database")

CEILING = 10
PAGE_CEILING = 12

# (decision, outcome, route, status after deciding its first step)
CASES = {
    "approving the last step": ("approve", "approval_required", ["line_manager"], "approved"),
    "approving a middle step": (
        "approve",
        "approval_required",
        ["line_manager", "chief_officer"],
        "awaiting_approval",
    ),
    "rejecting a middle step": (
        "reject",
        "approval_required",
        ["line_manager", "chief_officer"],
        "rejected",
    ),
    "acknowledging the last step": ("acknowledge", "declare", ["line_manager"], "recorded"),
    "acknowledging a middle step": (
        "acknowledge",
        "declare",
        ["line_manager", "monitoring_officer"],
        "awaiting_acknowledgement",
    ),
}


LAST_EVENT = {
    "approving the last step": "approve",
    "approving a middle step": "step_approved",
    "rejecting a middle step": "reject",
    "acknowledging the last step": "record",
    "acknowledging a middle step": "step_acknowledged",
}


def last_action(declaration) -> str:
    events = DeclarationEvent.objects.filter(declaration=declaration).order_by("at", "id")
    return events.values_list("action", flat=True).last()


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_deciding_runs_at_most_10_queries(case, django_assert_max_num_queries):
    decision, outcome, route, status = CASES[case]
    cast = make_county_cast()
    declaration, steps = open_for(cast.officer, outcome=outcome, route=route)

    with django_assert_max_num_queries(CEILING):
        decisions.decide(steps[0].pk, by=cast.line_manager, decision=decision, reason="Fine")

    declaration.refresh_from_db()
    steps[0].refresh_from_db()
    assert declaration.status == status
    assert (steps[0].state, steps[0].decided_by, steps[0].reason) == (
        {"approve": "approved", "reject": "rejected", "acknowledge": "acknowledged"}[decision],
        cast.line_manager,
        "Fine",
    )
    if status == "awaiting_approval":
        assert declaration.approval_steps.get(order=2).opened_at is not None
    if status == "rejected":
        assert declaration.approval_steps.get(order=2).state == "cancelled"
    # The decision's event, and the declaration's move when it ends the route.
    assert last_action(declaration) == LAST_EVENT[case]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", list(CASES))
def test_the_decision_page_decides_in_at_most_10_queries(
    case, client, django_assert_max_num_queries
):
    decision, outcome, route, status = CASES[case]
    cast = make_county_cast()
    declaration, steps = open_for(cast.officer, outcome=outcome, route=route)
    client.force_login(cast.line_manager.user)
    url = reverse("decision-detail", args=[steps[0].pk])

    with django_assert_max_num_queries(PAGE_CEILING):
        response = client.post(url, {"decision": decision, "reason": "Fine"})

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == status
