"""Making a disclosure through the pages, from the type chooser to its entry: what the
code says of it, who it goes to, by when, and where it stands."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from declarations import clock
from declarations.choices import Status
from declarations.models import Declaration
from tests.declarations.filing.helpers import VALID, new_url, visible_text
from tests.factories import make_county_cast

CHARGED_ON = datetime.date(2026, 11, 2)


@pytest.fixture
def cast(db):
    return make_county_cast()


@pytest.fixture
def signed_in(client, cast):
    client.force_login(cast.officer.user)
    return client


def charged(**changes: str) -> dict[str, str]:
    return {**VALID["disclosure"], **changes}


def file_and_submit(client, answers: dict[str, str]) -> Declaration:
    response = client.post(new_url("disclosure"), {**answers, "action": "continue"})
    assert response.status_code == 302, response.content.decode()[:2000]
    declaration = Declaration.objects.latest("id")
    response = client.post(reverse("declaration-submit", args=[declaration.pk]))
    assert response.status_code == 302
    declaration.refresh_from_db()
    return declaration


def test_the_type_chooser_leads_to_the_disclosure_questions(signed_in):
    response = signed_in.post(reverse("declaration-new"), {"type": "disclosure"})

    assert response.headers["Location"] == new_url("disclosure")
    text = visible_text(signed_in.get(new_url("disclosure")))
    assert "Make a disclosure" in text
    assert "I have been charged with a criminal offence" in text
    assert "Someone offered me something to influence my work" in text


def test_check_your_answers_lists_the_disclosure_in_plain_words(signed_in):
    signed_in.post(new_url("disclosure"), {**charged(), "action": "continue"})
    declaration = Declaration.objects.get()

    text = visible_text(signed_in.get(reverse("declaration-check", args=[declaration.pk])))

    assert "What do you need to tell us? I have been charged with a criminal offence" in text
    assert "When did it happen? 2 November 2026" in text
    assert "Could the bail conditions affect your work?" not in text


def test_a_charge_goes_to_the_line_manager_due_the_day_of_the_charge(signed_in, cast):
    declaration = file_and_submit(signed_in, charged())

    assert declaration.type == "disclosure"
    assert declaration.status == Status.AWAITING_ACKNOWLEDGEMENT
    assert declaration.verdict["outcome"] == "declare"
    assert declaration.verdict["route"] == ["line_manager"]
    assert declaration.verdict["deadline"] == CHARGED_ON.isoformat()
    assert "county-council:23.1" in declaration.verdict["citations"]
    step = declaration.approval_steps.get()
    assert step.assignee == cast.line_manager
    assert declaration.deadline == CHARGED_ON


@pytest.mark.parametrize(
    ("declared_on", "late", "words"),
    [
        (CHARGED_ON, False, "It was due by 2 November 2026"),
        (CHARGED_ON + datetime.timedelta(days=1), True, "declared 1 day after the deadline"),
        (CHARGED_ON + datetime.timedelta(days=5), True, "declared 5 days after the deadline"),
    ],
)
def test_a_charge_told_after_the_day_is_late_by_the_days_since(signed_in, declared_on, late, words):
    """23.1: "advise your line manager immediately": due the day of the charge."""
    noon = datetime.datetime.combine(declared_on, datetime.time(12), tzinfo=datetime.UTC)
    with clock.set_to(noon):
        declaration = file_and_submit(signed_in, charged())
        entry = visible_text(signed_in.get(reverse("declaration-detail", args=[declaration.pk])))

    assert (declaration.declared_on, declaration.late) == (declared_on, late)
    assert words in entry


def test_the_confirmation_and_the_entry_say_what_the_code_says(signed_in):
    declaration = file_and_submit(signed_in, charged())

    confirmation = visible_text(
        signed_in.get(reverse("declaration-confirmation", args=[declaration.pk]))
    )
    entry = visible_text(signed_in.get(reverse("declaration-detail", args=[declaration.pk])))

    assert "Declaration submitted" in confirmation
    assert "your line manager (Lena Manager)" in confirmation
    assert "Must be declared" in entry
    assert "I have been charged with a criminal offence" in entry


def test_bail_conditions_that_cannot_affect_the_work_need_no_action(signed_in):
    declaration = file_and_submit(
        signed_in,
        charged(disclosure_kind="bail_conditions", bail_conditions_affect_work="no"),
    )

    assert declaration.verdict["outcome"] == "no_action"
    assert declaration.status == Status.RECORDED
    assert declaration.disclosure.bail_conditions_affect_work is False


def test_an_approach_to_influence_the_work_must_be_refused(signed_in):
    declaration = file_and_submit(
        signed_in,
        charged(
            disclosure_kind="improper_approach",
            description="Offered £500 to share the tender scores",
            counterparty="Apex Paving Ltd",
        ),
    )

    assert declaration.verdict["outcome"] == "prohibited"
    assert declaration.counterparty == "Apex Paving Ltd"
    entry = visible_text(signed_in.get(reverse("declaration-detail", args=[declaration.pk])))
    assert "Not allowed" in entry


def test_a_disclosure_can_be_saved_as_a_draft_edited_and_withdrawn(signed_in):
    signed_in.post(
        new_url("disclosure"),
        {"disclosure_kind": "overseas_travel", "action": "save"},
    )
    draft = Declaration.objects.get()
    assert draft.status == Status.DRAFT
    assert draft.disclosure.disclosure_kind == "overseas_travel"

    edit = signed_in.get(reverse("declaration-edit", args=[draft.pk]))
    assert edit.context["form"]["disclosure_kind"].value() == "overseas_travel"

    signed_in.post(reverse("declaration-withdraw", args=[draft.pk]), {"reason": ""})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN


def test_a_submitted_disclosure_can_be_amended(signed_in):
    declaration = file_and_submit(signed_in, charged())

    response = signed_in.post(reverse("declaration-amend", args=[declaration.pk]))

    amended = Declaration.objects.latest("id")
    assert response.headers["Location"] == reverse("declaration-edit", args=[amended.pk])
    assert amended.amends == declaration
    assert amended.disclosure.disclosure_kind == "criminal_charge"
    file = signed_in.post(
        reverse("declaration-edit", args=[amended.pk]),
        {**charged(disclosure_kind="conviction"), "action": "continue"},
    )
    assert file.status_code == 302
    signed_in.post(reverse("declaration-submit", args=[amended.pk]))
    amended.refresh_from_db()
    declaration.refresh_from_db()
    assert amended.disclosure.disclosure_kind == "conviction"
    assert declaration.status == Status.SUPERSEDED
