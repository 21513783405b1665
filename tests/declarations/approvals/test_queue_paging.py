"""The queue (/decisions/) a page at a time: 50 rows, oldest first, keyset links that
keep the filters, a damaged link showing the first page, and a query count that does
not grow with the queue."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from declarations.approvals import queue
from declarations.approvals.delegation import delegate
from declarations.choices import Status
from declarations.models import ApprovalStep, Declaration, Officer
from tests.factories import make_verdict, open_for

URL = "/decisions/"
MINUTE = datetime.timedelta(minutes=1)


def bulk_queue(
    approver: Officer,
    officer: Officer,
    count: int,
    *,
    start: datetime.datetime | None = None,
    apart: datetime.timedelta = MINUTE,
    type: str = "gift",
    outcome: str = "approval_required",
    prefix: str = "900",
) -> list[ApprovalStep]:
    """`count` declarations by `officer`, each with one step open for `approver`, opened
    `apart` from each other (oldest first) from `start` (ten days ago unless told)."""
    start = start or timezone.now() - datetime.timedelta(days=10)
    status = (
        Status.AWAITING_APPROVAL
        if outcome == "approval_required"
        else Status.AWAITING_ACKNOWLEDGEMENT
    )
    verdict = make_verdict(outcome)
    declarations = Declaration.objects.bulk_create(
        Declaration(
            officer=officer,
            organisation=officer.organisation,
            type=type,
            status=status,
            reference=f"THU-2026-{prefix}{number:03d}",
            counterparty=f"Donor {number}",
            description="Bulk",
            date=datetime.date(2026, 11, 2),
            declared_on=datetime.date(2026, 11, 3),
            verdict=verdict,
            outcome=outcome,
        )
        for number in range(count)
    )
    return ApprovalStep.objects.bulk_create(
        ApprovalStep(
            declaration=declaration,
            order=1,
            role="line_manager",
            assignee=approver,
            opened_at=start + number * apart,
            due_on=timezone.localdate() + datetime.timedelta(days=10),
        )
        for number, declaration in enumerate(declarations)
    )


def step_links(response) -> list[int]:
    """The step ids the page links to, in order."""
    return [int(pk) for pk in re.findall(r'href="/decisions/(\d+)/">', response.content.decode())]


def link(response, rel: str) -> str | None:
    """The href of the page's rel="next"/"prev"/"first" link, unescaped."""
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return found[1].replace("&amp;", "&") if found else None


@pytest.mark.django_db
def test_fifty_rows_a_page_then_the_rest_then_back_again(client, officer, line_manager):
    steps = bulk_queue(line_manager, officer, 53)
    client.force_login(line_manager.user)

    first = client.get(URL)

    assert step_links(first) == [s.pk for s in steps[:50]]
    assert link(first, "prev") is None and link(first, "first") is None
    assert "Next 50" in first.content.decode()
    assert b"53</strong> declarations waiting for you" in first.content

    second = client.get(URL + link(first, "next"))

    assert step_links(second) == [s.pk for s in steps[50:]]
    assert link(second, "next") is None
    assert link(second, "first") == "?"

    back = client.get(URL + link(second, "prev"))

    assert step_links(back) == [s.pk for s in steps[:50]]
    assert link(back, "prev") is None
    assert step_links(client.get(URL + link(back, "next"))) == [s.pk for s in steps[50:]]


@pytest.mark.django_db
def test_a_queue_of_exactly_fifty_has_one_page(client, officer, line_manager):
    bulk_queue(line_manager, officer, 50)
    client.force_login(line_manager.user)

    response = client.get(URL)

    assert len(step_links(response)) == 50
    assert 'class="govuk-pagination' not in response.content.decode()


@pytest.mark.django_db
def test_steps_opened_at_the_same_moment_are_paged_by_id(client, officer, line_manager):
    steps = bulk_queue(line_manager, officer, 120, apart=datetime.timedelta(0))
    client.force_login(line_manager.user)
    seen: list[int] = []
    query = ""

    for _ in range(3):
        response = client.get(URL + query)
        seen += step_links(response)
        query = link(response, "next") or ""

    assert seen == sorted(s.pk for s in steps)
    assert query == ""
    previous = client.get(URL + link(response, "prev"))
    assert step_links(previous) == sorted(s.pk for s in steps)[50:100]


@pytest.mark.django_db
def test_the_filters_are_kept_across_pages(client, officer, line_manager):
    gifts = bulk_queue(line_manager, officer, 55, prefix="901")
    bulk_queue(line_manager, officer, 30, type="interest", outcome="declare", prefix="902")
    client.force_login(line_manager.user)

    first = client.get(URL + "?type=gift&outcome=approval_required")
    following = link(first, "next")

    assert parse_qs(urlsplit(following).query)["type"] == ["gift"]
    assert parse_qs(urlsplit(following).query)["outcome"] == ["approval_required"]
    assert step_links(first) + step_links(client.get(URL + following)) == [s.pk for s in gifts]


@pytest.mark.django_db
def test_the_age_filter_pages_too(client, officer, line_manager):
    old = bulk_queue(line_manager, officer, 52, start=timezone.now() - datetime.timedelta(days=30))
    bulk_queue(
        line_manager, officer, 5, start=timezone.now() - datetime.timedelta(hours=2), prefix="903"
    )
    client.force_login(line_manager.user)

    first = client.get(URL + "?age=old")
    second = client.get(URL + link(first, "next"))

    assert step_links(first) + step_links(second) == [s.pk for s in old]


@pytest.mark.django_db
def test_steps_held_as_a_delegate_and_delegated_back_appear_in_order(
    client, officer, line_manager, director
):
    """Dana acts for Lee (Lee's steps, by their own index range) and has steps of her own;
    the two lists are merged in the order the steps opened."""
    today = timezone.localdate()
    delegate(line_manager, director, today, today)  # before: delegating passes open steps on
    start = timezone.now() - datetime.timedelta(days=5)
    lees = bulk_queue(line_manager, officer, 40, start=start, apart=2 * MINUTE, prefix="904")
    danas = bulk_queue(director, officer, 40, start=start + MINUTE, apart=2 * MINUTE, prefix="905")
    client.force_login(director.user)

    first = client.get(URL)
    second = client.get(URL + link(first, "next"))

    interleaved = [s.pk for pair in zip(lees, danas, strict=True) for s in pair]
    assert step_links(first) + step_links(second) == interleaved
    assert b"for Lee Manager" in first.content


@pytest.mark.django_db
def test_a_step_passed_back_after_a_delegation_is_in_the_pages(officer, line_manager, director):
    """A step Lee passed to Dana while on leave (delegated_from Lee) comes back to Lee's
    queue when the leave ends, in its place among Lee's own."""
    start = timezone.now() - datetime.timedelta(days=5)
    own = bulk_queue(line_manager, officer, 3, start=start, apart=2 * MINUTE, prefix="906")
    _, (passed,) = open_for(officer)
    ApprovalStep.objects.filter(pk=passed.pk).update(
        assignee=director, delegated_from=line_manager, opened_at=start + 3 * MINUTE
    )
    today = timezone.localdate()

    shown = queue.page(queue.parts(line_manager, today), today, {})

    assert [s.pk for s in shown.steps] == [own[0].pk, own[1].pk, passed.pk, own[2].pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?after=nonsense",
        "?before=12.x",
        "?after=99999999999999999.1",
        "?after=9999999999999999.1",
        "?after=-5.3",
        "?after=1.1&before=2.2",
        "?after=%00",
        "?before=" + "9" * 40,
    ],
)
def test_a_damaged_cursor_shows_the_first_page(client, officer, line_manager, query):
    steps = bulk_queue(line_manager, officer, 52)
    client.force_login(line_manager.user)

    response = client.get(URL + query)

    assert response.status_code == 200
    first_page = [s.pk for s in steps[:50]]
    assert step_links(response) in (first_page, [])


@pytest.mark.django_db
def test_a_cursor_past_the_end_offers_the_first_page(client, officer, line_manager):
    bulk_queue(line_manager, officer, 3)
    client.force_login(line_manager.user)

    response = client.get(URL + "?after=9999999999999999.1")

    assert response.status_code == 200
    assert step_links(response) == []
    assert b"Go to the first page" in response.content


def test_a_cursor_reads_back_what_it_wrote():
    moment = datetime.datetime(2026, 11, 3, 9, 30, 1, 123456, tzinfo=datetime.UTC)
    cursor = queue.Cursor(opened_at=moment, id=42)

    assert queue.parse_cursor(str(cursor)) == cursor
    assert queue.parse_cursor("") is None
    assert queue.parse_cursor(None) is None
    assert queue.parse_cursor("1.2.3") is None


# The queries of any signed-in approver's page that are not the queue's: the session, the
# user and their staff record (with its organisations, for the header), `approvers_only`,
# and the layout's (the roles the officer holds today, read once, and whether they keep
# a named register: answered from their staff record and roles, then whether any entry
# records them as its keeper).
AROUND_THE_QUEUE = 7
# The queue's: the delegations in force, a page of the officer's own steps, one of each
# person they act for, one of the steps they passed on that came back, the
# counts, the routes of the 50 rows, and the delegations again (`decisions.holds`).
QUEUE_QUERIES = 7


@pytest.mark.django_db
def test_the_page_makes_the_same_queries_however_long_the_queue(
    client, officer, line_manager, director
):
    today = timezone.localdate()
    delegate(director, line_manager, today, today)  # Lee also acts for Dana
    client.force_login(line_manager.user)
    made, shown = [], []
    for count, prefix in ((3, "91"), (160, "92")):  # 6 steps, then 326
        bulk_queue(line_manager, officer, count, prefix=prefix + "0")
        bulk_queue(director, officer, count, prefix=prefix + "1")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL + "?type=gift")
        made.append(len(queries))
        shown.append(len(step_links(response)))

    assert shown == [6, 50]
    assert made[0] == made[1] == AROUND_THE_QUEUE + QUEUE_QUERIES


# --- the plan (PostgreSQL) ------------------------------------------------------------------


def plan_of(steps) -> str:
    sql, params = steps.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize("filters", [{}, {"age": "old"}, {"after": True}])
def test_a_page_walks_the_approvers_range_of_the_queue_index_in_order(
    officer, line_manager, director, filters
):
    """No sort of the approver's whole queue: at the issue's scale (5,000 steps) their
    own steps are read in order from (assignee, opened_at, id) and the read stops at a
    page and one row. (With a few hundred the planner may rightly sort them instead.)"""
    steps = bulk_queue(line_manager, officer, 5000, prefix="9")
    bulk_queue(director, officer, 1000, prefix="8")
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    own = queue.parts(line_manager, today).ordered[0]
    page = queue.filtered(own, {k: v for k, v in filters.items() if k == "age"}, today)
    if filters.get("after"):
        cursor_at = queue.Cursor.of(steps[1200])
        page = page.filter(opened_at__gte=cursor_at.opened_at)

    plan = plan_of(page.order_by("opened_at", "id")[: queue.PAGE_SIZE + 1])

    assert "approvalstep_queue_idx" in plan
    assert "Sort Key: declarations_approvalstep.opened_at" not in plan
