"""The compliance dashboard's figures (declarations/dashboard.py) and its page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from declarations.filing import services as filing
from declarations.models import AnnualDeclaration
from declarations.register import dashboard
from declarations.workflow import record_event, transition
from tests.declarations.register.dashboard_helpers import set_verdict, step
from tests.factories import (
    DeclarationFactory,
    OfficerFactory,
    RoleAssignmentFactory,
    UserFactory,
    declare,
)

pytestmark = pytest.mark.django_db


def counts(bars) -> dict[str, int]:
    return {bar.label: bar.count for bar in bars}


@pytest.fixture
def today():
    return timezone.localdate()


# --- counts -----------------------------------------------------------------------------


def test_counts_by_type_leave_out_drafts_and_superseded_versions(thurrock, officer, director):
    declare(officer, "gift", "recorded")
    declare(officer, "gift", "awaiting_approval")
    declare(director, "hospitality", "approved")
    declare(director, "interest", "withdrawn")
    declare(officer, "gift", "draft")
    declare(officer, "interest", "superseded")

    by_type = counts(dashboard.counts_by_type(thurrock))

    assert by_type == {
        "Gift": 2,
        "Hospitality": 1,
        "Interest": 1,
        "Outside work": 0,
        "Relationship": 0,
        "Disclosure": 0,
    }


def test_counts_by_status(thurrock, officer):
    declare(officer, "gift", "recorded")
    declare(officer, "gift", "recorded")
    declare(officer, "gift", "rejected")
    declare(officer, "gift", "draft")

    by_status = counts(dashboard.counts_by_status(thurrock))

    assert by_status["Recorded"] == 2
    assert by_status["Rejected"] == 1
    assert by_status["Approved"] == 0
    assert "Draft" not in by_status
    assert "Replaced by a newer version" not in by_status


def test_counts_by_department_include_officers_without_one(thurrock, officer, monitoring_officer):
    nobody = OfficerFactory(organisation=thurrock, department="")
    declare(officer, "gift")  # Housing
    declare(officer, "interest")
    declare(monitoring_officer, "gift")  # Legal
    declare(nobody, "gift")

    by_department = counts(dashboard.counts_by_department(thurrock))

    assert by_department == {"Housing": 2, "Legal": 1, "No department recorded": 1}
    assert dashboard.counts_by_department(thurrock)[0].label == "Housing"


def test_counts_are_for_the_organisations_register_only(thurrock, officer, stranger):
    declare(officer, "gift")
    declare(stranger, "gift")
    seconded = OfficerFactory(organisation=stranger.organisation, seconded_to=thurrock)
    declare(seconded, "outside_work")

    assert counts(dashboard.counts_by_type(thurrock))["Gift"] == 1
    assert counts(dashboard.counts_by_type(thurrock))["Outside work"] == 1


def test_each_count_links_to_the_register_filtered_the_same_way(thurrock, officer):
    declare(officer, "gift")

    [gift, *_] = dashboard.counts_by_type(thurrock)
    housing = dashboard.counts_by_department(thurrock)[0]
    recorded = next(b for b in dashboard.counts_by_status(thurrock) if b.label == "Recorded")

    assert gift.url == "/register/?organisation=thurrock&type=gift"
    assert housing.url == "/register/?organisation=thurrock&department=Housing"
    assert recorded.url == "/register/?organisation=thurrock&status=recorded"


# --- open steps by age --------------------------------------------------------------------


def test_open_steps_are_counted_by_days_waiting(thurrock, officer, line_manager):
    now = timezone.now()
    for days in (0, 7, 8, 14, 15, 28, 29, 90):
        waiting = declare(officer, "outside_work", "awaiting_approval")
        step(waiting, 1, days, now=now, assignee=line_manager)

    bars, not_reached = dashboard.step_ages(thurrock, now)

    assert counts(bars) == {
        "0 to 7 days": 2,
        "8 to 14 days": 2,
        "15 to 28 days": 2,
        "More than 28 days": 2,
    }
    assert not_reached == 0


def test_a_step_never_stamped_as_opened_ages_from_its_creation(thurrock, officer, line_manager):
    now = timezone.now()
    waiting = declare(officer, "outside_work", "awaiting_approval")
    step(waiting, 1, None, created_days=20, now=now, assignee=line_manager)

    bars, not_reached = dashboard.step_ages(thurrock, now)

    assert counts(bars)["15 to 28 days"] == 1
    assert not_reached == 0


def test_steps_not_yet_reached_decided_or_on_finished_declarations_are_not_open(
    thurrock, officer, line_manager, director
):
    now = timezone.now()
    waiting = declare(officer, "outside_work", "awaiting_approval")
    step(waiting, 1, 3, now=now, assignee=line_manager)
    step(waiting, 2, None, created_days=3, now=now, assignee=director)  # after step 1
    decided = declare(officer, "outside_work", "awaiting_approval")
    step(
        decided,
        1,
        40,
        now=now,
        assignee=line_manager,
        state="approved",
        decided_at=now,
    )
    withdrawn = declare(officer, "outside_work", "withdrawn")
    step(withdrawn, 1, 40, now=now, assignee=line_manager)

    bars, not_reached = dashboard.step_ages(thurrock, now)

    assert counts(bars) == {
        "0 to 7 days": 1,
        "8 to 14 days": 0,
        "15 to 28 days": 0,
        "More than 28 days": 0,
    }
    assert not_reached == 1


# --- late -------------------------------------------------------------------------------


def test_late_declarations_are_those_whose_verdict_says_late(thurrock, officer):
    late = declare(officer, "gift", "recorded", counterparty="Late one")
    set_verdict(late, {"outcome": "declare", "late": True, "deadline": "2026-01-10"})
    on_time = declare(officer, "gift", "recorded")
    set_verdict(on_time, {"outcome": "declare", "late": False})
    declare(officer, "gift", "recorded")  # no verdict at all

    board = dashboard.build(thurrock)

    assert board.late_count == 1
    assert [row["declaration"] for row in board.late] == [late]
    assert board.late[0]["deadline"] == datetime.date(2026, 1, 10)
    assert board.late_url == "/register/?organisation=thurrock&late=1"


def test_thurrock_interests_past_28_days_and_never_recorded_are_overdue(
    thurrock, officer, monitoring_officer, today
):
    long_ago = today - datetime.timedelta(days=40)
    just_inside = today - datetime.timedelta(days=28)
    overdue_draft = declare(officer, "interest", "draft", date=long_ago, declared_on=long_ago)
    overdue_waiting = declare(
        officer, "interest", "awaiting_acknowledgement", date=long_ago, declared_on=today
    )
    declare(officer, "interest", "recorded", date=long_ago)  # recorded: fine
    declare(officer, "interest", "draft", date=just_inside)  # still within 28 days
    declare(officer, "interest", "withdrawn", date=long_ago)  # withdrawn: nothing to record
    declare(officer, "gift", "draft", date=long_ago)  # not an interest

    board = dashboard.build(thurrock)

    assert board.interest_deadline is not None
    assert board.interest_deadline.days == 28  # Thurrock's rules TH-I1 and TH-I2
    assert board.overdue_interest_count == 2
    assert {row["declaration"] for row in board.overdue_interests} == {
        overdue_draft,
        overdue_waiting,
    }
    row = next(r for r in board.overdue_interests if r["declaration"] == overdue_draft)
    assert row["deadline"] == long_ago + datetime.timedelta(days=28)
    assert row["days_overdue"] == 12


def test_an_amendment_of_a_recorded_interest_is_not_overdue(thurrock, officer, today):
    long_ago = today - datetime.timedelta(days=60)
    first = declare(officer, "interest", "submitted", date=long_ago)
    transition(first, "send_for_acknowledgement", actor=None)
    transition(first, "record", actor=None)
    transition(first, "supersede", actor=None)
    declare(
        officer,
        "interest",
        "awaiting_acknowledgement",
        date=long_ago,
        reference=first.reference,
        version=2,
        amends=first,
    )

    assert dashboard.build(thurrock).overdue_interest_count == 0


def test_an_overdue_interest_whose_amendment_has_been_started_is_still_overdue(
    thurrock, officer, today
):
    long_ago = today - datetime.timedelta(days=40)
    overdue = declare(officer, "interest", "awaiting_acknowledgement", date=long_ago)

    amendment = filing.amend(overdue, actor=officer.user)  # a draft v2: v1 still stands

    board = dashboard.build(thurrock)
    assert amendment.status == "draft" and amendment.reference == overdue.reference
    assert board.overdue_interest_count == 1
    assert [row["declaration"] for row in board.overdue_interests] == [overdue]


def test_the_28_day_check_is_for_codes_that_set_a_deadline_only(stranger, today):
    declare(stranger, "interest", "draft", date=today - datetime.timedelta(days=90))

    board = dashboard.build(stranger.organisation)

    assert board.interest_deadline is None
    assert board.overdue_interest_count == 0


# --- annual declarations ------------------------------------------------------------------


def test_senior_officers_without_this_years_annual_declaration(
    thurrock, officer, director, monitoring_officer, today
):
    chief = OfficerFactory(organisation=thurrock, level="chief_executive")
    OfficerFactory(organisation=thurrock, level="director", active=False)  # has left
    AnnualDeclaration.objects.create(
        officer=monitoring_officer, year=today.year, kind="nothing_to_declare"
    )
    AnnualDeclaration.objects.create(
        officer=director, year=today.year - 1, kind="nothing_to_declare"
    )

    board = dashboard.build(thurrock)

    assert set(board.missing_annual) == {director, chief}


def test_only_officers_whose_code_asks_for_an_annual_return_are_listed(thurrock, stranger):
    ecc = stranger.organisation
    OfficerFactory(organisation=ecc, level="director")  # ECC's code asks no annual return
    seconded = OfficerFactory(organisation=ecc, level="assistant_director", seconded_to=thurrock)

    board = dashboard.build(ecc)

    # ECC's dashboard says what ECC's code says: no annual return, so nobody owes one
    # there; the officer seconded to Thurrock owes Thurrock's, on Thurrock's dashboard.
    assert board.annual_return is None
    assert board.missing_annual == []
    assert board.missing_annual_count == 0
    assert seconded in dashboard.build(thurrock).missing_annual


def test_an_employer_whose_code_asks_no_annual_return_has_no_such_section(
    client, thurrock, stranger
):
    ecc = stranger.organisation
    OfficerFactory(organisation=ecc, level="director")
    OfficerFactory(organisation=ecc, level="assistant_director", seconded_to=thurrock)
    mo = OfficerFactory(organisation=ecc, level="director")
    RoleAssignmentFactory(officer=mo, organisation=ecc, role="monitoring_officer")
    client.force_login(mo.user)

    html = client.get("/dashboard/").content.decode()

    assert 'id="annual"' not in html
    assert "annual declaration" not in html


def test_the_missing_annual_declarations_are_counted_and_the_list_capped(thurrock, today):
    for _ in range(dashboard.LIST_LIMIT + 2):
        OfficerFactory(organisation=thurrock, level="director")

    board = dashboard.build(thurrock)

    assert board.missing_annual_count == dashboard.LIST_LIMIT + 2
    assert len(board.missing_annual) == dashboard.LIST_LIMIT


# --- what happened to a declined gift ---------------------------------------------------------


def test_entries_awaiting_what_happened_to_them_are_listed_earliest_due_first(
    thurrock, officer, stranger, today
):
    later = declare(officer, disposition_due_on=today + datetime.timedelta(days=5))
    overdue = declare(officer, disposition_due_on=today - datetime.timedelta(days=1))
    declare(  # recorded already
        officer,
        disposition_due_on=today,
        disposition="declined",
        disposition_on=today,
        disposition_recorded_at=timezone.now(),
    )
    declare(officer, status="withdrawn", disposition_due_on=today)  # no longer chased
    declare(officer)  # never had to be declined
    declare(stranger, disposition_due_on=today)  # another employer's

    board = dashboard.build(thurrock)

    assert [row["declaration"] for row in board.awaiting_disposition] == [overdue, later]
    assert [row["overdue"] for row in board.awaiting_disposition] == [True, False]
    assert board.awaiting_disposition[0]["url"] == f"/register/entries/{overdue.pk}/"
    assert board.awaiting_disposition_words == "2"


def test_the_awaiting_list_is_capped_and_says_so(thurrock, officer, today):
    for _ in range(dashboard.LIST_LIMIT + 1):
        declare(officer, disposition_due_on=today)

    board = dashboard.build(thurrock)

    assert len(board.awaiting_disposition) == dashboard.LIST_LIMIT
    assert board.awaiting_disposition_words == f"{dashboard.LIST_LIMIT} or more"


def test_the_page_lists_what_is_awaited_with_links(client, thurrock, officer, monitoring_officer):
    due = timezone.localdate() - datetime.timedelta(days=3)
    awaited = declare(officer, counterparty="Chase Co", disposition_due_on=due)
    client.force_login(monitoring_officer.user)

    html = client.get("/dashboard/").content.decode()

    assert "Awaiting what happened to it: 1" in html
    assert 'id="awaiting-disposition-table"' in html
    assert f'href="/register/entries/{awaited.pk}/"' in html
    assert "Overdue" in html


# --- repeated or large gifts --------------------------------------------------------------


def test_a_donor_who_gave_three_times_in_a_year_is_listed(thurrock, officer, today):
    for index, name in enumerate(["Acme Ltd", "acme ltd ", "ACME LTD"]):
        declare(
            officer,
            "gift" if index else "hospitality",
            "recorded",
            counterparty=name,
            date=today - datetime.timedelta(days=30 * index),
            detail={"value_gbp": Decimal("10")},
        )

    [row] = dashboard.repeat_donors(thurrock, today)

    assert row["gifts"] == 3
    assert row["total"] == Decimal("30.00")
    assert row["officer"] == "Olive Officer"
    assert row["donor"] == "acme ltd"
    assert "counterparty=" in row["url"]
    assert "officer=Olive+Officer" in row["url"]


def test_a_donor_who_gave_more_than_100_pounds_is_listed(thurrock, officer, today):
    declare(officer, "gift", counterparty="Big Co", detail={"value_gbp": Decimal("100.01")})
    declare(officer, "gift", counterparty="Exact Co", detail={"value_gbp": Decimal("100")})

    donors = {row["donor_name"] for row in dashboard.repeat_donors(thurrock, today)}

    assert donors == {"Big Co"}


def test_gifts_older_than_a_year_or_to_other_officers_do_not_add_up(
    thurrock, officer, line_manager, today
):
    year_ago = today - datetime.timedelta(days=365)
    declare(officer, "gift", counterparty="Spread Co", date=year_ago)
    declare(officer, "gift", counterparty="Spread Co", date=today)
    declare(line_manager, "gift", counterparty="Spread Co", date=today)
    declare(officer, "gift", "draft", counterparty="Spread Co", date=today)
    declare(officer, "gift", "withdrawn", counterparty="Spread Co", date=today)
    declare(officer, "gift", counterparty="Spread Co", detail={"direction": "given"})

    assert dashboard.repeat_donors(thurrock, today) == []


# --- the page -----------------------------------------------------------------------------


def test_the_page_shows_every_section_with_charts_and_tables(
    client, thurrock, officer, monitoring_officer, line_manager
):
    waiting = declare(officer, "outside_work", "awaiting_approval")
    step(waiting, 1, 2, assignee=line_manager)
    declare(officer, "gift", "recorded", counterparty="Chart Co")
    client.force_login(monitoring_officer.user)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    for section in ("declarations", "open-steps", "late", "overdue-interests", "annual"):
        assert f'id="{section}"' in html
    assert 'id="repeat-donors"' in html
    assert html.count('role="img"') == 4
    assert '<title id="chart-type-title">Declarations by type</title>' in html
    assert 'id="chart-type-table"' in html
    assert 'href="/register/?organisation=thurrock&amp;type=gift"' in html
    assert "Mona Monitoring" in html  # no annual declaration this year
    assert "<script src=" not in html.replace('src="/static/', "")


def test_a_system_administrator_chooses_the_organisation(client, thurrock, stranger):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    declare(stranger, "gift", counterparty="ECC donor")
    client.force_login(admin)

    response = client.get("/dashboard/", {"organisation": "ecc"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["organisation"].code == "ecc"
    assert '<option value="ecc" selected>' in html
    assert counts(response.context["board"].by_type)["Gift"] == 1


# --- query count ----------------------------------------------------------------------------


def populate(organisation, size: int, manager, today) -> None:
    """`size` of everything the dashboard counts or lists."""
    for index in range(size):
        person = OfficerFactory(
            organisation=organisation,
            level="assistant_director" if index % 2 else "staff",
            department=f"Department {index}",
            line_manager=manager,
        )
        late = declare(person, "gift", "recorded", counterparty="Repeat Co", date=today)
        set_verdict(late, {"outcome": "declare", "late": True, "deadline": "2026-01-01"})
        declare(person, "gift", "recorded", counterparty="repeat co", date=today)
        declare(person, "hospitality", "approved", counterparty="Repeat Co", date=today)
        declare(person, "interest", "draft", date=today - datetime.timedelta(days=60))
        waiting = declare(person, "outside_work", "awaiting_approval")
        step(waiting, 1, index * 5, assignee=manager)
        step(waiting, 2, None, assignee=manager)
        reviewed = declare(person, "interest", "recorded")
        record_event(reviewed, "interest_reviewed", actor=None)


def build_queries(organisation) -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard.figures_of(dashboard.build(organisation))
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_data(
    thurrock, monitoring_officer, director, today, django_assert_max_num_queries
):
    # Working the figures out (the worker's task, not the page: test_dashboard_snapshot.py
    # counts the page's queries) costs the same number of queries however big the register.
    populate(thurrock, 2, director, today)
    small = build_queries(thurrock)
    populate(thurrock, 12, director, today)
    DeclarationFactory.create_batch(5, officer=director, status="recorded")

    with django_assert_max_num_queries(small):
        board = dashboard.build(thurrock)
        dashboard.figures_of(board)

    assert board.late_count == 14
    assert board.overdue_interest_count == 14
    assert len(board.repeat_donors) == 14
    assert board.open_steps == 14


def test_past_fifty_departments_the_smallest_are_added_up(thurrock):
    for index in range(dashboard.LIST_LIMIT + 5):
        person = OfficerFactory(organisation=thurrock, department=f"Department {index:02d}")
        for _ in range(2 if index < 10 else 1):
            declare(person, "gift")

    bars = dashboard.counts_by_department(thurrock)

    assert len(bars) == dashboard.LIST_LIMIT
    assert [bar.count for bar in bars[:10]] == [2] * 10
    assert bars[-1] == dashboard.Bar("6 other departments", 6)
    assert sum(bar.count for bar in bars) == 10 * 2 + 45
