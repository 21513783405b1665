"""The annual declaration: nothing to declare, or current interests reviewed and
confirmed, once a year; required of Thurrock's assistant directors and above (18.1)."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from declarations.filing import annual
from declarations.models import AnnualDeclaration, Declaration, DeclarationEvent, Officer
from policies.clauses import clause_text
from tests.declarations.concurrency import race
from tests.declarations.filing.helpers import visible_text
from tests.factories import (
    DeclarationFactory,
    InterestFactory,
    OfficerFactory,
    OrganisationFactory,
    UserFactory,
)

URL = "/annual/"
WINTER = datetime.datetime(2026, 3, 3, 10, 15, tzinfo=datetime.UTC)  # 10:15 in London (GMT)
SUMMER = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)  # 10:30 in London (BST)
NOTHING = "nothing_to_declare"
CONFIRMED = "interests_confirmed"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The register's clock, stopped at 10:15 on 3 March 2026 unless a test moves it."""

    class Clock:
        at = WINTER

        def set(self, at: datetime.datetime) -> None:
            self.at = at

    stopped = Clock()
    monkeypatch.setattr(annual, "now", lambda: stopped.at)
    return stopped


def signed_in_as(officer: Officer) -> Client:
    client = Client()
    client.force_login(officer.user)
    return client


def interest_of(officer: Officer, status: str = "recorded", **fields) -> Declaration:
    fields.setdefault("counterparty", "Riverside Housing Trust")
    declaration = DeclarationFactory(
        officer=officer,
        type="interest",
        status=status,
        date=datetime.date(2025, 6, 1),
        declared_on=datetime.date(2025, 6, 2),
        **fields,
    )
    InterestFactory(declaration=declaration)
    return declaration


def answers(kind: str | None, *, confirm: bool = True, shown: list[Declaration] = ()) -> dict:
    data = {"shown": ",".join(str(d.pk) for d in shown)}
    if kind:
        data["kind"] = kind
    if confirm:
        data["confirm"] = "on"
    return data


@pytest.fixture
def signed_in(officer) -> Client:
    return signed_in_as(officer)


# --- making the declaration --------------------------------------------------------------


def test_the_page_has_no_id_in_its_address():
    assert reverse("annual-declaration") == URL


def test_it_offers_both_choices_and_the_confirmation_box(signed_in):
    response = signed_in.get(URL)

    text = visible_text(response)
    assert response.status_code == 200
    assert "Your annual declaration for 2026" in text
    assert "I have nothing to declare" in text
    assert "I have reviewed my current interests and they are correct" in text
    assert "I confirm this is complete and correct" in text
    assert "You have no current interests on the register." in text
    assert 'type="checkbox"' in response.content.decode()


def test_nothing_to_declare_is_recorded_with_its_date_and_time(signed_in, officer):
    response = signed_in.post(URL, answers(NOTHING))

    assert response.status_code == 302
    assert response.headers["Location"] == URL
    made = AnnualDeclaration.objects.get(officer=officer)
    assert (made.year, made.kind) == (2026, NOTHING)
    assert made.confirmed_at == WINTER
    assert list(made.interests.all()) == []
    page = visible_text(signed_in.get(URL))
    assert "Your annual declaration for 2026 has been recorded." in page
    assert "Done for 2026" in page
    assert "Made on 3 March 2026 at 10:15 a.m." in page
    assert "Nothing to declare" in page
    assert "Make my declaration" not in page


def test_the_time_is_shown_in_london_time_in_summer(signed_in, officer, clock):
    clock.set(SUMMER)

    signed_in.post(URL, answers(NOTHING))

    assert AnnualDeclaration.objects.get(officer=officer).confirmed_at == SUMMER
    assert "Made on 1 July 2026 at 10:30 a.m." in visible_text(signed_in.get(URL))


def test_the_current_interests_are_listed_with_links_and_a_hint_to_amend_or_end(signed_in, officer):
    interest = interest_of(officer)

    response = signed_in.get(URL)

    text = visible_text(response)
    assert "Riverside Housing Trust" in text
    assert interest.reference in text
    assert f'href="{reverse("declaration-detail", args=[interest.pk])}"' in (
        response.content.decode()
    )
    assert "If any of these has changed, open it and amend it." in text
    assert "If it has stopped, open it and tell us it has ended." in text


def test_interests_confirmed_records_the_interests_and_writes_their_events(signed_in, officer):
    first = interest_of(officer)
    second = interest_of(officer, status="approved", counterparty="Thurrock Rowing Club")

    response = signed_in.post(URL, answers(CONFIRMED, shown=[first, second]))

    assert response.status_code == 302
    made = AnnualDeclaration.objects.get(officer=officer)
    assert (made.year, made.kind, made.confirmed_at) == (2026, CONFIRMED, WINTER)
    assert set(made.interests.all()) == {first, second}
    for declaration in (first, second):
        event = declaration.events.get(action="annual_confirmation")
        assert event.actor == officer.user
        assert event.note == "Confirmed current for 2026"
        assert event.from_status == event.to_status == declaration.status
    page = visible_text(signed_in.get(URL))
    assert "Current interests reviewed and confirmed" in page
    assert first.reference in page


def test_only_current_latest_versions_of_interests_are_confirmed(officer, stranger):
    recorded = interest_of(officer, status="recorded")
    waiting = interest_of(officer, status="awaiting_acknowledgement")
    for status in ("draft", "awaiting_approval", "withdrawn", "rejected", "superseded"):
        interest_of(officer, status=status)
    ended = interest_of(officer, status="ended", ended_on=datetime.date(2026, 1, 31))
    ending_later = interest_of(officer, status="recorded", ended_on=datetime.date(2026, 12, 31))
    interest_of(officer, status="recorded", ended_on=datetime.date(2026, 2, 28))
    old = interest_of(officer, status="recorded")
    newer = interest_of(officer, status="approved", reference=old.reference, version=2)
    DeclarationFactory(officer=officer, type="gift", status="recorded")
    interest_of(stranger)

    current = set(annual.current_interests(officer))

    assert current == {recorded, waiting, ending_later, newer}
    assert ended not in current


# --- refused -----------------------------------------------------------------------------


def test_nothing_to_declare_is_refused_while_you_have_current_interests(signed_in, officer):
    interest = interest_of(officer)

    response = signed_in.post(URL, answers(NOTHING, shown=[interest]))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["kind"] == [
        "You cannot say you have nothing to declare while you have current interests. "
        "Confirm your interests, or end any that have stopped first"
    ]
    assert "<title>Error: " in response.content.decode()
    assert "There is a problem" in visible_text(response)
    assert not AnnualDeclaration.objects.exists()
    assert not DeclarationEvent.objects.filter(action="annual_confirmation").exists()


def test_confirming_interests_when_you_have_none_suggests_nothing_to_declare(signed_in):
    response = signed_in.post(URL, answers(CONFIRMED))

    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "You have no current interests to confirm. Choose “I have nothing to declare” instead"
    ]
    assert "There is a problem" in visible_text(response)
    assert not AnnualDeclaration.objects.exists()


def test_a_choice_is_required(signed_in):
    response = signed_in.post(URL, answers(None))

    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Select whether you have nothing to declare or have reviewed your current interests"
    ]
    assert not AnnualDeclaration.objects.exists()


def test_the_confirmation_box_must_be_ticked(signed_in, officer):
    interest = interest_of(officer)

    response = signed_in.post(URL, answers(CONFIRMED, confirm=False, shown=[interest]))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "confirm": ["Tick the box to confirm this is complete and correct"]
    }
    assert "Tick the box to confirm this is complete and correct" in visible_text(response)
    assert not AnnualDeclaration.objects.exists()
    assert not interest.events.filter(action="annual_confirmation").exists()


def test_interests_that_changed_since_the_page_was_opened_must_be_checked_again(signed_in, officer):
    seen = interest_of(officer)
    interest_of(officer, counterparty="Added in another tab Ltd")

    response = signed_in.post(URL, answers(CONFIRMED, shown=[seen]))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Your current interests have changed since you opened this page. "
        "Check the list again before you confirm"
    ]
    assert "Added in another tab Ltd" in visible_text(response)
    assert not AnnualDeclaration.objects.exists()


def test_a_second_confirmation_the_same_year_is_refused_gracefully(signed_in, officer, clock):
    signed_in.post(URL, answers(NOTHING))
    clock.set(WINTER + datetime.timedelta(days=30))

    response = signed_in.post(URL, answers(NOTHING), follow=True)

    assert response.status_code == 200
    text = visible_text(response)
    assert (
        "You have already made your annual declaration for 2026, on 3 March 2026 at 10:15 a.m."
        in text
    )
    assert AnnualDeclaration.objects.filter(officer=officer).count() == 1


def test_a_duplicate_caught_by_the_database_is_refused_not_a_server_error(officer, monkeypatch):
    """Two requests at once: the second sees no declaration, then meets the constraint."""
    first = annual.confirm(officer, NOTHING, actor=officer.user, year=2026)
    monkeypatch.setattr(annual, "declaration_for", lambda officer, year: None)

    with pytest.raises(annual.AlreadyDone) as refused:
        annual.confirm(officer, NOTHING, actor=officer.user, year=2026)

    assert refused.value.declaration == first
    assert "already made your annual declaration for 2026" in str(refused.value)
    assert AnnualDeclaration.objects.filter(officer=officer).count() == 1  # still usable


def test_a_new_year_is_due_again(monitoring_officer, clock):
    annual.confirm(monitoring_officer, NOTHING, actor=monitoring_officer.user)
    assert not annual.is_due(monitoring_officer, 2026)

    clock.set(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC))

    assert annual.is_due(monitoring_officer, 2027)
    assert annual.is_due(monitoring_officer)
    client = signed_in_as(monitoring_officer)
    text = visible_text(client.get(URL))
    assert "Your annual declaration for 2027" in text
    assert "Make my declaration" in text
    assert "Previous years" in text
    assert "2026 Nothing to declare 3 March 2026" in text
    response = client.post(URL, answers(NOTHING))
    assert response.status_code == 302
    assert sorted(monitoring_officer.annual_declarations.values_list("year", flat=True)) == [
        2026,
        2027,
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_browsers_confirming_at_once_give_one_declaration(officer, monkeypatch):
    """Each request's transaction is held open while it writes its events, so the two
    overlap: the second waits for the first, then is told it is already done."""
    interest = interest_of(officer)
    original = annual.record_event

    def slow(*args: Any, **kwargs: Any):
        event = original(*args, **kwargs)
        time.sleep(0.3)
        return event

    monkeypatch.setattr(annual, "record_event", slow)
    browsers = [signed_in_as(officer), signed_in_as(officer)]

    results = race(
        *(lambda b=b: b.post(URL, answers(CONFIRMED, shown=[interest])) for b in browsers)
    )

    assert [r.status_code for r in results] == [302, 302], results
    assert AnnualDeclaration.objects.filter(officer=officer).count() == 1
    assert interest.events.filter(action="annual_confirmation").count() == 1
    pages = [visible_text(b.get(URL)) for b in browsers]
    assert sum("has been recorded" in page for page in pages) == 1
    assert sum("You have already made your annual declaration" in page for page in pages) == 1


# --- Thurrock 18.1 -----------------------------------------------------------------------


def test_the_quoted_words_are_clause_18_1s_own():
    annual_return = annual.annual_return_of("thurrock")

    assert annual_return is not None
    assert annual_return.cite == "18.1"
    assert clause_text("thurrock", "18.1").startswith(annual_return.quote)


@pytest.mark.parametrize("code", ["essex-probation", "county-council", "opcc", "ecc"])
def test_no_other_code_asks_for_an_annual_return(code):
    assert annual.annual_return_of(code) is None


def test_a_thurrock_assistant_director_sees_the_18_1_requirement_and_is_due_until_done(
    monitoring_officer,
):
    client = signed_in_as(monitoring_officer)
    assert annual.is_due(monitoring_officer, 2026)

    response = client.get(URL)

    text = visible_text(response)
    assert "requires officers at or above assistant director" in text
    assert "every year" in text
    assert "Officers at or above the level of Assistant Director must provide" in text
    assert 'href="/policies/thurrock/#clause-18.1"' in response.content.decode()

    client.post(URL, answers(NOTHING))

    assert not annual.is_due(monitoring_officer, 2026)


def test_a_thurrock_director_is_due(director):
    assert annual.is_due(director, 2026)


def test_an_assistant_director_seconded_to_thurrock_is_due(stranger, thurrock):
    stranger.level = "assistant_director"
    stranger.seconded_to = thurrock
    stranger.save()

    assert annual.is_due(stranger, 2026)


def test_an_officer_who_has_left_is_not_due(director):
    director.active = False
    director.save()

    assert not annual.is_due(director, 2026)


def test_a_thurrock_head_of_service_is_not_due_but_may_still_declare(thurrock):
    head = OfficerFactory(organisation=thurrock, level="head_of_service")
    assert not annual.is_due(head, 2026)

    client = signed_in_as(head)
    text = visible_text(client.get(URL))

    assert "does not ask you for an annual declaration, but you can make one" in text
    assert "Clause 18.1" not in text
    assert client.post(URL, answers(NOTHING)).status_code == 302
    assert AnnualDeclaration.objects.filter(officer=head, year=2026).exists()


@pytest.mark.parametrize("employer", ["ecc", "essex-probation", "county-council", "opcc"])
def test_directors_of_other_employers_are_not_due(db, employer):
    senior = OfficerFactory(organisation=OrganisationFactory(code=employer), level="director")

    assert not annual.is_due(senior, 2026)
    assert "Clause 18.1" not in visible_text(signed_in_as(senior).get(URL))


# --- the home page -----------------------------------------------------------------------


def test_home_says_when_the_annual_declaration_is_due_and_when_it_was_done(monitoring_officer):
    client = signed_in_as(monitoring_officer)
    assert "Annual declaration for 2026: due" in visible_text(client.get("/"))

    client.post(URL, answers(NOTHING))

    text = visible_text(client.get("/"))
    assert "Annual declaration for 2026: done on 3 March 2026" in text
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_home_says_it_is_optional_for_others(signed_in):
    assert "Annual declaration for 2026: not made yet (optional)" in visible_text(
        signed_in.get("/")
    )


# --- who sees what -----------------------------------------------------------------------


@pytest.mark.parametrize("visitor", ["line_manager", "monitoring_officer", "stranger"])
def test_everyone_sees_their_own_annual_page_never_the_officers(request, officer, visitor):
    interest = interest_of(officer, counterparty="Olive's Private Shares Ltd")
    signed_in_as(officer).post(URL, answers(CONFIRMED, shown=[interest]))
    other = request.getfixturevalue(visitor)
    client = signed_in_as(other)

    response = client.get(URL)

    text = visible_text(response)
    assert response.context["page"].done is None
    assert "Olive's Private Shares Ltd" not in text
    assert interest.reference not in text
    assert "Make my declaration" in text
    assert client.post(URL, answers(NOTHING)).status_code == 302
    assert AnnualDeclaration.objects.get(officer=other).kind == NOTHING
    assert AnnualDeclaration.objects.get(officer=officer).kind == CONFIRMED


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={URL}"
    assert client.post(URL, answers(NOTHING)).status_code == 302
    assert not AnnualDeclaration.objects.exists()


def test_a_user_without_a_staff_record_is_refused_with_a_reason(db):
    client = Client()
    client.force_login(UserFactory(username="sys.admin"))

    response = client.get(URL)

    assert response.status_code == 403
    assert "Your account is not linked to a staff record" in visible_text(response)
    assert client.post(URL, answers(NOTHING)).status_code == 403


def test_a_post_without_the_csrf_token_is_refused(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)

    refused = client.post(URL, answers(NOTHING))

    assert refused.status_code == 403
    assert not AnnualDeclaration.objects.exists()
    token = client.get(URL).context["csrf_token"]
    accepted = client.post(URL, {**answers(NOTHING), "csrfmiddlewaretoken": str(token)})
    assert accepted.status_code == 302
    assert AnnualDeclaration.objects.filter(officer=officer).exists()


def test_only_get_and_post_are_allowed(signed_in):
    assert signed_in.put(URL).status_code == 405
