"""The queue's counts are bounded: exact up to a limit of declarations (COUNT_LIMIT), and
beyond it "more than" that, read from at most limit + 1 declarations in one statement,
never a count of the whole queue. Here with a limit of 3."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from declarations.approvals import queue
from declarations.approvals.decisions import queue_for
from declarations.approvals.delegation import delegate
from declarations.choices import Status
from declarations.models import ApprovalStep, Declaration, Officer
from tests.factories import make_verdict, open_for, person

URL = "/decisions/"
LIMIT = 3
DAY = datetime.timedelta(days=1)


def overdue(step: ApprovalStep) -> None:
    ApprovalStep.objects.filter(pk=step.pk).update(due_on=timezone.localdate() - DAY)


def queue_text(response) -> str:
    """The counts line above the queue, as a reader sees it (tags and spacing dropped)."""
    found = re.search(r'id="queue-counts">(.*?)</p>', response.content.decode(), re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", "", found[1]).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("waiting", "total", "more_than_limit"),
    [
        (0, 0, False),
        (1, 1, False),
        (LIMIT, LIMIT, False),  # at the limit: exact
        (LIMIT + 1, LIMIT + 1, True),  # one over: "more than"
        (LIMIT + 3, LIMIT + 1, True),  # never reads past limit + 1
    ],
)
def test_counts_are_exact_up_to_the_limit_and_more_than_it_beyond(
    officer, line_manager, waiting, total, more_than_limit
):
    for _ in range(waiting):
        open_for(officer)
    today = timezone.localdate()

    counts = queue.counts(queue_for(line_manager, today), today, limit=LIMIT)

    assert (counts.total, counts.more_than_limit) == (total, more_than_limit)
    assert counts.by_type == ({"gift": total} if total else {})


@pytest.fixture
def secondee(thurrock, director):
    """Sid, whose line manager is Dana the director."""
    return person(thurrock, "sid.secondee", "staff", director)


@pytest.mark.django_db
@pytest.mark.parametrize(("waiting", "more_than_limit"), [(LIMIT, False), (LIMIT + 1, True)])
def test_a_declaration_whose_two_steps_wait_for_one_person_is_one_of_the_limit(
    secondee, director, waiting, more_than_limit
):
    """Two steps each, both Dana's: 3 declarations are 6 steps but exactly 3."""
    for _ in range(waiting):
        open_for(secondee, outcome="declare", route=["line_manager", "director"])
    today = timezone.localdate()

    counts = queue.counts_of(queue.parts(director, today), today, limit=LIMIT)

    assert (counts.total, counts.more_than_limit) == (
        min(waiting, LIMIT + 1),
        more_than_limit,
    )


@pytest.mark.django_db
def test_the_limit_counts_what_a_delegate_holds_with_their_own(
    officer, line_manager, director, secondee
):
    for _ in range(2):
        open_for(officer)  # Lee's, held by Dana while Lee is away
        open_for(secondee)  # Dana's own
    today = timezone.localdate()
    delegate(line_manager, director, today, today)

    counts = queue.counts_of(queue.parts(director, today), today, limit=LIMIT)

    assert (counts.total, counts.more_than_limit) == (LIMIT + 1, True)


@pytest.mark.django_db
def test_beyond_the_limit_overdue_and_unresolved_are_of_those_read(officer, line_manager):
    for _ in range(LIMIT + 2):
        _, (step,) = open_for(officer)
        overdue(step)
    today = timezone.localdate()

    counts = queue.counts(queue_for(line_manager, today), today, limit=LIMIT)

    assert (counts.total, counts.overdue, counts.more_than_limit) == (
        LIMIT + 1,
        LIMIT + 1,
        True,
    )


@pytest.mark.django_db
def test_the_counts_are_one_statement_reading_at_most_limit_and_one(officer, line_manager):
    for _ in range(LIMIT + 2):
        open_for(officer)
    today = timezone.localdate()
    waiting = queue.parts(line_manager, today)

    with CaptureQueriesContext(connection) as queries:
        queue.counts_of(waiting, today, limit=LIMIT)

    (statement,) = queries.captured_queries
    assert f"LIMIT {LIMIT + 1}" in statement["sql"]


@pytest.mark.django_db
def test_the_limit_is_a_thousand_unless_told(officer, line_manager):
    open_for(officer)
    today = timezone.localdate()

    counts = queue.counts_of(queue.parts(line_manager, today), today)

    assert (queue.COUNT_LIMIT, counts.limit, counts.limit_words) == (1000, 1000, "1,000")
    assert not counts.more_than_limit


# --- the filters beyond the limit ----------------------------------------------------------


def test_beyond_the_limit_every_value_is_offered_without_a_number():
    read = queue.QueueCounts(
        total=LIMIT + 1,
        overdue=0,
        unresolved=0,
        by_type={"gift": LIMIT + 1},
        by_organisation={"thurrock": LIMIT + 1},
        by_outcome={"approval_required": LIMIT + 1},
        limit=LIMIT,
    )

    choices = {choice.name: choice for choice in queue.filter_choices(read, {"type": "gift"})}

    assert list(choices) == ["type", "outcome", "organisation", "age"]
    assert ("interest", "Interest") in choices["type"].options  # may be further down
    assert choices["type"].applied == "gift"
    assert not any("(" in words for choice in choices.values() for _, words in choice.options)


# --- the page ------------------------------------------------------------------------------


@pytest.fixture
def limit_of_three(monkeypatch):
    monkeypatch.setattr(queue, "COUNT_LIMIT", LIMIT)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("waiting", "late", "words"),
    [
        (LIMIT, 0, "3 declarations waiting for you."),
        (LIMIT, 1, "3 declarations waiting for you, 1 overdue."),
        (LIMIT + 1, 0, "More than 3 declarations are waiting for you."),
        (
            LIMIT + 1,
            1,
            "More than 3 declarations are waiting for you. At least 1 of them is overdue.",
        ),
        (
            LIMIT + 2,
            LIMIT + 2,
            "More than 3 declarations are waiting for you. At least 4 of them are overdue.",
        ),
    ],
)
def test_the_page_says_more_than_the_limit_and_no_exact_number_beyond_it(
    client, officer, line_manager, limit_of_three, waiting, late, words
):
    for number in range(waiting):
        _, (step,) = open_for(officer)
        if number < late:
            overdue(step)
    client.force_login(line_manager.user)

    response = client.get(URL)

    assert queue_text(response) == words


@pytest.mark.django_db
def test_the_page_says_more_than_1000_beyond_the_real_limit(client, officer, line_manager):
    many_waiting(line_manager, officer, queue.COUNT_LIMIT + 1)
    client.force_login(line_manager.user)

    response = client.get(URL)

    assert queue_text(response) == "More than 1,000 declarations are waiting for you."


@pytest.mark.django_db
def test_beyond_the_limit_the_filters_have_no_numbers_and_still_filter(
    client, officer, line_manager, limit_of_three
):
    gifts = [open_for(officer)[0] for _ in range(LIMIT)]
    interest, _ = open_for(officer, outcome="declare", type="interest")
    client.force_login(line_manager.user)

    everything = client.get(URL).content.decode()
    response = client.get(URL + "?type=interest")

    assert '<option value="gift">Gift</option>' in everything
    assert '<option value="interest">Interest</option>' in everything
    assert '<option value="ecc">Essex County Council</option>' in everything
    content = response.content.decode()
    assert '<option value="interest" selected>Interest</option>' in content
    assert interest.reference in content
    assert not any(gift.reference in content for gift in gifts)
    assert queue_text(response) == (
        "More than 3 declarations are waiting for you. Showing 1 that matches your filters."
    )


@pytest.mark.django_db
def test_a_monitoring_officer_is_told_at_least_how_many_were_unresolved_beyond_the_limit(
    client, thurrock, monitoring_officer, limit_of_three
):
    loner = person(thurrock, "lou.loner")
    for _ in range(LIMIT + 1):
        open_for(loner, route=["line_manager"])  # nobody manages Lou: all unresolved
    client.force_login(monitoring_officer.user)

    content = client.get(URL).content.decode()

    assert "At least 4 of these came to you because nobody could be found" in content


@pytest.mark.django_db
def test_at_the_limit_the_filters_keep_their_numbers(client, officer, line_manager, limit_of_three):
    open_for(officer)
    open_for(officer)
    open_for(officer, outcome="declare", type="interest")
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert '<option value="gift">Gift (2)</option>' in content
    assert '<option value="interest">Interest (1)</option>' in content
    assert 'id="id_organisation"' not in content


# --- the plan (PostgreSQL) -----------------------------------------------------------------


def many_waiting(approver: Officer, officer: Officer, count: int, prefix: str = "9") -> None:
    """`count` gifts by `officer`, each with one step open for `approver`."""
    verdict = make_verdict("approval_required")
    declarations = Declaration.objects.bulk_create(
        Declaration(
            officer=officer,
            organisation=officer.organisation,
            type="gift",
            status=Status.AWAITING_APPROVAL,
            reference=f"THU-2026-{prefix}{number:05d}",
            counterparty=f"Donor {number}",
            description="Bulk",
            date=datetime.date(2026, 11, 2),
            declared_on=datetime.date(2026, 11, 3),
            verdict=verdict,
            outcome="approval_required",
        )
        for number in range(count)
    )
    opened = timezone.now() - 5 * DAY
    ApprovalStep.objects.bulk_create(
        ApprovalStep(
            declaration=declaration,
            order=1,
            role="line_manager",
            assignee=approver,
            opened_at=opened + number * datetime.timedelta(seconds=1),
            due_on=timezone.localdate() + 5 * DAY,
        )
        for number, declaration in enumerate(declarations)
    )


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_counts_statement_stops_reading_declarations_at_the_limit(
    officer, line_manager, director
):
    """With 5,000 waiting for Lee (and 5,000 for Dana), the statement's LIMITed subquery
    hands on 101 declarations, not Lee's 5,000. (Which index it starts from is the
    planner's choice at this size; on the grown register it is approvalstep_queue_idx.)"""
    many_waiting(line_manager, officer, 5000)
    many_waiting(director, officer, 5000, prefix="8")
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    waiting = queue.parts(line_manager, today)
    with CaptureQueriesContext(connection) as queries:
        counts = queue.counts_of(waiting, today, limit=100)
    (statement,) = queries.captured_queries

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + statement["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert (counts.total, counts.more_than_limit) == (101, True)
    assert re.search(r"->  Limit .*actual time=\S+ rows=101 loops=1", plan)


@pytest.mark.django_db
def test_a_monitoring_officer_is_warned_of_an_unresolved_one_beyond_those_read(
    client, thurrock, monitoring_officer, limit_of_three
):
    """None of the declarations read reached them for want of a role holder, but one
    further down the queue did: the warning is still given, without a number."""
    for _ in range(LIMIT + 1):
        open_for(person(thurrock, f"res.olved{_}"), route=["monitoring_officer"])
    open_for(person(thurrock, "lou.loner"), route=["line_manager"])  # nobody manages Lou
    client.force_login(monitoring_officer.user)

    content = client.get(URL).content.decode()

    assert "Some of these came to you because nobody could be found" in content


@pytest.mark.django_db
def test_nobody_else_is_warned_of_unresolved_steps_beyond_the_limit(
    client, officer, line_manager, limit_of_three
):
    for _ in range(LIMIT + 1):
        open_for(officer)
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert "came to you because nobody could be found" not in content
