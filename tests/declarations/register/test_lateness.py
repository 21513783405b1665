"""How late a late declaration was, and which token limit its verdict used: in words
(declarations/lateness.py), on the officer's own page, on the register's entry page, in
the register's rows and on the dashboard."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations import clock, labels, lateness
from declarations.filing import services as filing
from declarations.models import Declaration
from declarations.register import dashboard, dashboard_tasks
from tests.declarations.register.dashboard_helpers import set_verdict
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    declare,
    entry,
    make_county_cast,
)

pytestmark = pytest.mark.django_db

DECLARED = datetime.date(2026, 11, 3)  # the factories' filing date
TAG = '<strong class="govuk-tag govuk-tag--red">{}</strong>'
OPCC_WORDS = (
    "Token limit applied: £25.00 (the register's setting for the Office of the Police and "
    "Crime Commissioner when this was filed)."
)


def days_before(days: int) -> str:
    """The deadline `days` before the factories' filing date, as a verdict writes it."""
    return (DECLARED - datetime.timedelta(days=days)).isoformat()


def late_verdict(days: int, **extra) -> dict:
    """A verdict declared `days` after its deadline (0: on the deadline, not late)."""
    return {"outcome": "declare", "late": days > 0, "deadline": days_before(days), **extra}


def text_of(response) -> str:
    """The page's words, tags taken out and spaces collapsed, as a reader meets them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


# --- the words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "declared_on", "deadline", "days"),
    [
        (False, datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), None),  # on the deadline
        (False, datetime.date(2025, 12, 20), datetime.date(2026, 1, 1), None),  # before it
        (True, datetime.date(2026, 1, 2), datetime.date(2026, 1, 1), 1),  # the day after
        (True, datetime.date(2026, 3, 1), datetime.date(2026, 1, 1), 59),
        (True, datetime.date(2029, 9, 28), datetime.date(2026, 1, 1), 1366),  # years late
        (True, datetime.date(2026, 3, 1), None, None),  # late with no deadline recorded
        (False, datetime.date(2026, 3, 1), datetime.date(2026, 1, 1), None),  # verdict decides
    ],
)
def test_how_late_is_the_days_from_the_deadline_to_the_filing_date(
    late, declared_on, deadline, days
):
    found = lateness.lateness(late, declared_on, deadline)
    assert (found.days if found else None) == days


@pytest.mark.parametrize(
    ("days", "tag", "words"),
    [
        (1, "Late by 1 day", "Late: declared 1 day after the deadline of 1 January 2026"),
        (59, "Late by 59 days", "Late: declared 59 days after the deadline of 1 January 2026"),
        (
            1366,
            "Late by 1,366 days",
            "Late: declared 1,366 days after the deadline of 1 January 2026",
        ),
    ],
)
def test_how_late_reads_in_days_one_day_singular(days, tag, words):
    found = lateness.Lateness(days, datetime.date(2026, 1, 1))
    assert (found.tag, found.words) == (tag, words)


@pytest.mark.parametrize(
    ("verdict", "shown"),
    [
        (None, []),
        ({"outcome": "declare"}, []),  # stored before the limit was recorded
        ({"token_limits": {}}, []),
        ({"token_limits": {"opcc": "25.00"}}, [("opcc", Decimal("25.00"))]),
        # Two codes (a seconded officer's): in the employers' order, whatever the JSON's.
        (
            {"token_limits": {"thurrock": "30", "opcc": "12.5"}},
            [("opcc", Decimal("12.5")), ("thurrock", Decimal("30"))],
        ),
        # Unreadable: nothing said, rather than a failed page.
        ({"token_limits": {"opcc": "lots"}}, []),
        ({"token_limits": {"opcc": "-1"}}, []),
        ({"token_limits": ["opcc"]}, []),
    ],
)
def test_the_token_limits_are_read_from_the_stored_verdict(verdict, shown):
    found = [(limit.employer, limit.amount) for limit in lateness.token_limits_applied(verdict)]
    assert found == shown


def test_a_token_limit_names_the_register_whose_setting_it_was():
    limit = lateness.TokenLimitApplied("opcc", Decimal("25"))
    assert f"Token limit applied: {limit.words}." == OPCC_WORDS


# --- the register's rows ------------------------------------------------------------------------

ROW = re.compile(r'<tr class="govuk-table__row">(.*?)</tr>', re.S)
CODE_SAYS = re.compile(r'data-label="What the code says">(.*?)</td>', re.S)


def what_the_code_says(client, keeper, marker: str) -> str:
    """The "What the code says" cell of the register row holding `marker`, as `keeper`
    reads the register page."""
    client.force_login(keeper.user)
    response = client.get(reverse("register"))
    assert response.status_code == 200
    body = response.content.decode().split('<tbody class="govuk-table__body">', 1)[1]
    found = [row for row in ROW.findall(body.split("</tbody>", 1)[0]) if marker in row]
    assert len(found) == 1, f"{len(found)} rows hold {marker!r}"
    cell = CODE_SAYS.search(found[0])
    assert cell is not None
    return cell.group(1)


@pytest.mark.parametrize(
    ("days", "shown"),
    [
        (0, ""),  # declared on the deadline: not late
        (1, " " + TAG.format("Late by 1 day")),
        (59, " " + TAG.format("Late by 59 days")),
        (800, " " + TAG.format("Late by 800 days")),
    ],
)
def test_a_late_row_says_how_late_where_it_said_late(
    client, monitoring_officer, officer, days, shown
):
    entry(officer, counterparty="Timed Ltd", verdict=late_verdict(days))
    outcome = f'<strong class="govuk-tag {labels.outcome_tag("declare")}">Must be declared</strong>'
    assert what_the_code_says(client, monitoring_officer, "Timed Ltd") == outcome + shown


def test_a_late_row_with_no_deadline_recorded_still_says_late(client, monitoring_officer, officer):
    entry(officer, counterparty="Untimed Ltd", verdict={"outcome": "declare", "late": True})
    cell = what_the_code_says(client, monitoring_officer, "Untimed Ltd")
    assert cell.endswith(" " + TAG.format("Late"))


def test_a_seconded_officers_late_row_says_how_late_in_the_host_register(
    client, thurrock, monitoring_officer
):
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    entry(
        seconded,
        counterparty="Seconded late Ltd",
        host_organisation=thurrock,
        verdict=late_verdict(3, codes_applied=["ecc", "thurrock"]),
    )
    cell = what_the_code_says(client, monitoring_officer, "Seconded late Ltd")
    assert cell.endswith(TAG.format("Late by 3 days"))


def test_the_rows_say_how_late_without_a_query_of_their_own(thurrock, officer):
    """Days late come from each row's own columns: writing the rows costs no query."""
    from declarations.register import entries
    from declarations.templatetags.register_rows import register_rows

    for days in (1, 2, 30):
        entry(officer, verdict=late_verdict(days))
    page = list(
        Declaration.objects.in_register(thurrock).select_related("officer__user", "organisation")
    )
    rows = entries.rows(page, DECLARED)

    with CaptureQueriesContext(connection) as captured:
        html = register_rows(rows, thurrock)

    assert len(captured.captured_queries) == 0
    assert [html.count(f"Late by {words}") for words in ("1 day", "2 days", "30 days")] == [1] * 3


# --- the register's entry page ------------------------------------------------------------------


def entry_page(client, keeper, declaration: Declaration):
    client.force_login(keeper.user)
    response = client.get(reverse("register-entry", args=[declaration.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("days", "tag", "words"),
    [
        (1, "Late by 1 day", "Late: declared 1 day after the deadline of 2 November 2026."),
        (59, "Late by 59 days", "Late: declared 59 days after the deadline of 5 September 2026."),
        (
            400,
            "Late by 400 days",
            "Late: declared 400 days after the deadline of 29 September 2025.",
        ),
    ],
)
def test_the_entry_page_says_how_late_it_was_declared(
    client, monitoring_officer, officer, days, tag, words
):
    declaration = entry(officer, verdict=late_verdict(days))

    response = entry_page(client, monitoring_officer, declaration)

    assert TAG.format(tag) in response.content.decode()
    assert words in text_of(response)
    assert "It was declared after the deadline." not in text_of(response)


def test_an_entry_declared_on_its_deadline_shows_the_deadline_and_nothing_late(
    client, monitoring_officer, officer
):
    declaration = entry(officer, verdict=late_verdict(0))

    response = entry_page(client, monitoring_officer, declaration)

    text = text_of(response)
    assert "It was due by 3 November 2026." in text
    assert "Late" not in text.replace("Latest", "")
    assert "govuk-tag--red" not in response.content.decode()


def test_a_seconded_officers_late_entry_says_how_late_to_the_host(
    client, thurrock, monitoring_officer
):
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    declaration = entry(seconded, host_organisation=thurrock, verdict=late_verdict(28))

    text = text_of(entry_page(client, monitoring_officer, declaration))

    assert "Late by 28 days" in text
    assert "Late: declared 28 days after the deadline of 6 October 2026." in text


def test_the_entry_page_says_which_token_limit_the_verdict_used(
    client, monitoring_officer, officer
):
    declaration = entry(officer, verdict={"outcome": "declare", "token_limits": {"opcc": "25.00"}})

    assert OPCC_WORDS in text_of(entry_page(client, monitoring_officer, declaration))


def test_an_older_verdict_with_no_token_limit_recorded_says_none(
    client, monitoring_officer, officer
):
    declaration = entry(officer, verdict={"outcome": "declare"})

    assert "Token limit applied" not in text_of(entry_page(client, monitoring_officer, declaration))


# --- the officer's own page ---------------------------------------------------------------------


def own_page(client, officer, declaration: Declaration) -> str:
    client.force_login(officer.user)
    response = client.get(reverse("declaration-detail", args=[declaration.pk]))
    assert response.status_code == 200
    return text_of(response)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "It was due by 3 November 2026."),
        (1, "Late: declared 1 day after the deadline of 2 November 2026."),
        (59, "Late: declared 59 days after the deadline of 5 September 2026."),
    ],
)
def test_the_officers_own_page_says_how_late_it_was_declared(client, officer, days, words):
    declaration = entry(officer, verdict=late_verdict(days))

    text = own_page(client, officer, declaration)

    assert words in text
    assert ("Late" in text) is bool(days)


def test_the_officers_own_page_says_which_token_limit_was_applied(client, officer):
    used = entry(officer, verdict={"outcome": "declare", "token_limits": {"opcc": "25.00"}})
    older = entry(officer, verdict={"outcome": "declare"})

    assert OPCC_WORDS in own_page(client, officer, used)
    assert "Token limit applied" not in own_page(client, officer, older)


def test_a_county_council_outside_work_request_filed_after_it_started_says_how_late(client):
    """Filed for real: "before" starting outside work sets the deadline at its start."""
    cast = make_county_cast()
    started = datetime.date(2026, 9, 1)
    with clock.set_to(datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.UTC)):
        draft = declare(cast.officer, "outside_work", "draft", date=started, counterparty="Side Co")
        filing.submit(draft, actor=cast.officer.user)
    draft.refresh_from_db()

    assert (draft.declared_on, draft.late, draft.deadline) == (
        datetime.date(2026, 10, 1),
        True,
        started,
    )
    words = "Late: declared 30 days after the deadline of 1 September 2026."
    assert words in own_page(client, cast.officer, draft)
    text = text_of(entry_page(client, cast.monitoring_officer, draft))
    assert "Late by 30 days" in text and words in text


# --- the dashboard ------------------------------------------------------------------------------


def late_ones(officer, *days: int) -> list[Declaration]:
    """Gifts declared `days` after their deadlines (0: on the deadline)."""
    made = []
    for each in days:
        declaration = declare(officer, "gift", "recorded", counterparty=f"Late {each}")
        set_verdict(declaration, late_verdict(each))
        made.append(declaration)
    return made


@pytest.mark.parametrize(
    ("days", "longest", "median"),
    [
        ((), None, None),
        ((0,), None, None),  # on the deadline: not late
        ((7,), 7, 7),
        ((59, 1, 10, 0), 59, 10),
        ((1, 59, 20, 10), 59, 10),  # an even count: the lower middle one
        ((400, 2, 2), 400, 2),
    ],
)
def test_the_dashboard_works_out_the_longest_and_median_lateness(
    thurrock, officer, days, longest, median
):
    late_ones(officer, *days)

    board = dashboard.build(thurrock)

    assert board.late_count == len([each for each in days if each])
    assert (board.late_longest_days, board.late_median_days) == (longest, median)
    assert sorted(row["days_late"] for row in board.late) == sorted(e for e in days if e)


def test_a_late_one_with_no_deadline_is_counted_but_not_timed(thurrock, officer):
    untimed = declare(officer, "gift", "recorded")
    set_verdict(untimed, {"outcome": "declare", "late": True})
    late_ones(officer, 5)

    board = dashboard.build(thurrock)

    assert board.late_count == 2
    assert (board.late_longest_days, board.late_median_days) == (5, 5)
    assert sorted(row["days_late"] or 0 for row in board.late) == [0, 5]


def test_the_dashboard_page_shows_how_late_from_its_snapshot(client, thurrock, monitoring_officer):
    officer = OfficerFactory(organisation=thurrock)
    late_ones(officer, 1, 10, 59)
    dashboard_tasks.store_snapshot(thurrock)
    client.force_login(monitoring_officer.user)

    response = client.get("/dashboard/")

    html = response.content.decode()
    shown = response.context["board"]
    assert (shown.late_longest_days, shown.late_median_days) == (59, 10)
    assert sorted(row["days_late"] for row in shown.late) == [1, 10, 59]
    assert '<th scope="col" class="govuk-table__header">How late</th>' in html
    for cell in ("1 day", "10 days", "59 days"):
        assert f'<td class="govuk-table__cell">{cell}</td>' in html
    assert (
        "The latest was declared 59 days after its deadline; half of them were declared "
        "within 10 days of theirs."
    ) in text_of(response)


def test_figures_stored_before_how_late_was_worked_out_are_not_shown(thurrock):
    old = dashboard.figures_of(dashboard.build(thurrock)) | {"version": 1}
    with pytest.raises(dashboard.UnreadableFigures):
        dashboard.shown_from(old)


def test_working_out_how_late_costs_the_same_queries_however_many_are_late(
    thurrock, officer, django_assert_max_num_queries
):
    late_ones(officer, 3)
    with CaptureQueriesContext(connection) as captured:
        dashboard.figures_of(dashboard.build(thurrock))
    few = len(captured.captured_queries)
    late_ones(officer, *range(1, 30))

    with django_assert_max_num_queries(few):
        board = dashboard.build(thurrock)
        dashboard.figures_of(board)

    assert (board.late_count, board.late_longest_days, board.late_median_days) == (30, 29, 14)
