"""The number of queries a register page or export takes does not grow with the data:
the same at 10 rows as at 60 (select_related, an annotated value and subqueries, never
a query per row)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApprovalStepFactory, OfficerFactory, entry

pytestmark = pytest.mark.django_db

# Session, user, staff record (with its organisations), the registers kept, departments,
# the page's rows (own entries, hosted ones), the bounded totals, and the navigation's
# (whether they may ever decide, the roles held today, the organisations, whether any
# entry records them as keeper): 11, whatever the data's size.
MAX_PAGE_QUERIES = 11


def add_entries(thurrock, line_manager, director, count: int) -> None:
    """`count` entries, each by a different officer, of every type, some decided."""
    types = ["gift", "hospitality", "interest", "outside_work", "relationship"]
    for number in range(count):
        author = OfficerFactory(organisation=thurrock, line_manager=line_manager)
        declaration = entry(author, type=types[number % len(types)])
        if number % 2:
            ApprovalStepFactory(
                declaration=declaration,
                assignee=director,
                state="approved",
                decided_by=director,
                decided_at=timezone.now(),
            )


def queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


def consume(response) -> bytes:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


@pytest.mark.parametrize(
    "params", [{}, {"sort": "officer"}, {"sort": "-value", "q": "acme"}, {"type": "gift"}]
)
def test_register_page_queries_do_not_grow(
    mo_client, thurrock, line_manager, director, django_assert_max_num_queries, params
):
    add_entries(thurrock, line_manager, director, 10)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        at_ten = queries(lambda: consume(mo_client.get(reverse("register"), params)))
    add_entries(thurrock, line_manager, director, 50)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        at_sixty = queries(lambda: consume(mo_client.get(reverse("register"), params)))
    assert at_ten == at_sixty


def test_a_full_page_shows_fifty_rows_in_the_same_queries(
    mo_client, thurrock, line_manager, director
):
    add_entries(thurrock, line_manager, director, 10)
    at_ten = queries(lambda: consume(mo_client.get(reverse("register"))))
    add_entries(thurrock, line_manager, director, 50)
    response = mo_client.get(reverse("register"))
    assert len(response.context["page"].rows) == 50
    assert queries(lambda: consume(mo_client.get(reverse("register")))) == at_ten


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_queries_do_not_grow(
    mo_client, thurrock, line_manager, director, django_assert_max_num_queries, fmt
):
    url = reverse(f"register-export-{fmt}")
    add_entries(thurrock, line_manager, director, 10)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        at_ten = queries(lambda: consume(mo_client.get(url)))
    add_entries(thurrock, line_manager, director, 50)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        at_sixty = queries(lambda: consume(mo_client.get(url)))
    assert at_ten == at_sixty


def test_a_directors_register_queries_do_not_grow(
    client, thurrock, line_manager, director, django_assert_max_num_queries
):
    """Finding the director's staff adds a few queries (the organisation, the director,
    every officer's place in the hierarchy at once), never one per officer or row."""
    client.force_login(director.user)
    url = reverse("named-register", args=[f"thurrock-director-{director.pk}"])
    add_entries(thurrock, line_manager, director, 10)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES + 4):
        at_ten = queries(lambda: consume(client.get(url)))
    add_entries(thurrock, line_manager, director, 50)
    with django_assert_max_num_queries(MAX_PAGE_QUERIES + 4):
        at_sixty = queries(lambda: consume(client.get(url)))
    assert at_ten == at_sixty
