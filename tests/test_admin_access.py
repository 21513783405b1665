"""The admin is for system administrators (conduct_register/admin_access.py): anyone else
signed in gets the 403 page there, not the admin's sign-in page."""

from __future__ import annotations

import pytest

from declarations.models import SecurityEvent
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/admin/", "/admin/login/", "/admin/declarations/officer/"])
def test_it_refuses_a_signed_in_member_of_staff(client, officer, address):
    client.force_login(officer.user)

    response = client.get(address)

    assert response.status_code == 403
    assert "Only system administrators can use the admin." in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_refusal_is_in_the_security_log(client, officer):
    client.force_login(officer.user)

    client.get("/admin/")

    event = SecurityEvent.objects.get(kind="access_denied")
    assert (event.username, event.path) == ("olive.officer", "/admin/")


@pytest.mark.django_db
def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/admin/")

    assert response.status_code == 302


@pytest.mark.django_db
def test_an_administrator_passes(client):
    admin = UserFactory(username="ada.admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response.status_code != 403
