"""Amending: a new version that replaces the old one only when it is submitted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.models import Declaration
from tests.declarations.filing.helpers import VALID, file_draft, visible_text


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


@pytest.fixture
def v1(signed_in):
    """Olive's interest, submitted and waiting to be acknowledged."""
    declaration = file_draft(signed_in, "interest")
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    return declaration


def amend(client, declaration: Declaration):
    return client.post(reverse("declaration-amend", args=[declaration.pk]))


def test_amending_starts_version_2_as_a_copy_and_opens_its_questions(signed_in, officer, v1):
    response = amend(signed_in, v1)

    v2 = Declaration.objects.get(amends=v1)
    assert response.headers["Location"] == reverse("declaration-edit", args=[v2.pk])
    assert (v2.reference, v2.version, v2.status) == (v1.reference, 2, "draft")
    assert v2.reference_with_version == f"{v1.reference} v2"
    assert (v2.counterparty, v2.description, v2.date) == (v1.counterparty, v1.description, v1.date)
    assert v2.detail.interest_kind == v1.detail.interest_kind
    assert v2.detail.held_by == "spouse_or_partner"
    v1.refresh_from_db()
    assert v1.status == "awaiting_acknowledgement"
    page = visible_text(signed_in.get(response.headers["Location"]))
    assert f"This is a new version of {v1.reference}." in page


def test_amend_refuses_get(signed_in, v1):
    assert signed_in.get(reverse("declaration-amend", args=[v1.pk])).status_code == 405
    assert not Declaration.objects.filter(amends=v1).exists()


def test_amending_again_carries_on_with_the_same_draft(signed_in, v1):
    amend(signed_in, v1)
    amend(signed_in, v1)

    assert Declaration.objects.filter(reference=v1.reference).count() == 2


def test_submitting_version_2_replaces_version_1(signed_in, officer, v1):
    step = v1.approval_steps.get(order=1)
    assert step.state == "pending"
    amend(signed_in, v1)
    v2 = Declaration.objects.get(amends=v1)
    signed_in.post(
        reverse("declaration-edit", args=[v2.pk]),
        {**VALID["interest"], "description": "750 shares", "action": "continue"},
    )

    response = signed_in.post(reverse("declaration-submit", args=[v2.pk]))

    assert response.headers["Location"] == reverse("declaration-confirmation", args=[v2.pk])
    v1.refresh_from_db()
    v2.refresh_from_db()
    step.refresh_from_db()
    assert v1.status == "superseded"
    assert v2.status == "awaiting_acknowledgement"
    assert v2.description == "750 shares"
    assert step.state == "cancelled"
    assert v2.approval_steps.filter(state="pending").count() == 2
    assert v1.events.get(action="steps_cancelled").note == (
        "Lee Manager (line manager) and Dana Director (director) are no longer asked: "
        f"it was replaced by {v1.reference} v2."
    )
    supersede = v1.events.get(action="supersede")
    assert supersede.actor == officer.user
    assert supersede.note == f"Replaced by {v1.reference} v2"
    assert "amendment_started" in v1.events.values_list("action", flat=True)
    assert v2.events.get(action="created").note == f"Amends {v1.reference}"
    confirmation = visible_text(signed_in.get(response.headers["Location"]))
    assert f"Your reference number {v1.reference} v2" in confirmation


def test_both_versions_show_in_each_others_history(signed_in, v1):
    amend(signed_in, v1)
    v2 = Declaration.objects.get(amends=v1)
    signed_in.post(reverse("declaration-submit", args=[v2.pk]))

    old = visible_text(signed_in.get(reverse("declaration-detail", args=[v1.pk])))
    new = visible_text(signed_in.get(reverse("declaration-detail", args=[v2.pk])))

    assert "Replaced by a newer version" in old
    assert f"Replaced by {v1.reference} v2" in old
    assert "Amendment started" in old
    assert f"This version amends {v1.reference}" in new
    assert f"Amends {v1.reference}" in new
    assert f"{v1.reference} (this version): replaced by a newer version" in old
    assert f"{v1.reference} v2: awaiting acknowledgement" in old
    assert f"{v1.reference}: replaced by a newer version" in new
    assert f"{v1.reference} v2 (this version): awaiting acknowledgement" in new


def test_version_1_stands_while_version_2_is_a_draft(signed_in, v1):
    amend(signed_in, v1)
    v2 = Declaration.objects.get(amends=v1)

    page = visible_text(signed_in.get(reverse("declaration-detail", args=[v1.pk])))

    assert f"You have started a new version, {v2.reference_with_version}" in page
    assert "Awaiting acknowledgement" in page


def test_a_withdrawn_amendment_lets_you_amend_again(signed_in, v1):
    amend(signed_in, v1)
    v2 = Declaration.objects.get(amends=v1)
    signed_in.post(reverse("declaration-withdraw", args=[v2.pk]))

    amend(signed_in, v1)
    v3 = Declaration.objects.get(amends=v2)
    signed_in.post(reverse("declaration-submit", args=[v3.pk]))

    v1.refresh_from_db()
    v3.refresh_from_db()
    assert v3.version == 3
    assert v3.status == "awaiting_acknowledgement"
    assert v1.status == "superseded"
    assert v1.events.get(action="supersede").note == f"Replaced by {v1.reference} v3"


def test_a_draft_cannot_be_amended(signed_in):
    draft = file_draft(signed_in, "gift")

    response = amend(signed_in, draft)

    assert response.headers["Location"] == reverse("declaration-detail", args=[draft.pk])
    assert Declaration.objects.count() == 1


def test_a_replaced_version_cannot_be_amended(signed_in, v1):
    amend(signed_in, v1)
    v2 = Declaration.objects.get(amends=v1)
    signed_in.post(reverse("declaration-submit", args=[v2.pk]))

    response = amend(signed_in, v1)

    assert response.status_code == 302
    assert Declaration.objects.filter(reference=v1.reference).count() == 2


def test_it_refuses_a_stranger(client, stranger, v1):
    client.force_login(stranger.user)

    assert amend(client, v1).status_code == 404
    assert not Declaration.objects.filter(amends=v1).exists()
