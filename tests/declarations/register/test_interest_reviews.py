"""Thurrock 18.4: interests reviewed by the officer's assistant director at least yearly.

The cast's chain is officer -> line manager -> director; these tests put an assistant
director (Ada) between the line manager and the director.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from declarations.models import DeclarationEvent, InterestReview
from declarations.people import hierarchy
from declarations.register import reviews
from policies.vocabulary import Level
from tests.factories import InterestFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/reviews/"


def interest(officer, status: str = "recorded", **fields):
    return InterestFactory(
        declaration__officer=officer,
        declaration__organisation=officer.organisation,
        declaration__status=status,
        **{f"declaration__{k}": v for k, v in fields.items()},
    ).declaration


def review_url(declaration) -> str:
    return reverse("interest-review", args=[declaration.pk])


@pytest.fixture
def ada(thurrock, director, line_manager):
    """Assistant director over the line manager (and so over the officer)."""
    ada = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="ada.assistant", first_name="Ada", last_name="Assistant"),
        level="assistant_director",
        job_title="Assistant Director of Housing",
        line_manager=director,
    )
    line_manager.line_manager = ada
    line_manager.save()
    return ada


@pytest.fixture
def other_ad(thurrock, director):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="bo.other", first_name="Bo", last_name="Other"),
        level="assistant_director",
        line_manager=director,
    )


@pytest.fixture
def other_team_member(thurrock, other_ad):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="cy.team", first_name="Cy", last_name="Team"),
        line_manager=other_ad,
    )


def listed(user) -> set:
    return {item.declaration for item in reviews.reviews_for(user)}


# --- who reviews what ---------------------------------------------------------------------


def test_the_assistant_director_sees_the_interests_of_everyone_below_them(
    ada, officer, line_manager, other_team_member
):
    officers_interest = interest(officer)
    managers_interest = interest(line_manager, status="approved")
    interest(other_team_member)

    assert listed(ada.user) == {officers_interest, managers_interest}


def test_the_nearest_assistant_director_up_the_chain_reviews(thurrock, ada, officer, line_manager):
    nearer = OfficerFactory(organisation=thurrock, level="assistant_director", line_manager=ada)
    line_manager.line_manager = nearer
    line_manager.save()
    officers_interest = interest(officer)

    assert listed(nearer.user) == {officers_interest}
    assert listed(ada.user) == set()


def test_an_inactive_assistant_director_is_passed_over(thurrock, ada, officer, line_manager):
    departed = OfficerFactory(
        organisation=thurrock, level="assistant_director", line_manager=ada, active=False
    )
    line_manager.line_manager = departed
    line_manager.save()
    officers_interest = interest(officer)

    assert listed(ada.user) == {officers_interest}
    assert reviews.may_review(departed.user)  # an AD, but nobody is theirs
    assert listed(departed.user) == set()


def test_the_reviewer_is_the_nearest_assistant_director_as_one_walk_finds_them(
    thurrock, ada, officer, line_manager, director, other_team_member, other_ad
):
    loop_a = OfficerFactory(organisation=thurrock)
    loop_b = OfficerFactory(organisation=thurrock, line_manager=loop_a)
    type(loop_a).objects.filter(pk=loop_a.pk).update(line_manager=loop_b)  # a loop
    people = [officer, line_manager, director, other_team_member, loop_a, loop_b]

    found = hierarchy.nearest_at_level_for([p.pk for p in people], Level.ASSISTANT_DIRECTOR)

    for person in people:
        person.refresh_from_db()
        assert found[person.pk] == hierarchy.nearest_at_level(person, Level.ASSISTANT_DIRECTOR)
    assert found[officer.pk] == ada
    assert found[other_team_member.pk] == other_ad
    assert found[loop_a.pk] is None


def test_only_standing_latest_thurrock_interests_below_assistant_director_are_listed(
    thurrock, ada, officer, stranger
):
    stranger.line_manager = None
    stranger.save()
    due = interest(officer)
    for status in ("draft", "awaiting_acknowledgement", "rejected", "withdrawn", "ended"):
        interest(officer, status=status)
    superseded = interest(officer, status="superseded")
    newer = interest(
        officer, reference=superseded.reference, version=2, amends=superseded, status="recorded"
    )
    ada_own = interest(ada)

    assert listed(ada.user) == {due, newer}
    assert ada_own not in listed(ada.user)


def test_an_interest_reviewed_in_the_last_twelve_months_is_not_due(ada, officer):
    today = timezone.localdate()
    recent = interest(officer)
    stale = interest(officer)
    never = interest(officer)
    InterestReview.objects.create(
        declaration=recent, reviewed_by=ada, reviewed_on=today - datetime.timedelta(days=300)
    )
    InterestReview.objects.create(
        declaration=stale, reviewed_by=ada, reviewed_on=reviews.year_before(today)
    )

    items = {item.declaration: item for item in reviews.reviews_for(ada.user)}

    assert set(items) == {stale, never}
    assert items[stale].last_reviewed_on == reviews.year_before(today)
    assert items[never].last_reviewed_on is None


def test_a_year_before_a_leap_day_is_the_28th_of_february():
    assert reviews.year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert reviews.year_before(datetime.date(2026, 11, 24)) == datetime.date(2025, 11, 24)


def test_the_monitoring_officer_sees_every_interest_due_in_their_organisation(
    ada, officer, other_team_member, monitoring_officer, thurrock, stranger
):
    orphan = OfficerFactory(organisation=thurrock, line_manager=None)
    first = interest(officer)
    second = interest(other_team_member)
    third = interest(orphan)
    interest(stranger)  # ECC: not Thurrock's register, and its code asks no such review

    items = {item.declaration: item for item in reviews.reviews_for(monitoring_officer.user)}

    assert set(items) == {first, second, third}
    assert items[first].reviewer == ada
    assert items[third].reviewer is None


# --- marking reviewed -----------------------------------------------------------------------


def test_marking_reviewed_records_the_review_and_an_event(client, ada, officer):
    declaration = interest(officer)
    client.force_login(ada.user)

    page = client.get(review_url(declaration))
    response = client.post(review_url(declaration), {"note": "Discussed; no conflict now."})

    assert page.status_code == 200
    assert "Mark reviewed" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("interest-reviews")
    review = InterestReview.objects.get()
    assert review.declaration == declaration
    assert review.reviewed_by == ada
    assert review.reviewed_on == timezone.localdate()
    assert review.note == "Discussed; no conflict now."
    event = DeclarationEvent.objects.get(declaration=declaration, action="interest_reviewed")
    assert event.actor == ada.user
    assert event.note == "Discussed; no conflict now."
    assert event.from_status == event.to_status == "recorded"
    assert listed(ada.user) == set()


def test_the_note_is_optional(client, ada, officer):
    declaration = interest(officer)
    client.force_login(ada.user)

    response = client.post(review_url(declaration), {})

    assert response.status_code == 302
    assert InterestReview.objects.get().note == ""


def test_a_note_that_is_too_long_is_an_error(client, ada, officer):
    declaration = interest(officer)
    client.force_login(ada.user)

    response = client.post(review_url(declaration), {"note": "x" * 2001})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not InterestReview.objects.exists()


def test_an_interest_cannot_be_reviewed_twice_in_a_year(client, ada, officer):
    declaration = interest(officer)
    client.force_login(ada.user)
    client.post(review_url(declaration), {"note": "first"})

    response = client.post(review_url(declaration), {"note": "again"})

    assert response.status_code == 404
    assert InterestReview.objects.count() == 1


def test_another_assistant_director_cannot_review_it(client, ada, other_ad, officer):
    declaration = interest(officer)
    client.force_login(other_ad.user)

    assert client.get(review_url(declaration)).status_code == 404
    assert client.post(review_url(declaration), {"note": "not mine"}).status_code == 404
    assert not InterestReview.objects.exists()
    assert not DeclarationEvent.objects.filter(action="interest_reviewed").exists()


def test_the_monitoring_officer_can_mark_any_of_theirs_reviewed(
    client, monitoring_officer, officer
):
    declaration = interest(officer)  # nobody at assistant director in the chain
    client.force_login(monitoring_officer.user)

    response = client.post(review_url(declaration), {"note": "Reviewed by the MO"})

    assert response.status_code == 302
    assert InterestReview.objects.get().reviewed_by == monitoring_officer


def test_a_system_administrator_without_a_staff_record_sees_but_cannot_review(
    client, thurrock, officer
):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    declaration = interest(officer)
    client.force_login(admin)

    listing = client.get(LIST_URL)
    response = client.post(review_url(declaration), {"note": "?"}, follow=True)

    assert declaration.reference in listing.content.decode()
    assert "not linked to a staff record" in response.content.decode()
    assert not InterestReview.objects.exists()


# --- the list page and access -----------------------------------------------------------------


def test_the_list_page_links_each_interest_to_its_review(client, ada, officer):
    declaration = interest(officer, counterparty="School governors")
    client.force_login(ada.user)

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "School governors" in html
    assert review_url(declaration) in html
    assert "Never" in html


def test_an_assistant_director_with_nobody_to_review_sees_an_empty_list(client, other_ad):
    client.force_login(other_ad.user)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert 'id="no-reviews"' in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_others_may_not_see_the_reviews(client, ada, who, request):
    declaration = interest(request.getfixturevalue("officer"))
    person = request.getfixturevalue(who)
    client.force_login(person.user)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(review_url(declaration)).status_code == 403
    assert client.post(review_url(declaration), {"note": "x"}).status_code == 403
    assert not InterestReview.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, ada, officer):
    declaration = interest(officer)

    for response in (client.get(LIST_URL), client.post(review_url(declaration))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not InterestReview.objects.exists()


# --- which codes ask for reviews ---------------------------------------------------------


def test_only_a_code_that_asks_for_reviews_makes_an_assistant_director_a_reviewer(stranger):
    stranger.level = "assistant_director"  # ECC's code asks for no interest reviews
    stranger.save()

    assert set(reviews.declared_reviews()) == {"thurrock"}
    assert not reviews.may_review(stranger.user)


def test_an_assistant_director_seconded_to_thurrock_reviews(stranger, thurrock):
    stranger.level = "assistant_director"
    stranger.seconded_to = thurrock
    stranger.save()

    assert reviews.may_review(stranger.user)


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (datetime.date(2026, 5, 15), 12, datetime.date(2025, 5, 15)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 10), 6, datetime.date(2025, 7, 10)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(today, months, expected):
    assert reviews.months_before(today, months) == expected
