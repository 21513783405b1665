"""The password step of signing in locally (declarations/accounts/views.py sign_in).

Who may sign in with a password alone: anyone who has no second factor and need not have
one (the officer, the stranger). Who may not: the monitoring officer and system
administrators (test_second_factor.py), and anyone who has set up an app.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import (
    give_app,
    sign_in,
    signed_in_username,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_public_and_offers_a_reset_link(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'for="id_username">Username<' in page
    assert 'for="id_password">Password<' in page
    assert reverse("password_reset") in page
    assert "Forgotten your password?" in page


def test_an_officer_signs_in_with_their_password(client, officer):
    response = sign_in(client, "olive.officer")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_username(client) == "olive.officer"


def test_a_stranger_from_another_employer_signs_in_the_same_way(client, stranger):
    response = sign_in(client, "sam.stranger")

    assert response["Location"] == reverse("home")
    assert signed_in_username(client) == "sam.stranger"


def test_a_wrong_password_is_refused_with_a_message_and_keeps_the_username(client, officer):
    response = sign_in(client, "olive.officer", password="wrong")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert 'href="#id_username"' in page
    assert 'value="olive.officer"' in page
    assert signed_in_username(client) is None


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(client, officer):
    unknown = sign_in(client, "nobody.here", password="wrong")
    wrong = sign_in(client, "olive.officer", password="wrong")

    assert unknown.status_code == wrong.status_code == 200
    assert "Enter a correct username and password" in unknown.content.decode()
    assert "Enter a correct username and password" in wrong.content.decode()


def test_an_inactive_account_gets_the_same_answer(client):
    UserFactory(username="left.already", is_active=False)

    response = sign_in(client, "left.already")

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert signed_in_username(client) is None


def test_each_empty_field_is_named(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    page = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_it_goes_on_to_next_when_next_is_on_this_site(client, officer):
    response = sign_in(client, "olive.officer", next="/policies/")

    assert response["Location"] == "/policies/"


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_it_never_goes_to_another_site_after_signing_in(client, officer, elsewhere):
    response = sign_in(client, "olive.officer", next=elsewhere)

    assert response["Location"] == reverse("home")


def test_the_next_address_is_kept_in_the_form(client, db):
    page = client.get(reverse("login"), {"next": "/policies/"}).content.decode()

    assert 'name="next" value="/policies/"' in page


def test_an_officer_who_has_set_up_an_app_is_not_signed_in_by_the_password_alone(client, officer):
    give_app(officer.user)

    response = sign_in(client, "olive.officer")

    assert response["Location"] == reverse("sign-in-code")
    assert signed_in_username(client) is None


def test_a_failed_and_a_successful_sign_in_are_in_the_security_log(client, officer):
    sign_in(client, "olive.officer", password="wrong")
    sign_in(client, "olive.officer")

    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {SecurityEventKind.SIGN_IN_FAILED, SecurityEventKind.SIGN_IN} <= kinds


def test_signing_out_ends_the_session(client, officer):
    sign_in(client, "olive.officer")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert signed_in_username(client) is None


# --- the admin signs in here too ---------------------------------------------------------


def test_the_admin_sign_in_page_sends_people_to_this_one(client, db):
    response = client.get("/admin/login/", {"next": "/admin/declarations/declaration/"})

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("login") + "?next=%2Fadmin%2Fdeclarations%2Fdeclaration%2F"
    )


def test_the_admin_sign_in_page_keeps_next_on_this_site(client, db):
    response = client.get("/admin/login/", {"next": "https://evil.example/"})

    assert response["Location"] == reverse("login") + "?next=%2Fadmin%2F"


def test_the_admin_sign_in_page_takes_no_password(client, db):
    admin = UserFactory(username="ada.admin", is_staff=True, is_superuser=True)

    response = client.post("/admin/login/", {"username": admin.username, "password": "x"})

    assert response.status_code == 405


def test_the_admin_is_reached_through_this_page_and_its_second_factor(client, db):
    admin = UserFactory(username="ada.admin", is_staff=True, is_superuser=True)
    give_app(admin)

    response = sign_in(client, "ada.admin", next="/admin/")

    assert response["Location"] == reverse("sign-in-code")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
