"""Changing a password while signed in (declarations/accounts/passwords.py ChangePassword).

Who may: anyone signed in with a local password. Who may not: someone signed out (sent
to sign in), and someone who signs in through their employer (no local password).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import PASSWORD, sign_in, signed_in_username

pytestmark = pytest.mark.django_db

URL = reverse("password_change")
NEW = "a brand new passphrase for olive"


def change(client, old=PASSWORD, new1=NEW, new2=NEW):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2})


def test_someone_signed_out_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_the_page_asks_for_the_current_and_new_password(client, officer):
    client.force_login(officer.user)

    page = client.get(URL).content.decode()

    assert "Current password" in page
    assert "New password" in page
    assert "Confirm your new password" in page
    assert 'autocomplete="current-password"' in page
    assert 'autocomplete="new-password"' in page
    assert "Use at least 8 characters" in page


def test_an_officer_changes_their_password(client, officer):
    sign_in(client, "olive.officer")

    response = change(client)

    assert response["Location"] == reverse("account")
    assert "Your password has been changed" in client.get(reverse("account")).content.decode()
    assert signed_in_username(client) == "olive.officer"
    officer.user.refresh_from_db()
    assert officer.user.check_password(NEW)
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_CHANGED, user=officer.user
    ).exists()


def test_the_new_password_signs_in_and_the_old_one_does_not(client, officer):
    client.force_login(officer.user)
    change(client)
    fresh = Client()

    assert sign_in(fresh, "olive.officer").status_code == 200
    assert sign_in(fresh, "olive.officer", password=NEW)["Location"] == reverse("home")


def test_changing_it_signs_out_every_other_session(client, officer):
    elsewhere = Client()
    sign_in(elsewhere, "olive.officer")
    sign_in(client, "olive.officer")

    change(client)

    assert signed_in_username(elsewhere) is None
    assert signed_in_username(client) == "olive.officer"


def test_a_wrong_current_password_is_named_and_nothing_changes(client, officer):
    client.force_login(officer.user)

    response = change(client, old="not it")

    page = response.content.decode()
    assert '<a href="#id_old_password">Your current password is wrong</a>' in page
    officer.user.refresh_from_db()
    assert officer.user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short1", "Your new password must be at least 8 characters"),
        ("password123", "Your new password is too common"),
        ("8736459201", "Your new password must not be only numbers"),
        ("olive.officer", "Your new password is too like your name, username or email"),
    ],
)
def test_the_password_rules_are_said_about_the_new_password(client, officer, new, message):
    client.force_login(officer.user)

    response = change(client, new1=new, new2=new)

    assert f'<a href="#id_new_password1">{message}' in response.content.decode()


def test_new_passwords_that_differ_are_named(client, officer):
    client.force_login(officer.user)

    response = change(client, new2="something else entirely")

    assert '<a href="#id_new_password2">The passwords do not match</a>' in (
        response.content.decode()
    )


def test_empty_fields_are_each_named(client, officer):
    client.force_login(officer.user)

    page = change(client, old="", new1="", new2="").content.decode()

    assert "Enter your current password" in page
    assert "Enter a new password" in page
    assert "Confirm your new password</a>" in page


def test_someone_who_signs_in_through_their_employer_has_no_password_here(client, officer):
    officer.user.set_unusable_password()
    officer.user.save()
    client.force_login(officer.user)

    response = client.get(URL)

    assert response.status_code == 403
    assert "You cannot change your password here" in response.content.decode()
