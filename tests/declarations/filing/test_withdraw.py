"""Withdrawing a declaration: confirmed first, kept in the history, never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.models import ApprovalStep, Declaration
from tests.declarations.filing.helpers import file_draft, visible_text
from tests.factories import DeclarationFactory, InterestFactory


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def withdraw_url(declaration: Declaration) -> str:
    return reverse("declaration-withdraw", args=[declaration.pk])


def test_it_asks_for_confirmation_first(signed_in):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.get(withdraw_url(declaration))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Are you sure you want to withdraw this draft?" in text
    assert "Why are you withdrawing it? (optional)" in text
    declaration.refresh_from_db()
    assert declaration.status == "draft"


def test_withdrawing_a_draft_keeps_it_with_its_reason(signed_in, officer):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.post(withdraw_url(declaration), {"reason": "Filed twice by mistake"})

    assert response.headers["Location"] == reverse("declaration-detail", args=[declaration.pk])
    declaration.refresh_from_db()
    assert declaration.status == "withdrawn"
    event = declaration.events.get(action="withdraw")
    assert (event.actor, event.note) == (officer.user, "Filed twice by mistake")
    page = visible_text(signed_in.get(response.headers["Location"]))
    assert "Your draft has been withdrawn." in page
    assert "Withdrawn Olive Officer Filed twice by mistake" in page


def test_a_withdrawn_draft_is_listed_with_the_registers_columns(signed_in, officer):
    declaration = file_draft(signed_in, "gift")

    signed_in.post(withdraw_url(declaration), {"reason": "Filed twice by mistake"})

    declaration.refresh_from_db()
    assert declaration.officer_name == "Officer, Olive"
    assert declaration.counterparty.lower() in declaration.search_text
    assert declaration.value_gbp == declaration.gift_hospitality.value_gbp


def test_a_reason_is_optional(signed_in):
    declaration = file_draft(signed_in, "gift")

    signed_in.post(withdraw_url(declaration))

    declaration.refresh_from_db()
    assert declaration.status == "withdrawn"


def test_withdrawing_a_submitted_declaration_stops_anyone_being_asked(signed_in):
    declaration = file_draft(signed_in, "interest")
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))
    assert ApprovalStep.objects.filter(declaration=declaration, state="pending").count() == 2

    signed_in.post(withdraw_url(declaration), {"reason": "No longer hold the shares"})

    declaration.refresh_from_db()
    steps = list(ApprovalStep.objects.filter(declaration=declaration))
    assert declaration.status == "withdrawn"
    assert {step.state for step in steps} == {"cancelled"}
    assert all(step.decided_at for step in steps)
    cancelled = declaration.events.get(action="steps_cancelled")
    assert cancelled.note == (
        "Lee Manager (line manager) and Dana Director (director) are no longer asked: "
        "it was withdrawn."
    )
    page = visible_text(signed_in.get(reverse("declaration-detail", args=[declaration.pk])))
    assert "Requests cancelled Olive Officer Lee Manager (line manager) and" in page


def test_a_recorded_declaration_cannot_be_withdrawn(signed_in, officer):
    declaration = DeclarationFactory(officer=officer, type="interest", status="recorded")
    InterestFactory(declaration=declaration)

    response = signed_in.post(withdraw_url(declaration), follow=True)

    declaration.refresh_from_db()
    assert declaration.status == "recorded"
    assert "This declaration can no longer be withdrawn." in visible_text(response)


def test_a_withdrawn_declaration_cannot_be_withdrawn_again(signed_in):
    declaration = file_draft(signed_in, "gift")
    signed_in.post(withdraw_url(declaration))

    signed_in.post(withdraw_url(declaration))

    assert declaration.events.filter(action="withdraw").count() == 1


def test_an_overlong_reason_is_refused_not_truncated(signed_in):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.post(withdraw_url(declaration), {"reason": "x" * 5001})

    assert response.status_code == 200
    assert "The reason must be 5,000 characters or fewer" in visible_text(response)
    declaration.refresh_from_db()
    assert declaration.status == "draft"


def test_it_refuses_a_stranger(client, stranger, officer):
    declaration = DeclarationFactory(officer=officer)
    client.force_login(stranger.user)

    assert client.post(withdraw_url(declaration)).status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == "draft"
