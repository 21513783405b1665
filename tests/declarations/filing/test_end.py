"""Ending an interest or outside work: when it stopped, never before it started."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from declarations.models import Declaration
from tests.declarations.filing.helpers import visible_text
from tests.factories import DeclarationFactory, GiftFactory, InterestFactory, OutsideWorkFactory


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


@pytest.fixture
def interest(officer):
    declaration = DeclarationFactory(
        officer=officer, type="interest", status="recorded", date=datetime.date(2026, 3, 1)
    )
    InterestFactory(declaration=declaration)
    return declaration


def end_url(declaration: Declaration) -> str:
    return reverse("declaration-end", args=[declaration.pk])


def ended_on(day: str, month: str, year: str, **extra: str) -> dict[str, str]:
    return {"ended_on-day": day, "ended_on-month": month, "ended_on-year": year, **extra}


def test_it_asks_when_it_ended(signed_in, interest):
    response = signed_in.get(end_url(interest))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Tell us it has ended" in text
    assert "It started on 1 March 2026." in text
    assert "When did it end?" in text
    assert 'name="ended_on-day"' in response.content.decode()


def test_ending_records_the_date_and_the_event(signed_in, officer, interest):
    response = signed_in.post(end_url(interest), ended_on("30", "9", "2026", note="Shares sold"))

    assert response.headers["Location"] == reverse("declaration-detail", args=[interest.pk])
    interest.refresh_from_db()
    assert interest.status == "ended"
    assert interest.ended_on == datetime.date(2026, 9, 30)
    event = interest.events.get(action="end")
    assert event.actor == officer.user
    assert event.note == "Ended on 30 September 2026. Shares sold"
    page = visible_text(signed_in.get(response.headers["Location"]))
    assert "Ended on 30 September 2026." in page
    assert f"{interest.reference} has ended." in page


def test_it_can_end_on_the_day_it_started(signed_in, interest):
    signed_in.post(end_url(interest), ended_on("1", "3", "2026"))

    interest.refresh_from_db()
    assert interest.ended_on == datetime.date(2026, 3, 1)


def test_approved_outside_work_can_end(signed_in, officer):
    work = DeclarationFactory(
        officer=officer, type="outside_work", status="approved", date=datetime.date(2025, 1, 1)
    )
    OutsideWorkFactory(declaration=work)

    signed_in.post(end_url(work), ended_on("31", "12", "2025"))

    work.refresh_from_db()
    assert work.status == "ended"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (ended_on("28", "2", "2026"), "End date must be on or after the start date, 1 March 2026"),
        (ended_on("", "", ""), "Enter the date it ended"),
        (ended_on("30", "9", ""), "End date must include a year"),
        (ended_on("31", "9", "2026"), "End date must be a real date"),
        (ended_on("1", "1", "2999"), "End date must be today or in the past"),
    ],
)
def test_it_refuses_an_end_date_it_cannot_use(typed, message, signed_in, interest):
    response = signed_in.post(end_url(interest), typed)

    assert response.status_code == 200
    assert message in visible_text(response)
    interest.refresh_from_db()
    assert interest.status == "recorded"
    assert interest.ended_on is None


def test_the_end_date_typed_is_shown_back_after_an_error(signed_in, interest):
    html = signed_in.post(end_url(interest), ended_on("28", "2", "2026")).content.decode()

    assert 'name="ended_on-day" value="28"' in html
    assert 'name="ended_on-year" value="2026"' in html


def test_a_gift_cannot_end(signed_in, officer):
    gift = GiftFactory(declaration__officer=officer, declaration__status="recorded").declaration

    response = signed_in.post(end_url(gift), ended_on("1", "11", "2026"), follow=True)

    gift.refresh_from_db()
    assert gift.status == "recorded"
    assert "Only an approved or recorded interest or outside work can end." in visible_text(
        response
    )


def test_an_interest_waiting_for_a_decision_cannot_end(signed_in, interest):
    Declaration.objects.filter(pk=interest.pk).update(status="awaiting_acknowledgement")

    signed_in.post(end_url(interest), ended_on("1", "11", "2026"))

    interest.refresh_from_db()
    assert interest.status == "awaiting_acknowledgement"


def test_it_refuses_a_stranger(client, stranger, interest):
    client.force_login(stranger.user)

    assert client.post(end_url(interest), ended_on("1", "11", "2026")).status_code == 404
    interest.refresh_from_db()
    assert interest.status == "recorded"
