"""The page "What happened to it?" (/declarations/<pk>/what-happened/): the officer's own
prohibited declaration only; their code's options, a note, and when; every problem named
once and linked to its box, nothing typed lost; saying it sends the entry on."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from declarations.approvals.disposition import record_disposition
from declarations.choices import SecurityEventKind
from declarations.models import Declaration, SecurityEvent
from tests.declarations.filing.helpers import visible_text
from tests.factories import open_for

DAY = datetime.timedelta(days=1)
DUE = timezone.localdate() + 10 * DAY


@pytest.fixture
def refused_gift(officer, director) -> Declaration:
    """Olive's gift from a supplier: her code says she must decline it, and her director's
    step waits until she says what happened to it."""
    declaration, _ = open_for(officer, outcome="prohibited", route=["director"])
    Declaration.objects.filter(pk=declaration.pk).update(disposition_due_on=DUE)
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def page_url(declaration: Declaration) -> str:
    return reverse("declaration-disposition", args=[declaration.pk])


def answers(disposition: str = "", day="3", month="11", year="2026", **notes: str) -> dict:
    data = {"happened_on-day": day, "happened_on-month": month, "happened_on-year": year}
    if disposition:
        data["disposition"] = disposition
    return {**data, **{f"note-{name}": note for name, note in notes.items()}}


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- the page ----------------------------------------------------------------------------------


def test_the_address_reads_as_what_happened(refused_gift):
    assert page_url(refused_gift) == f"/declarations/{refused_gift.pk}/what-happened/"


def test_it_asks_what_happened_by_when_with_the_codes_own_options_first(signed_in, refused_gift):
    response = signed_in.get(page_url(refused_gift))

    html = response.content.decode()
    text = visible_text(response)
    assert response.status_code == 200
    assert "What happened to it?" in text
    assert (
        "Your code says this must be declined. "
        f"Tell us what happened to it by {long_date(DUE)}." in text
    )
    labels = re.findall(r'<label class="govuk-label govuk-radios__label" for="[^"]+">([^<]+)', html)
    assert labels[:3] == [
        "Declined",
        "Given to the Mayor&#x27;s Charity Fund",
        "Returned to the giver",
    ]
    assert 'id="disposition" name="disposition" type="radio" value="declined"' in html
    assert 'data-reveals="conditional-disposition-4"' in html  # which charity?
    assert "Which charity?" in text
    for part in ("day", "month", "year"):
        assert f'id="happened_on-{part}" name="happened_on-{part}"' in html
    assert "When did it happen?" in text


def test_something_that_must_not_go_ahead_is_one_box_to_tick(signed_in, officer, line_manager):
    declaration, _ = open_for(officer, outcome="prohibited", type="outside_work")

    html = signed_in.get(page_url(declaration)).content.decode()

    assert 'class="govuk-checkboxes"' in html
    assert 'type="checkbox" value="not_gone_ahead"' in html
    assert "I have not gone ahead, or I have stopped" in html
    assert 'type="radio"' not in html


# --- saying it ---------------------------------------------------------------------------------


def test_saying_what_happened_sends_it_to_the_director(signed_in, officer, refused_gift):
    response = signed_in.post(
        page_url(refused_gift), answers("given_to_charity", given_to_charity="Grays Food Bank")
    )

    assert response.headers["Location"] == reverse("declaration-detail", args=[refused_gift.pk])
    refused_gift.refresh_from_db()
    assert refused_gift.disposition == "given_to_charity"
    assert refused_gift.disposition_on == datetime.date(2026, 11, 3)
    assert refused_gift.disposition_note == "Grays Food Bank"
    assert refused_gift.approval_steps.get().opened_at is not None
    event = refused_gift.events.get(action="disposition_recorded")
    assert event.actor == officer.user
    page = visible_text(signed_in.get(response.headers["Location"]))
    assert "Thank you: you have told us what happened to it." in page
    assert "What happened Given to a charity When 3 November 2026 Details Grays Food Bank" in page
    assert "Tell us what happened to it" not in page


def test_a_note_under_another_option_is_not_kept(signed_in, refused_gift):
    signed_in.post(
        page_url(refused_gift), answers("declined", given_to_charity="Typed, then changed mind")
    )

    refused_gift.refresh_from_db()
    assert (refused_gift.disposition, refused_gift.disposition_note) == ("declined", "")


# --- problems ----------------------------------------------------------------------------------


def test_every_problem_is_named_once_linked_to_its_box_and_nothing_typed_is_lost(
    signed_in, refused_gift
):
    response = signed_in.post(
        page_url(refused_gift), answers("given_to_charity", day="31", month="2", year="2026")
    )

    html = response.content.decode()
    text = visible_text(response)
    assert response.status_code == 200
    assert "Error: What happened to it?" in text
    summary = re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', html)
    assert summary == [
        ("#note-given_to_charity", "Enter the name of the charity you gave it to"),
        ("#happened_on-day", "The date it happened must be a real date"),
    ]
    assert text.count("Enter the name of the charity you gave it to") == 2  # summary, box
    assert text.count("The date it happened must be a real date") == 2
    assert 'value="given_to_charity" checked' in html
    assert 'name="happened_on-day" type="text" inputmode="numeric" value="31"' in html
    assert "govuk-input--error" in html
    assert not refused_gift.events.filter(action="disposition_recorded").exists()


def test_nothing_chosen_and_no_date_asks_for_both(signed_in, refused_gift):
    response = signed_in.post(page_url(refused_gift), answers(day="", month="", year=""))

    summary = re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', response.content.decode())
    assert summary == [
        ("#disposition", "Select what happened to it"),
        ("#happened_on-day", "Enter the date it happened"),
    ]


def test_a_date_missing_its_month_marks_only_the_month(signed_in, refused_gift):
    response = signed_in.post(page_url(refused_gift), answers("declined", month=""))

    html = response.content.decode()
    assert "The date it happened must include a month" in visible_text(response)
    error_boxes = re.findall(r'govuk-input--error" id="([^"]+)"', html)
    assert error_boxes == ["happened_on-month"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (timezone.localdate() + DAY, "The date it happened must be today or in the past"),
        (
            datetime.date(2026, 11, 1),
            "The date it happened must be the same as or after 2 November 2026",
        ),
    ],
)
def test_a_day_out_of_range_is_refused_by_name(signed_in, refused_gift, day, message):
    response = signed_in.post(
        page_url(refused_gift),
        answers("declined", day=str(day.day), month=str(day.month), year=str(day.year)),
    )

    assert message in visible_text(response)
    refused_gift.refresh_from_db()
    assert refused_gift.disposition == ""


def test_an_option_the_code_does_not_offer_is_refused(signed_in, refused_gift):
    response = signed_in.post(page_url(refused_gift), answers("handed_to_monitoring_officer"))

    assert "Select one of the things your code lets you do" in visible_text(response)
    refused_gift.refresh_from_db()
    assert refused_gift.disposition == ""


# --- when there is nothing to say ----------------------------------------------------------------


def test_once_told_the_page_sends_the_officer_back(signed_in, officer, refused_gift):
    record_disposition(refused_gift, officer.user, "declined", refused_gift.date)

    response = signed_in.post(page_url(refused_gift), answers("returned_to_giver"), follow=True)

    assert response.redirect_chain == [(reverse("declaration-detail", args=[refused_gift.pk]), 302)]
    assert "You have already told us what happened to it." in visible_text(response)
    assert refused_gift.events.filter(action="disposition_recorded").count() == 1


def test_a_declaration_the_code_allows_has_nothing_to_tell(signed_in, officer):
    declaration, _ = open_for(officer, outcome="declare")

    response = signed_in.get(page_url(declaration), follow=True)

    assert "does not need you to tell us what happened to it" in visible_text(response)


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("person", ["line_manager", "director", "monitoring_officer", "stranger"])
def test_anyone_else_is_told_it_is_not_found_and_the_refusal_is_logged(
    client, request, refused_gift, person, method
):
    someone = request.getfixturevalue(person)
    client.force_login(someone.user)

    response = getattr(client, method)(page_url(refused_gift), answers("declined"))

    assert response.status_code == 404
    refused_gift.refresh_from_db()
    assert refused_gift.disposition == ""
    assert refused_gift.approval_steps.get().opened_at is None
    denied = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_DENIED)
    assert (denied.user, denied.path) == (someone.user, page_url(refused_gift))


def test_someone_signed_out_is_sent_to_sign_in(client, refused_gift):
    response = client.get(page_url(refused_gift))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_it_refuses_other_methods(signed_in, refused_gift):
    assert signed_in.put(page_url(refused_gift)).status_code == 405
