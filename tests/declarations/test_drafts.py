"""Saving a declaration as a draft and coming back to it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Declaration
from tests.declarations.test_file_declaration import file_draft, new_url, visible_text
from tests.declarations.test_forms import VALID


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def edit_url(declaration: Declaration) -> str:
    return reverse("declaration-edit", args=[declaration.pk])


def test_save_as_draft_keeps_what_has_been_answered(signed_in, officer):
    response = signed_in.post(
        new_url("gift"),
        {"counterparty": "Acme Supplies Ltd", "value_gbp": "£1,250.50", "action": "save"},
    )

    declaration = Declaration.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == edit_url(declaration)
    assert declaration.status == "draft"
    assert declaration.officer == officer
    assert declaration.counterparty == "Acme Supplies Ltd"
    assert declaration.detail.value_gbp == Decimal("1250.50")
    assert list(declaration.events.values_list("action", flat=True)) == ["created"]


def test_saving_says_so_and_the_draft_can_be_resumed(signed_in):
    response = signed_in.post(
        new_url("gift"),
        {"counterparty": "Acme Supplies Ltd", "description": "Wine", "action": "save"},
        follow=True,
    )

    declaration = Declaration.objects.get()
    text = visible_text(response)
    assert f"Your draft {declaration.reference} has been saved" in text
    html = response.content.decode()
    assert 'value="Acme Supplies Ltd"' in html
    assert "Wine</textarea>" in html
    assert f'action="{edit_url(declaration)}"' in html


def test_a_type_is_enough_to_save_a_gift_draft(signed_in):
    response = signed_in.post(new_url("gift"), {"action": "save"})

    assert response.status_code == 302
    assert Declaration.objects.get().type == "gift"


def test_an_interest_draft_needs_its_kind(signed_in):
    response = signed_in.post(new_url("interest"), {"counterparty": "Thames", "action": "save"})

    assert response.status_code == 200
    assert Declaration.objects.count() == 0
    assert "Select what kind of interest it is" in visible_text(response)
    assert 'value="Thames"' in response.content.decode()


def test_an_answer_that_cannot_be_stored_is_shown_back_not_lost(signed_in):
    response = signed_in.post(
        new_url("gift"),
        {"counterparty": "Acme", "value_gbp": "about forty quid", "action": "save"},
    )

    assert response.status_code == 200
    assert Declaration.objects.count() == 0
    html = response.content.decode()
    assert 'value="about forty quid"' in html
    assert 'value="Acme"' in html
    assert "Enter the value in pounds, like 25 or 24.99" in visible_text(response)


def test_resuming_a_draft_shows_every_saved_answer(signed_in):
    declaration = file_draft(signed_in, "outside_work")

    html = signed_in.get(edit_url(declaration)).content.decode()

    assert 'value="Olive&#x27;s Bakes"' in html
    assert 'value="7.5"' in html
    assert 'name="date_0" value="5"' in html
    assert re.search(r'value="self_employment"\s+checked', html)
    assert declaration.reference in visible_text(signed_in.get(edit_url(declaration)))


def test_saving_changes_records_one_edit_and_saving_nothing_new_records_none(signed_in):
    declaration = file_draft(signed_in, "interest")

    signed_in.post(edit_url(declaration), {**VALID["interest"], "action": "save"})
    signed_in.post(
        edit_url(declaration), {**VALID["interest"], "description": "600 shares", "action": "save"}
    )

    declaration.refresh_from_db()
    assert declaration.description == "600 shares"
    assert list(declaration.events.values_list("action", flat=True)) == ["created", "edited"]


def test_a_resumed_draft_can_be_finished_and_submitted(signed_in):
    signed_in.post(new_url("interest"), {"interest_kind": "financial", "action": "save"})
    declaration = Declaration.objects.get()

    signed_in.post(edit_url(declaration), {**VALID["interest"], "action": "continue"})
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))

    declaration.refresh_from_db()
    assert declaration.status == "awaiting_acknowledgement"
    assert Declaration.objects.count() == 1


def test_check_on_a_draft_uses_the_answers_on_screen_without_saving(signed_in):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.post(
        edit_url(declaration),
        {**VALID["gift"], "token_item": "yes", "value_gbp": "3", "action": "check"},
    )

    assert "Must be declared" in visible_text(response)
    declaration.refresh_from_db()
    assert declaration.detail.token_item is False
    assert declaration.detail.value_gbp == Decimal("30.00")


def test_a_submitted_declaration_cannot_be_edited_in_place(signed_in):
    declaration = file_draft(signed_in, "interest")
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))

    response = signed_in.post(
        edit_url(declaration), {**VALID["interest"], "description": "changed", "action": "save"}
    )

    assert response.headers["Location"] == reverse("declaration-detail", args=[declaration.pk])
    declaration.refresh_from_db()
    assert declaration.description == "500 shares"
    page = signed_in.get(response.headers["Location"])
    assert "This declaration has been submitted. To change it, amend it." in visible_text(page)


def test_your_drafts_are_listed_on_your_declarations(signed_in):
    declaration = file_draft(signed_in, "gift")

    text = visible_text(signed_in.get(reverse("home")))

    assert "Draft" in text
    assert declaration.reference in text
