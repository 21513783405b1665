"""What happened to it (approvals.disposition): only the declaring officer, only for what
their code says must be declined or must not go ahead, only in the ways their own code
offers; saying it opens the route at once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations import approvals
from declarations.approvals.disposition import DispositionError
from declarations.choices import Status
from declarations.workflow import transition
from tests.e2e.helpers import file_declaration
from tests.factories import (
    OrganisationFactory,
    OutsideWorkFactory,
    make_declaration,
    open_for,
)

DAY = datetime.timedelta(days=1)
GIFT_DATE = datetime.date(2026, 11, 2)  # DeclarationFactory's date


def refusal(declaration, actor, disposition="declined", on=GIFT_DATE, note="") -> DispositionError:
    with pytest.raises(DispositionError) as raised:
        approvals.record_disposition(declaration, actor, disposition, on, note)
    return raised.value


@pytest.fixture
def refused_gift(officer, director):
    """Olive's gift from a supplier, which her code says she must decline: its director's
    step waits for her."""
    declaration, _ = open_for(officer, outcome="prohibited", route=["director"])
    return declaration


# --- saying what happened --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_officer_says_what_happened_and_the_director_is_asked_at_once(officer, refused_gift):
    step = refused_gift.approval_steps.get()
    assert step.opened_at is None
    assert approvals.awaiting_disposition(refused_gift)

    event = approvals.record_disposition(
        refused_gift, officer.user, "given_to_named_charity", GIFT_DATE + DAY
    )

    refused_gift.refresh_from_db()
    step.refresh_from_db()
    assert event.action == "disposition_recorded"
    assert event.actor == officer.user
    assert event.note == (
        "On 3 November 2026: given to the Mayor's Charity Fund. "
        "Sent to Dana Director (director) to acknowledge."
    )
    assert refused_gift.disposition == "given_to_named_charity"
    assert refused_gift.disposition_on == GIFT_DATE + DAY
    assert refused_gift.disposition_recorded_at == event.at
    assert step.opened_at is not None
    assert step.due_on == timezone.localdate() + 10 * DAY
    assert not approvals.awaiting_disposition(refused_gift)


@pytest.mark.django_db
def test_the_note_is_kept_as_written(officer, refused_gift):
    event = approvals.record_disposition(
        refused_gift, officer, "given_to_charity", GIFT_DATE, "  Grays Food Bank  "
    )

    refused_gift.refresh_from_db()
    assert refused_gift.disposition_note == "Grays Food Bank"
    assert event.note.startswith("On 2 November 2026: given to a charity. “Grays Food Bank”")


@pytest.mark.django_db
def test_an_activity_that_must_not_go_ahead_says_so_in_the_first_person(officer, line_manager):
    declaration, _ = open_for(officer, outcome="prohibited", type="outside_work")

    event = approvals.record_disposition(declaration, officer, "not_gone_ahead", GIFT_DATE)

    assert event.note.startswith("On 2 November 2026: I have not gone ahead, or I have stopped.")


@pytest.mark.django_db
def test_with_nobody_to_acknowledge_it_the_entry_is_recorded(officer):
    declaration = make_declaration(officer, outcome="prohibited", route=[])

    approvals.record_disposition(declaration, officer.user, "declined", GIFT_DATE)

    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    assert declaration.events.get(action="record").note == (
        "Recorded: nobody else needs to acknowledge it."
    )


# --- who may say it, and when ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["line_manager", "director", "monitoring_officer", "stranger"])
def test_nobody_but_the_declaring_officer_may_say_it(person, request, refused_gift):
    error = refusal(refused_gift, request.getfixturevalue(person).user)

    assert str(error) == "Only the officer who made the declaration can say what happened."
    assert not refused_gift.events.filter(action="disposition_recorded").exists()
    assert refused_gift.approval_steps.get().opened_at is None


@pytest.mark.django_db
def test_only_something_the_code_says_must_be_declined_needs_it(officer):
    declaration, _ = open_for(officer, outcome="declare")

    error = refusal(declaration, officer.user)

    assert "must be declined or must not go ahead" in str(error)
    assert not approvals.awaiting_disposition(declaration)


@pytest.mark.django_db
def test_it_is_said_once(officer, refused_gift):
    approvals.record_disposition(refused_gift, officer.user, "declined", GIFT_DATE)

    error = refusal(refused_gift, officer.user, "returned_to_giver")

    assert str(error) == "You have already told us what happened to it."
    assert refused_gift.events.filter(action="disposition_recorded").count() == 1


@pytest.mark.django_db
def test_a_withdrawn_declaration_has_nothing_to_tell(officer, refused_gift):
    transition(refused_gift, "withdraw", actor=officer.user)

    error = refusal(refused_gift, officer.user)

    assert str(error) == "This declaration is withdrawn: there is nothing more to tell us."
    assert not approvals.awaiting_disposition(refused_gift)


# --- answers that will not do ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("disposition", "message"),
    [
        ("", "Select what happened to it"),
        ("handed_to_monitoring_officer", "Select one of the things your code lets you do"),
        ("not_gone_ahead", "Select one of the things your code lets you do"),
        ("thrown_away", "Select one of the things your code lets you do"),
    ],
)
def test_only_what_the_officers_code_offers_will_do(officer, refused_gift, disposition, message):
    error = refusal(refused_gift, officer.user, disposition)

    assert (error.field, str(error)) == ("disposition", message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "message"),
    [
        (None, "Enter the date it happened"),
        (
            timezone.localdate() + DAY,
            "The date it happened must be today or in the past",
        ),
        (
            GIFT_DATE - DAY,
            "The date it happened must be the same as or after 2 November 2026, "
            "the date on your declaration",
        ),
    ],
)
def test_when_it_happened_is_a_day_from_the_offer_to_today(officer, refused_gift, on, message):
    error = refusal(refused_gift, officer.user, on=on)

    assert (error.field, str(error)) == ("on", message)


@pytest.mark.django_db
def test_work_due_to_start_later_can_have_stopped_from_the_day_it_was_declared(officer):
    today = timezone.localdate()
    declaration, _ = open_for(
        officer,
        outcome="prohibited",
        type="outside_work",
        date=today + 30 * DAY,
        declared_on=today - DAY,
    )

    error = refusal(declaration, officer.user, "not_gone_ahead", on=today - 2 * DAY)
    approvals.record_disposition(declaration, officer.user, "not_gone_ahead", today - DAY)

    assert "the day you declared it" in str(error)
    declaration.refresh_from_db()
    assert declaration.disposition_on == today - DAY


@pytest.mark.django_db
def test_a_charity_must_be_named_and_a_note_kept_short(officer, refused_gift):
    unnamed = refusal(refused_gift, officer.user, "given_to_charity")
    long = refusal(refused_gift, officer.user, "returned_to_giver", note="x" * 501)

    assert (unnamed.field, str(unnamed)) == ("note", "Enter the name of the charity you gave it to")
    assert (long.field, str(long)) == ("note", "What you tell us must be 500 characters or fewer")


@pytest.mark.django_db
def test_every_problem_is_named_at_once_in_the_pages_order(officer, refused_gift):
    error = refusal(refused_gift, officer.user, "", on=None, note="x" * 501)

    assert list(error.problems) == ["disposition", "note", "on"]
    assert error.field == "disposition"


# --- whose options ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_seconded_officer_has_their_home_employers_options(officer):
    officer.seconded_to = OrganisationFactory(code="opcc")
    officer.save()
    declaration, _ = open_for(officer, outcome="prohibited", route=["line_manager"])

    options = [option.disposition for option in approvals.disposition_options(declaration)]

    assert "given_to_named_charity" in options  # Thurrock's Mayor's Charity Fund
    assert "handed_to_monitoring_officer" not in options  # the OPCC's 15.6
    assert refusal(declaration, officer.user, "handed_to_monitoring_officer").field == (
        "disposition"
    )


@pytest.mark.django_db
def test_an_activity_offers_only_not_going_ahead(officer):
    declaration = OutsideWorkFactory(declaration__officer=officer).declaration

    options = approvals.disposition_options(declaration)

    assert [option.disposition for option in options] == ["not_gone_ahead"]


# --- at submission -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_gift_still_on_offer_waits_for_the_officer_with_a_day_to_say_by(officer, director):
    declaration = file_declaration(officer, "gift", status="offered", value_gbp="60")

    assert declaration.disposition_due_on == timezone.localdate() + 10 * DAY
    assert approvals.awaiting_disposition(declaration)
    assert declaration.approval_steps.get().opened_at is None


@pytest.mark.django_db
def test_a_gift_the_officer_declined_when_filing_goes_to_the_director_at_once(officer, director):
    offered_on = timezone.localdate() - 3 * DAY
    declaration = file_declaration(officer, "gift", status="declined", date=offered_on)

    assert declaration.disposition == "declined"
    assert declaration.disposition_on == offered_on
    assert declaration.approval_steps.get().opened_at is not None
    recorded = declaration.events.get(action="disposition_recorded")
    assert recorded.actor == officer.user
    assert recorded.note.endswith("Sent to Dana Director (director) to acknowledge.")
    assert not approvals.awaiting_disposition(declaration)


def test_the_day_to_say_by_is_counted_from_submission(settings):
    settings.DISPOSITION_DUE_DAYS = 5

    assert approvals.disposition_due_on(datetime.date(2026, 12, 30)) == datetime.date(2027, 1, 4)
