"""The questions added for the 2026-11 codes: when a gift is accepted or given, who
sponsors, when hospitality takes place and whether it goes abroad, when work with a
contractor begins. Each is asked where it applies, stored, sent in the contract's
request, and shown in plain words."""

from __future__ import annotations

import datetime

import pytest

from declarations.facts import request_for
from declarations.filing import services
from declarations.filing.forms import form_class_for
from declarations.filing.presenters import summary_rows
from tests.declarations.filing.helpers import VALID
from tests.factories import make_county_cast


@pytest.fixture
def county_officer(db):
    return make_county_cast().officer


def answered(kind: str, officer, **changes: str):
    form = form_class_for(kind)({**VALID[kind], **changes}, officer=officer)
    form.is_valid()
    return form


def filed(kind: str, officer, **changes: str):
    """A submitted declaration made from these answers."""
    form = answered(kind, officer, **changes)
    assert form.errors == {}
    draft = services.create_draft(officer, kind, form.answers(), actor=officer.user)
    return services.submit(draft, actor=officer.user)


def rows_of(declaration) -> dict[str, object]:
    return {row.question: row.answer for row in summary_rows(declaration)}


# --- a gift: when it is accepted or given, and who sponsors ---------------------------


def test_when_a_gift_is_accepted_may_be_left_empty(officer):
    form = answered("gift", officer)

    assert form.errors == {}
    assert "event_date" not in form.answers()


def test_when_a_gift_is_accepted_is_stored_and_sent(officer):
    declaration = filed("gift", officer, event_date_0="9", event_date_1="11", event_date_2="2026")

    assert declaration.gift_hospitality.event_date == datetime.date(2026, 11, 9)
    assert request_for(declaration)["declaration"]["event_date"] == "2026-11-09"


def test_a_gift_cannot_be_accepted_before_it_was_offered(officer):
    form = answered("gift", officer, event_date_0="1", event_date_1="11", event_date_2="2026")

    assert form.errors["event_date"] == [
        "The date you accept or give it must be on or after the date it was offered"
    ]
    assert form.given()["event_date"] == ["1", "11", "2026"]


def test_a_gift_may_be_accepted_the_day_it_was_offered(officer):
    """The boundary: VALID["gift"] is offered on 2 November 2026."""
    form = answered("gift", officer, event_date_0="2", event_date_1="11", event_date_2="2026")

    assert "event_date" not in form.errors


def test_a_gift_left_without_its_acceptance_date_says_it_was_the_day_offered(officer):
    declaration = filed("gift", officer)

    shown = rows_of(declaration)

    assert shown["When did you (or will you) accept or give it?"] == ("The day it was offered")


def test_who_sponsors_is_asked_only_of_sponsorship(officer):
    item = answered("gift", officer, sponsor="employer")
    sponsorship = answered("gift", officer, form="sponsorship", token_item="")

    assert "sponsor" not in item.answers()
    assert sponsorship.errors["sponsor"] == ["Select who is sponsoring"]


def test_who_sponsors_is_stored_sent_and_shown_in_plain_words(officer):
    declaration = filed("gift", officer, form="sponsorship", sponsor="employer")

    assert declaration.gift_hospitality.sponsor == "employer"
    assert request_for(declaration)["declaration"]["sponsor"] == "employer"
    assert rows_of(declaration)["Who is sponsoring?"] == "My employer"


def test_an_item_shows_no_sponsor(officer):
    declaration = filed("gift", officer)

    assert "Who is sponsoring?" not in rows_of(declaration)


# --- hospitality: when it takes place, and whether it goes abroad ----------------------


def test_when_hospitality_takes_place_is_stored_and_sent(officer):
    declaration = filed(
        "hospitality", officer, event_date_0="20", event_date_1="10", event_date_2="2026"
    )

    assert declaration.gift_hospitality.event_date == datetime.date(2026, 10, 20)
    assert request_for(declaration)["declaration"]["event_date"] == "2026-10-20"
    assert rows_of(declaration)["When does (or did) the hospitality take place?"] == datetime.date(
        2026, 10, 20
    )


def test_hospitality_may_take_place_the_day_it_was_offered(officer):
    """The boundary: VALID["hospitality"] is offered on 10 October 2026."""
    form = answered(
        "hospitality", officer, event_date_0="10", event_date_1="10", event_date_2="2026"
    )

    assert "event_date" not in form.errors


def test_hospitality_cannot_take_place_before_it_was_offered(officer):
    form = answered(
        "hospitality", officer, event_date_0="9", event_date_1="10", event_date_2="2026"
    )

    assert form.errors["event_date"] == [
        "The date it takes place must be on or after the date it was offered"
    ]


def test_the_county_council_asks_whether_hospitality_goes_abroad(county_officer):
    form = answered("hospitality", county_officer, represents_employer="yes", overseas="")

    assert form.errors["overseas"] == ["Select yes if it involves travel outside the UK"]


def test_it_does_not_ask_about_travel_abroad_for_hospitality_not_allowed_anyway(county_officer):
    """10.3: without a need to represent the council it must be declined (CC-H1b), so
    whether it goes abroad (15.1, CC-H4) cannot change the verdict."""
    form = answered("hospitality", county_officer, represents_employer="no", overseas="")

    assert "overseas" not in form.errors
    assert "overseas" in form.skipped


def test_travel_abroad_is_stored_and_sent(county_officer):
    declaration = filed("hospitality", county_officer, represents_employer="yes", overseas="yes")

    assert declaration.gift_hospitality.overseas is True
    assert request_for(declaration)["declaration"]["overseas"] is True
    assert rows_of(declaration)["Does it involve travel outside the UK?"] is True


# --- a relationship: when work with a contractor begins --------------------------------


@pytest.mark.parametrize("with_whom", ["contractor", "potential_contractor", "supplier"])
def test_the_county_council_asks_when_work_with_a_contractor_begins(with_whom, county_officer):
    form = answered(
        "relationship",
        county_officer,
        with_whom=with_whom,
        nature="family",
        involved_in_decision="yes",
    )

    assert form.errors == {}
    assert "event_date" not in form.skipped


def test_it_does_not_ask_when_work_begins_with_a_colleague(county_officer):
    form = answered("relationship", county_officer)

    assert "event_date" in form.skipped


def test_when_work_with_a_contractor_begins_is_stored_and_sent(county_officer):
    declaration = filed(
        "relationship",
        county_officer,
        with_whom="contractor",
        nature="family",
        involved_in_decision="yes",
        event_date_0="4",
        event_date_1="1",
        event_date_2="2027",
    )

    assert declaration.relationship.event_date == datetime.date(2027, 1, 4)
    assert request_for(declaration)["declaration"]["event_date"] == "2027-01-04"
    assert declaration.verdict["deadline"] == "2027-01-04"


def test_a_contractor_relationship_left_without_a_start_has_no_deadline(county_officer):
    declaration = filed(
        "relationship",
        county_officer,
        with_whom="contractor",
        nature="family",
        involved_in_decision="yes",
    )

    assert "event_date" not in request_for(declaration)["declaration"]
    assert declaration.verdict["deadline"] is None
    assert (
        rows_of(declaration)["When does the contract or work with them begin?"] == "Not known yet"
    )


def test_a_thurrock_officer_is_never_asked_when_work_with_a_contractor_begins(officer):
    form = answered(
        "relationship", officer, with_whom="contractor", nature="family", involved_in_decision="yes"
    )

    assert "event_date" in form.skipped
