"""Leavers (an inactive officer or user) cannot sign in through their employer's provider,
and a single sign-on session of someone who has since left ends at their next request."""

from __future__ import annotations

from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent, SignInIdentity


def test_an_officer_who_has_left_is_refused(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    officer.active = False
    officer.save()

    response = sign_in_with_sso(subject, email=officer.user.email)

    assert response.status_code == 403
    assert "You cannot sign in to the register" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SignInIdentity.objects.exists()


def test_a_closed_user_account_is_refused(client, officer, thurrock_sso, subject, sign_in_with_sso):
    officer.user.is_active = False
    officer.user.save()

    response = sign_in_with_sso(subject, email=officer.user.email)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_known_identity_of_a_leaver_is_refused_and_logged_against_them(
    client, officer, thurrock, thurrock_sso, subject, sign_in_with_sso
):
    SignInIdentity.objects.create(officer=officer, issuer=thurrock_sso.issuer, subject=subject)
    officer.active = False
    officer.save()

    response = sign_in_with_sso(subject, email=officer.user.email)

    assert response.status_code == 403
    refused = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_REFUSED)
    assert refused.user == officer.user
    assert refused.organisation == thurrock
    assert refused.detail["reason"] == "the officer has left or their account is closed"


def test_a_session_ends_at_the_next_request_after_the_officer_leaves(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    sign_in_with_sso(subject, email=officer.user.email)
    assert client.get(reverse("home")).status_code == 200

    officer.active = False
    officer.save()
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
