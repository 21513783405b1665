"""The register's rows (`{% register_rows %}`, declarations/templatetags/register_rows.py)
as the monitoring officer reads them on the register page: each cell's words and markup,
every value escaped, and the same markup the template language wrote before."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import engines
from django.urls import reverse

from declarations import clock, labels
from declarations.models import Declaration
from declarations.register import entries
from declarations.templatetags.register_rows import register_rows
from tests.factories import OfficerFactory, OrganisationFactory, UserFactory, declare, entry

pytestmark = pytest.mark.django_db

HINT = '<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{}</span>'
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
QUOTES = "\"&'"
QUOTES_ESCAPED = "&quot;&amp;&#x27;"
RECORDED_AT = datetime.datetime(2026, 3, 6, 9, tzinfo=datetime.UTC)

ROW = re.compile(r'<tr class="govuk-table__row">(.*?)</tr>', re.S)
REFERENCE = re.compile(r'<th scope="row" class="govuk-table__header">(.*?)</th>', re.S)
CELL = re.compile(r'<td class="govuk-table__cell[^"]*" data-label="([^"]+)">(.*?)</td>', re.S)


# --- reading the page -------------------------------------------------------------------------


def register_page(client, monitoring_officer, **query: str) -> str:
    """The register page's HTML as its monitoring officer reads it."""
    client.force_login(monitoring_officer.user)
    response = client.get(reverse("register"), query)
    assert response.status_code == 200
    return response.content.decode()


def row_with(html: str, marker: str) -> str:
    """The one row of the table's body holding `marker` (a counterparty, say)."""
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    found = [row for row in ROW.findall(body) if marker in row]
    assert len(found) == 1, f"{len(found)} rows hold {marker!r}"
    return found[0]


def cells(row: str) -> dict[str, str]:
    """A row's cells by their data-label, with the reference under "Reference"."""
    reference = REFERENCE.search(row)
    assert reference is not None
    return {"Reference": reference.group(1), **dict(CELL.findall(row))}


def cells_of(client, monitoring_officer, marker: str, **query: str) -> dict[str, str]:
    return cells(row_with(register_page(client, monitoring_officer, **query), marker))


def day(on: datetime.date) -> str:
    """ "5 Mar 2026": Django's "j M Y"."""
    return f"{on.day} {on:%b %Y}"


# --- 1. every value escaped -------------------------------------------------------------------


def test_every_value_is_escaped(client, monitoring_officer, thurrock):
    nasty = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="nasty.one", first_name=SCRIPT, last_name=QUOTES),
        job_title=SCRIPT,
        department=QUOTES,
    )
    entry(
        nasty,
        counterparty=f"{SCRIPT}{QUOTES}",
        description=f"{QUOTES}{SCRIPT}",
        disposition="declined",
        disposition_recorded_at=RECORDED_AT,
        disposition_note=f"{SCRIPT}{QUOTES}",
    )
    html = register_page(client, monitoring_officer)
    assert SCRIPT not in html
    assert QUOTES not in html
    row = cells(row_with(html, f"{SCRIPT_ESCAPED}{QUOTES_ESCAPED}"))
    assert row["Officer"] == f"{SCRIPT_ESCAPED} {QUOTES_ESCAPED}" + HINT.format(
        f"{SCRIPT_ESCAPED}, {QUOTES_ESCAPED}"
    )
    assert row["Counterparty"] == f"{SCRIPT_ESCAPED}{QUOTES_ESCAPED}" + HINT.format(
        f"{QUOTES_ESCAPED}{SCRIPT_ESCAPED}"
    )
    assert row["What happened to it"].endswith(HINT.format(f"{SCRIPT_ESCAPED}{QUOTES_ESCAPED}"))


# --- 2. the reference ---------------------------------------------------------------------------


def test_a_submitted_entry_links_to_its_entry_page(client, monitoring_officer, officer):
    gift = entry(officer, counterparty="Linked Ltd")
    row = cells_of(client, monitoring_officer, "Linked Ltd")
    url = reverse("register-entry", args=[gift.pk])
    assert row["Reference"] == f'<a class="govuk-link" href="{url}">{gift.reference}</a>'


def test_a_second_version_shows_its_version_and_links_to_itself(
    client, monitoring_officer, officer
):
    first = entry(officer, status="superseded", counterparty="First go")
    second = entry(officer, amends=first, version=2, counterparty="Second go")
    Declaration.objects.filter(pk=second.pk).update(reference=first.reference)
    row = cells_of(client, monitoring_officer, "Second go")
    url = reverse("register-entry", args=[second.pk])
    assert row["Reference"] == f'<a class="govuk-link" href="{url}">{first.reference} v2</a>'


def test_a_draft_withdrawn_before_it_was_submitted_is_listed_unlinked(
    client, monitoring_officer, officer
):
    """Listed (as withdrawn), but it has no entry page to link to."""
    never_sent = entry(
        officer, status="withdrawn", submitted_at=None, reference="", counterparty="Never sent"
    )
    row = cells_of(client, monitoring_officer, "Never sent")
    assert row["Reference"] == never_sent.reference_with_version == "Draft"
    assert row["Status"] == '<strong class="govuk-tag govuk-tag--grey">Withdrawn</strong>'


# --- 3. the officer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "seconded_to", "department", "expected"),
    [
        ("thurrock", None, "Housing", "Housing Officer, Housing"),
        ("thurrock", None, "", "Housing Officer"),
        ("ecc", "thurrock", "Adults", "Housing Officer, Adults (seconded in)"),
        ("ecc", "thurrock", "", "Housing Officer (seconded in)"),
        # One of Thurrock's own, seconded out: still Thurrock's, not seconded in.
        ("thurrock", "ecc", "Housing", "Housing Officer, Housing"),
    ],
)
def test_the_officer_cell_names_them_with_job_and_department(
    client, monitoring_officer, employer, seconded_to, department, expected
):
    filer = OfficerFactory(
        organisation=OrganisationFactory(code=employer),
        seconded_to=OrganisationFactory(code=seconded_to) if seconded_to else None,
        user=UserFactory(username="fay.filer", first_name="Fay", last_name="Filer"),
        job_title="Housing Officer",
        department=department,
    )
    entry(filer, counterparty="Officer cell Ltd")
    row = cells_of(client, monitoring_officer, "Officer cell Ltd")
    assert row["Officer"] == "Fay Filer" + HINT.format(expected)


# --- 4. the counterparty and description --------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        ("a" * 119 + "b", "a" * 119 + "b"),  # 120: whole
        ("a" * 119 + "bc", "a" * 119 + "…"),  # 121: 119 and an ellipsis
        ("word " * 60, ("word " * 60)[:119] + "…"),
        ("A bottle of wine", "A bottle of wine"),
    ],
)
def test_the_description_is_cut_to_120_characters(
    client, monitoring_officer, officer, description, shown
):
    entry(officer, counterparty="Describer Ltd", description=description)
    row = cells_of(client, monitoring_officer, "Describer Ltd")
    assert row["Counterparty"] == "Describer Ltd" + HINT.format(shown)


def test_an_empty_description_is_left_out(client, monitoring_officer, officer):
    entry(officer, counterparty="Silent Ltd", description="")
    assert cells_of(client, monitoring_officer, "Silent Ltd")["Counterparty"] == "Silent Ltd"


# --- 5. the date and the value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "value", "date_shown", "value_shown"),
    [
        (datetime.date(2026, 3, 5), "1234.50", "5 Mar 2026", "£1,234.50"),
        (datetime.date(2026, 12, 25), "20", "25 Dec 2026", "£20.00"),
        (datetime.date(2025, 1, 31), "1000000", "31 Jan 2025", "£1,000,000.00"),
        (datetime.date(2026, 7, 1), "0", "1 Jul 2026", "£0.00"),
        (datetime.date(2026, 7, 1), None, "1 Jul 2026", ""),
    ],
)
def test_the_date_and_the_value(
    client, monitoring_officer, officer, on, value, date_shown, value_shown
):
    entry(officer, counterparty="Dated Ltd", date=on, value=value)
    row = cells_of(client, monitoring_officer, "Dated Ltd")
    assert row["Date"] == date_shown
    assert row["Value"] == value_shown


def test_an_entry_with_no_value_has_an_empty_value_cell(client, monitoring_officer, officer):
    declare(officer, "interest", counterparty="Interest Ltd")
    assert cells_of(client, monitoring_officer, "Interest Ltd")["Value"] == ""


def test_the_type_is_in_words(client, monitoring_officer, officer):
    declare(officer, "outside_work", counterparty="Moonlighting Ltd")
    row = cells_of(client, monitoring_officer, "Moonlighting Ltd")
    assert row["Type"] == labels.declaration_type("outside_work")


# --- 6. what the code says ----------------------------------------------------------------------

LATE = '<strong class="govuk-tag govuk-tag--red">Late</strong>'


@pytest.mark.parametrize(
    ("outcome", "type_", "late"),
    [
        ("declare", "gift", False),
        ("declare", "gift", True),
        ("prohibited", "gift", False),
        ("prohibited", "outside_work", True),
        ("prohibited", "relationship", False),
        ("approval_required", "hospitality", False),
        ("approval_required", "outside_work", False),
        ("no_action", "interest", False),
    ],
)
def test_what_the_code_says_is_the_outcome_tagged(
    client, monitoring_officer, officer, outcome, type_, late
):
    entry(
        officer,
        type=type_,
        counterparty="Outcome Ltd",
        verdict={"outcome": outcome, "late": late},
    )
    row = cells_of(client, monitoring_officer, "Outcome Ltd")
    words = labels.outcome(outcome, type_)
    tag = f'<strong class="govuk-tag {labels.outcome_tag(outcome)}">{words}</strong>'
    assert row["What the code says"] == (f"{tag} {LATE}" if late else tag)


def test_what_the_code_says_sharpens_the_words_for_the_type(client, monitoring_officer, officer):
    """The outcome's words follow the type: a gift is declined, work does not go ahead."""
    entry(officer, counterparty="Gift Ltd", verdict={"outcome": "prohibited"})
    entry(officer, type="outside_work", counterparty="Work Ltd", verdict={"outcome": "prohibited"})
    html = register_page(client, monitoring_officer)
    assert ">Must be declined<" in cells(row_with(html, "Gift Ltd"))["What the code says"]
    assert ">Must not go ahead<" in cells(row_with(html, "Work Ltd"))["What the code says"]


@pytest.mark.parametrize(("late", "shown"), [(True, f" {LATE}"), (False, "")])
def test_no_outcome_no_outcome_tag(client, monitoring_officer, officer, late, shown):
    entry(officer, counterparty="No verdict Ltd", verdict={"outcome": "", "late": late})
    assert cells_of(client, monitoring_officer, "No verdict Ltd")["What the code says"] == shown


# --- 7. the status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        "submitted",
        "awaiting_approval",
        "awaiting_acknowledgement",
        "approved",
        "rejected",
        "recorded",
        "withdrawn",
        "ended",
        "superseded",
    ],
)
def test_the_status_is_tagged(client, monitoring_officer, officer, status):
    entry(officer, status=status, counterparty="Status Ltd")
    row = cells_of(client, monitoring_officer, "Status Ltd", versions="all")
    expected = (
        f'<strong class="govuk-tag {labels.status_tag(status)}">{labels.status(status)}</strong>'
    )
    assert row["Status"] == expected


# --- 8. what happened to it ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disposition", "on", "note", "hints"),
    [
        (
            "returned_to_giver",
            datetime.date(2026, 3, 5),
            "Posted back to the sender",
            ["5 Mar 2026", "Posted back to the sender"],
        ),
        ("given_to_charity", None, "n" * 80, ["n" * 80]),  # 80: whole
        ("given_to_charity", None, "n" * 81, ["n" * 79 + "…"]),  # 81: cut
        ("declined", datetime.date(2026, 11, 30), "", ["30 Nov 2026"]),
        ("declined", None, "", []),
    ],
)
def test_what_happened_recorded(client, monitoring_officer, officer, disposition, on, note, hints):
    entry(
        officer,
        counterparty="Recorded Ltd",
        verdict={"outcome": "prohibited"},
        disposition_due_on=datetime.date(2026, 3, 10),
        disposition=disposition,
        disposition_on=on,
        disposition_note=note,
        disposition_recorded_at=RECORDED_AT,
    )
    row = cells_of(client, monitoring_officer, "Recorded Ltd")
    words = labels.disposition_words(disposition, "thurrock", "gift")
    assert words
    assert row["What happened to it"] == words + "".join(HINT.format(hint) for hint in hints)


AWAITING = '<strong class="govuk-tag govuk-tag--yellow">Awaiting what happened to it</strong>'
OVERDUE = '<strong class="govuk-tag govuk-tag--red">Overdue: awaiting what happened to it</strong>'


@pytest.mark.parametrize(("days_left", "tag"), [(10, AWAITING), (0, AWAITING), (-1, OVERDUE)])
def test_what_happened_awaited_and_overdue(client, monitoring_officer, officer, days_left, tag):
    due_on = clock.today() + datetime.timedelta(days=days_left)
    entry(
        officer,
        counterparty="Awaited Ltd",
        verdict={"outcome": "prohibited"},
        disposition_due_on=due_on,
    )
    row = cells_of(client, monitoring_officer, "Awaited Ltd")
    assert row["What happened to it"] == tag + HINT.format(f"Due {day(due_on)}")


def test_what_happened_is_empty_with_nothing_to_say(client, monitoring_officer, officer):
    entry(officer, counterparty="Nothing Ltd")
    assert cells_of(client, monitoring_officer, "Nothing Ltd")["What happened to it"] == ""


def test_what_happened_is_not_chased_once_withdrawn(client, monitoring_officer, officer):
    gift = entry(officer, counterparty="Gone Ltd", verdict={"outcome": "prohibited"})
    Declaration.objects.filter(pk=gift.pk).update(
        status="withdrawn", disposition_due_on=clock.today() - datetime.timedelta(days=5)
    )
    assert cells_of(client, monitoring_officer, "Gone Ltd")["What happened to it"] == ""


# --- 9. the register keeper ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "keeper", ["director", "monitoring_officer", "board_secretary", "line_manager", ""]
)
def test_the_register_keeper_is_in_words(client, monitoring_officer, officer, keeper):
    entry(officer, counterparty="Kept Ltd", verdict={"register_keeper": keeper})
    row = cells_of(client, monitoring_officer, "Kept Ltd")
    assert row["Register keeper"] == labels.role(keeper)
    assert bool(row["Register keeper"]) == bool(keeper)


# --- the same markup as the template language wrote ---------------------------------------------

# The rows as templates/register/_table.html and _what_happened_cell.html wrote them
# before `register_rows` (git history), the cell included in place.
OLD_ROWS = """{% load register_tags register_exports %}
    {% for row in rows %}{% with d=row.declaration happened=row.what_happened %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{% if d.submitted_at %}<a class="govuk-link" href="{% url 'register-entry' d.pk %}">{{ d.reference_with_version }}</a>{% else %}{{ d.reference_with_version }}{% endif %}</th>
      <td class="govuk-table__cell" data-label="Officer">{{ d.officer.full_name }}<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{{ d.officer.job_title }}{% if d.officer.department %}, {{ d.officer.department }}{% endif %}{% if d.officer.seconded_to_id == organisation.pk and d.officer.organisation_id != organisation.pk %} (seconded in){% endif %}</span></td>
      <td class="govuk-table__cell" data-label="Type">{{ d.get_type_display }}</td>
      <td class="govuk-table__cell" data-label="Counterparty">{{ d.counterparty }}{% if d.description %}<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{{ d.description|truncatechars:120 }}</span>{% endif %}</td>
      <td class="govuk-table__cell" data-label="Date">{{ d.date|date:"j M Y" }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Value">{{ d.value_gbp|money }}</td>
      <td class="govuk-table__cell" data-label="What the code says">{% if d.outcome %}<strong class="govuk-tag {{ d.outcome|outcome_tag_class }}">{{ d.outcome|outcome_words:d.type }}</strong>{% endif %}{% if d.late %} <strong class="govuk-tag govuk-tag--red">Late</strong>{% endif %}</td>
      <td class="govuk-table__cell" data-label="Status"><strong class="govuk-tag {{ d.status|status_tag_class }}">{{ d.get_status_display }}</strong></td>
      <td class="govuk-table__cell" data-label="What happened to it">{% if happened.recorded %}{{ happened.words }}{% if happened.on %}<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{{ happened.on|date:"j M Y" }}</span>{% endif %}{% if happened.note %}<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{{ happened.note|truncatechars:80 }}</span>{% endif %}{% elif happened.overdue %}<strong class="govuk-tag govuk-tag--red">Overdue: awaiting what happened to it</strong><br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">Due {{ happened.due_on|date:"j M Y" }}</span>{% elif happened.awaiting %}<strong class="govuk-tag govuk-tag--yellow">Awaiting what happened to it</strong><br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">Due {{ happened.due_on|date:"j M Y" }}</span>{% endif %}</td>
      <td class="govuk-table__cell" data-label="Register keeper">{{ d.register_keeper|keeper_label }}</td>
    </tr>
    {% endwith %}{% endfor %}
"""  # noqa: E501


def collapsed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_the_rows_are_what_the_template_language_wrote(thurrock, officer, line_manager):
    today = clock.today()
    seconded = OfficerFactory(
        organisation=OrganisationFactory(code="ecc"),
        seconded_to=thurrock,
        user=UserFactory(username="nasty.one", first_name=SCRIPT, last_name=QUOTES),
        job_title=QUOTES,
        department="",
    )
    entry(seconded, counterparty=SCRIPT, description=QUOTES * 50, value="1234.5")
    first = entry(officer, status="superseded", counterparty="First go")
    second = entry(officer, amends=first, version=2, counterparty="Second go", description="")
    Declaration.objects.filter(pk=second.pk).update(reference=first.reference)
    entry(officer, status="withdrawn", submitted_at=None, reference="", value=None)
    entry(
        line_manager,
        verdict={"outcome": "prohibited", "late": True, "register_keeper": "monitoring_officer"},
        disposition="returned_to_giver",
        disposition_on=datetime.date(2026, 3, 5),
        disposition_note="n" * 90,
        disposition_recorded_at=RECORDED_AT,
    )
    entry(officer, verdict={"outcome": "prohibited"}, disposition_due_on=today)
    entry(
        officer,
        type="outside_work",
        value=None,
        verdict={"outcome": "prohibited", "register_keeper": ""},
        disposition_due_on=today - datetime.timedelta(days=3),
    )
    entry(officer, type="hospitality", verdict={"outcome": "", "late": True})
    declare(officer, "interest", status="awaiting_approval")
    declarations = list(
        Declaration.objects.in_register(thurrock)
        .select_related("officer__user", "organisation")
        .order_by("pk")
    )
    assert len(declarations) == 9
    rows = entries.rows(declarations, today)

    ours = register_rows(rows, thurrock)
    old = engines["django"].from_string(OLD_ROWS).render({"rows": rows, "organisation": thurrock})

    assert ours.count("<tr ") == len(rows)
    for case in ("(seconded in)", f"{first.reference} v2", ">Draft<", "Late<", "…", "Overdue"):
        assert case in ours  # the rows compared cover what they are meant to
    assert collapsed(ours) == collapsed(old)
