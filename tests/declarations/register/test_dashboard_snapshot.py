"""The dashboard page shows the figures the worker last worked out (dashboard_tasks.py):
its as-of time, asking for a refresh when there are none or they are old, at most one
waiting per organisation, and the button that asks for one now."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from declarations import clock
from declarations.context_processors import current_officer
from declarations.models import DashboardSnapshot
from declarations.register import dashboard, dashboard_tasks
from tests.declarations.register.dashboard_helpers import set_verdict, step
from tests.factories import OfficerFactory, OrganisationFactory, declare
from tests.workers import run_the_worker, worker_runs

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
LONDON = zoneinfo.ZoneInfo("Europe/London")
WORKING_OUT = "The figures are being worked out. This page will refresh."
# 14:05 in London on 29 November 2026 (GMT) and on 1 July 2026 (BST: 13:05 UTC).
WINTER = datetime.datetime(2026, 11, 29, 14, 5, tzinfo=LONDON)
SUMMER = datetime.datetime(2026, 7, 1, 14, 5, tzinfo=LONDON)


def refreshes() -> list[list]:
    """The refreshes waiting in the database, as their arguments."""
    return [
        result.args_kwargs["args"]
        for result in DBTaskResult.objects.filter(
            task_path=dashboard_tasks.refresh_dashboard.module_path
        )
    ]


def view(client, at: datetime.datetime, **params):
    with clock.set_to(at):
        return client.get(DASHBOARD, params)


@pytest.fixture
def keeper(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return monitoring_officer


@pytest.fixture
def register(thurrock, officer, line_manager):
    """A little of everything the dashboard counts."""
    late = declare(officer, "gift", "recorded", counterparty="Late Co")
    set_verdict(late, {"outcome": "declare", "late": True, "deadline": "2026-01-10"})
    declare(officer, "hospitality", "approved", counterparty="Dinner Co")
    declare(officer, "interest", "draft", date=timezone.localdate() - datetime.timedelta(days=60))
    waiting = declare(officer, "outside_work", "awaiting_approval")
    step(waiting, 1, 3, assignee=line_manager)
    declare(officer, disposition_due_on=timezone.localdate() - datetime.timedelta(days=2))
    OfficerFactory(organisation=thurrock, level="director")  # owes an annual return
    return thurrock


# --- none yet -----------------------------------------------------------------------------


def test_a_first_visit_says_the_figures_are_being_worked_out_and_queues_one_refresh(
    client, keeper, thurrock, tasks_in_the_database
):
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert WORKING_OUT in response.content.decode()
    assert response["Refresh"] == "5"
    assert refreshes() == [[thurrock.pk]]


def test_a_second_visit_while_it_waits_queues_no_other(
    client, keeper, thurrock, tasks_in_the_database
):
    client.get(DASHBOARD)
    again = client.get(DASHBOARD)

    assert WORKING_OUT in again.content.decode()
    assert refreshes() == [[thurrock.pk]]


def test_the_waiting_page_can_stop_refreshing(client, keeper, tasks_in_the_database):
    response = client.get(DASHBOARD, {"refresh": "off"})

    assert "Refresh" not in response
    assert "Check again" in response.content.decode()


def test_the_waiting_page_says_when_no_worker_has_been_seen(client, keeper, tasks_in_the_database):
    html = client.get(DASHBOARD).content.decode()

    assert "background worker may not be running" in html


@worker_runs
def test_the_worker_works_them_out_and_the_page_then_shows_them(
    client, keeper, register, tasks_in_the_database
):
    client.get(DASHBOARD)

    run_the_worker()
    response = client.get(DASHBOARD)

    html = response.content.decode()
    assert "Figures as of" in html
    assert WORKING_OUT not in html
    assert "Refresh" not in response
    assert DashboardSnapshot.objects.filter(organisation=register).count() == 1


def test_with_tasks_run_at_once_the_first_visit_shows_the_figures(client, keeper, register):
    response = client.get(DASHBOARD)

    assert "Figures as of" in response.content.decode()
    assert response.context["board"].late_count == 1


# --- fresh and stale ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "computed_at, words",
    [
        (WINTER, "Figures as of 14:05 on 29 November 2026"),
        (SUMMER, "Figures as of 14:05 on 1 July 2026"),
    ],
)
def test_a_fresh_snapshot_is_shown_with_its_local_time_and_nothing_queued(
    client, keeper, register, tasks_in_the_database, computed_at, words
):
    dashboard_tasks.store_snapshot(register, now=computed_at)

    response = view(client, computed_at + datetime.timedelta(minutes=9))

    html = response.content.decode()
    assert words in html
    assert 'id="figures-stale"' not in html
    assert refreshes() == []


def test_a_stale_snapshot_is_shown_and_one_refresh_queued(
    client, keeper, register, tasks_in_the_database
):
    dashboard_tasks.store_snapshot(register, now=WINTER)
    later = WINTER + datetime.timedelta(minutes=11)

    first = view(client, later)
    second = view(client, later + datetime.timedelta(minutes=1))

    for response in (first, second):
        html = response.content.decode()
        assert "Figures as of 14:05 on 29 November 2026" in html
        assert 'id="figures-stale"' in html
        assert "Refresh" not in response
    assert refreshes() == [[register.pk]]


def test_the_maximum_age_is_a_setting(client, keeper, register, settings, tasks_in_the_database):
    settings.DASHBOARD_MAX_AGE_MINUTES = 60
    dashboard_tasks.store_snapshot(register, now=WINTER)

    html = view(client, WINTER + datetime.timedelta(minutes=30)).content.decode()

    assert 'id="figures-stale"' not in html
    assert refreshes() == []


def test_a_refresh_started_long_ago_by_a_worker_that_died_does_not_stop_another(
    client, keeper, register, tasks_in_the_database
):
    dashboard_tasks.store_snapshot(register, now=WINTER)
    later = WINTER + datetime.timedelta(minutes=30)
    view(client, later)
    DBTaskResult.objects.update(status="RUNNING", started_at=later)

    view(client, later + datetime.timedelta(minutes=5))  # still running: none more
    assert len(refreshes()) == 1
    view(client, later + datetime.timedelta(minutes=15))  # running too long: dead

    assert len(refreshes()) == 2


def test_figures_in_another_versions_shape_are_not_shown(
    client, keeper, thurrock, tasks_in_the_database
):
    DashboardSnapshot.objects.create(organisation=thurrock, figures={"version": 0})

    response = client.get(DASHBOARD)

    assert WORKING_OUT in response.content.decode()
    assert refreshes() == [[thurrock.pk]]


def test_each_organisation_has_its_own_figures(client, keeper, register, stranger):
    dashboard_tasks.store_snapshot(stranger.organisation)
    declare(stranger, "gift", "recorded")

    response = client.get(DASHBOARD)

    assert response.context["organisation"] == register
    assert response.context["board"].late_count == 1


# --- working them out again now -------------------------------------------------------------


def test_the_button_queues_a_refresh_and_comes_back(
    client, keeper, register, tasks_in_the_database
):
    dashboard_tasks.store_snapshot(register)
    html = client.get(DASHBOARD).content.decode()
    assert "Work the figures out again now" in html
    assert 'name="csrfmiddlewaretoken"' in html

    response = client.post(DASHBOARD, {"organisation": "thurrock"})
    client.post(DASHBOARD, {"organisation": "thurrock"})

    assert response.status_code == 303
    assert response["Location"] == "/dashboard/?organisation=thurrock"
    assert refreshes() == [[register.pk]]
    assert "The figures are being worked out again" in client.get(DASHBOARD).content.decode()


def test_the_button_needs_the_csrf_token(keeper, register, tasks_in_the_database):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(keeper.user)

    assert strict.post(DASHBOARD, {"organisation": "thurrock"}).status_code == 403
    assert refreshes() == []


def test_with_tasks_run_at_once_the_button_works_the_figures_out(client, keeper, register):
    dashboard_tasks.store_snapshot(register, now=timezone.now() - datetime.timedelta(minutes=5))
    declare(keeper, "gift", "recorded")

    client.post(DASHBOARD, {"organisation": "thurrock"})

    assert DashboardSnapshot.objects.filter(organisation=register).count() == 2
    assert client.get(DASHBOARD).context["board"].total == dashboard.build(register).total == 5


# --- the snapshot ---------------------------------------------------------------------------


def test_only_the_latest_three_snapshots_are_kept(register):
    made = [
        dashboard_tasks.store_snapshot(register, now=WINTER + datetime.timedelta(minutes=m))
        for m in range(5)
    ]

    kept = DashboardSnapshot.objects.filter(organisation=register).order_by("computed_at")
    assert list(kept) == made[2:]


def test_a_refresh_moments_after_another_does_nothing(register):
    dashboard_tasks.store_snapshot(register)

    assert dashboard_tasks.refresh_dashboard.call(register.pk) == "fresh already"
    assert DashboardSnapshot.objects.count() == 1


def test_the_schedule_asks_for_every_organisations_figures_once(
    thurrock, stranger, tasks_in_the_database
):
    assert dashboard_tasks.refresh_all_dashboards.call() == 2
    assert dashboard_tasks.refresh_all_dashboards.call() == 0

    assert sorted(refreshes()) == sorted([[thurrock.pk], [stranger.organisation.pk]])


def numbers(html: str) -> list[str]:
    """The page's figures and rows as read: the text of the content, without the
    as-of sentence and the CSRF token, which differ from one render to the next."""
    main = html[html.index('id="dashboard-contents"') :]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return re.sub(r"<[^>]+>", " ", main).split()


def test_the_stored_figures_render_as_the_figures_build_works_out(
    client, keeper, register, stranger
):
    seconded = OfficerFactory(organisation=stranger.organisation, seconded_to=register)
    declare(seconded, "gift", "recorded", counterparty="Repeat Co")
    board = dashboard.build(register)
    figures = dashboard.figures_of(board)
    snapshot = DashboardSnapshot.objects.create(organisation=register, figures=figures)
    snapshot.refresh_from_db()  # through the database's JSON

    stored = dashboard.shown_from(snapshot.figures)
    response = client.get(DASHBOARD)
    shown = response.context["board"]

    assert stored == dashboard.shown_from(figures) == shown
    assert shown.by_type == board.by_type and shown.step_ages == board.step_ages
    assert shown.total == board.total and shown.open_steps == board.open_steps
    assert shown.late_count == board.late_count == 1
    assert [row["reference"] for row in shown.late] == [
        row["declaration"].reference_with_version for row in board.late
    ]
    assert shown.late[0]["deadline"] == board.late[0]["deadline"]
    assert shown.overdue_interest_count == board.overdue_interest_count == 1
    assert shown.overdue_interests[0]["days_overdue"] == board.overdue_interests[0]["days_overdue"]
    assert [row["name"] for row in shown.missing_annual] == [
        o.full_name for o in board.missing_annual
    ]
    assert shown.awaiting_disposition_words == board.awaiting_disposition_words == "1"
    assert shown.awaiting_disposition[0]["due_on"] == board.awaiting_disposition[0]["due_on"]
    html = response.content.decode()
    assert f"Declarations: {board.total}" in html
    assert f"Open approval steps: {board.open_steps}" in html
    assert "Declared late: 1" in html
    assert "Interests past their 28-day deadline: 1" in html
    missing = board.missing_annual_count
    assert f"Officers without this year\u2019s annual declaration: {missing}" in html
    # A snapshot read again renders word for word the same page.
    assert numbers(client.get(DASHBOARD).content.decode()) == numbers(html)


def test_long_lists_stay_capped_and_say_how_many_in_all(client, keeper, thurrock, officer):
    for _ in range(dashboard.LIST_LIMIT + 2):
        late = declare(officer, "gift", "recorded")
        set_verdict(late, {"outcome": "declare", "late": True, "deadline": "2026-01-10"})
        declare(officer, disposition_due_on=timezone.localdate())

    html = client.get(DASHBOARD).content.decode()
    shown = client.get(DASHBOARD).context["board"]

    assert len(shown.late) == dashboard.LIST_LIMIT and shown.late_count == 52
    assert "The 50 most recent" in html
    assert f"Awaiting what happened to it: {dashboard.LIST_LIMIT} or more" in html
    assert "The 50 due first" in html


# --- cost ---------------------------------------------------------------------------------


def layout_queries(user) -> int:
    """What the page layout costs any page for this user: the navigation and the header
    (declarations.context_processors.current_officer), the same on every page."""
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as captured:
        officer = current_officer(request)["current_officer"]
        str(officer.organisation.name if officer else "")  # the header names the employer
    return len(captured.captured_queries)


@pytest.mark.parametrize("age_minutes", [1, 30])  # fresh; stale, so a refresh is queued
def test_the_page_costs_a_few_queries_however_big_the_register(
    client, keeper, register, tasks_in_the_database, age_minutes
):
    dashboard_tasks.store_snapshot(register, now=WINTER)
    for _ in range(20):
        declare(keeper, "gift", "recorded")
    layout = layout_queries(keeper.user)

    with CaptureQueriesContext(connection) as captured:
        response = view(client, WINTER + datetime.timedelta(minutes=age_minutes))

    assert response.status_code == 200
    # Session, user, who keeps what, the snapshot (and when stale: is a refresh waiting,
    # queue one): at most 8 besides the layout every page has.
    assert len(captured.captured_queries) - layout <= 8
    counted = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counted == []  # nothing is counted on the page: the worker counted


def test_another_employers_snapshot_is_never_shown_to_a_stranger(client, register, stranger):
    dashboard_tasks.store_snapshot(register)
    client.force_login(stranger.user)

    response = client.get(DASHBOARD, {"organisation": "thurrock"})

    assert response.status_code == 403
    assert "Late Co" not in response.content.decode()


def test_a_code_that_sets_no_deadline_nor_annual_return_stores_none(db):
    organisation = OrganisationFactory(code="ecc")

    shown = dashboard.shown_from(dashboard_tasks.store_snapshot(organisation).figures)

    assert shown.total == 0
    assert shown.interest_deadline_days is None
    assert shown.annual_return_cite is None
