"""Submitting a declaration runs at most 20 queries (issue 12), whatever its type or route.

Each case is submitted through the real service (filing.services.submit) by the county
council cast, with the tasks in the database as in production (each email queued is a
row, so it counts), and every statement counts: SAVEPOINT and RELEASE included.
"""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from declarations.filing import services
from declarations.filing.forms import form_class_for
from declarations.models import Declaration, DeclarationEvent
from declarations.notifications import notify_each
from declarations.submission import NEXT_ACTION
from policies.vocabulary import Outcome
from tests.declarations.filing.helpers import VALID
from tests.factories import make_county_cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_the_database")]

CEILING = 20


def draft(officer, kind: str, **changes: str) -> Declaration:
    """A complete draft of `kind`, made as the form makes one."""
    form = form_class_for(kind)(data={**VALID[kind], **changes}, officer=officer)
    assert form.is_valid(), form.errors
    return services.create_draft(
        officer, kind, form.answers(), actor=officer.user, given=form.given()
    )


# (type, answers changed, outcome, steps made, steps opened)
CASES = {
    "a token gift": ("gift", {"value_gbp": "£10.00", "token_item": "yes"}, "no_action", 0, 0),
    "a gift refused only at the risk of offence": (
        "gift",
        {"refusal_would_offend": "yes"},
        "approval_required",
        2,
        1,
    ),
    "a gift from a supplier": ("gift", {}, "prohibited", 1, 0),
    "an interest": ("interest", {}, "declare", 2, 2),
    "outside work": ("outside_work", {}, "approval_required", 2, 1),
    "a relationship": ("relationship", {}, "no_action", 0, 0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_submitting_runs_at_most_20_queries(case, django_assert_max_num_queries):
    kind, changes, outcome, made, opened = CASES[case]
    cast = make_county_cast()
    declaration = draft(cast.officer, kind, **changes)

    with django_assert_max_num_queries(CEILING):
        submitted = services.submit(declaration, actor=cast.officer.user)

    assert submitted.verdict["outcome"] == outcome
    steps = list(submitted.approval_steps.order_by("order"))
    assert len(steps) == made
    assert sum(step.opened_at is not None for step in steps) == opened
    # Every event still written: created, submitted, moved on as the verdict says, and
    # the route opened to the people it names.
    actions = list(submitted.events.order_by("at", "id").values_list("action", flat=True))
    assert actions[:3] == ["created", "submit", NEXT_ACTION[Outcome(outcome)]]
    assert ("route_opened" in actions) == bool(made)


def test_an_amendment_that_replaces_its_earlier_version_runs_at_most_20_queries(
    django_assert_max_num_queries,
):
    cast = make_county_cast()
    first = services.submit(draft(cast.officer, "interest"), actor=cast.officer.user)
    amended = services.amend(first, actor=cast.officer.user)

    with django_assert_max_num_queries(CEILING):
        services.submit(amended, actor=cast.officer.user)

    first.refresh_from_db()
    assert first.status == "superseded"
    assert not first.approval_steps.filter(state="pending").exists()
    assert list(
        DeclarationEvent.objects.filter(declaration=first)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )[-2:] == ["steps_cancelled", "supersede"]
    assert amended.approval_steps.filter(state="pending").count() == 2


def test_the_emails_of_a_submission_are_queued_as_one_task_that_tells_each_approver():
    cast = make_county_cast()
    submitted = services.submit(draft(cast.officer, "interest"), actor=cast.officer.user)

    (queued,) = DBTaskResult.objects.filter(task_path=notify_each.module_path)
    (notices,) = queued.args_kwargs["args"]
    steps = list(submitted.approval_steps.order_by("order"))
    assert notices == [["step_opened", step.pk, []] for step in steps]
    # The worker's half: one email to each approver.
    assert notify_each.call(notices) == 2
