"""Finishing a single sign-on: only a sign-in started here, from the provider it started
at, with a token that checks out, signs anyone in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent


def test_a_callback_for_a_sign_in_not_started_here_signs_nobody_in(client, thurrock_sso):
    response = client.get(reverse("sso-callback"), {"code": "made-up", "state": "made-up"})

    assert response.status_code == 400
    assert "You have not been signed in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.detail["reason"] == "the sign-in was not started here, or has already finished"


def test_the_same_callback_cannot_be_used_twice(
    client, officer, thurrock_sso, subject, identity_provider
):
    identity_provider.add_user(subject, email=officer.user.email)
    started = client.get(reverse("sso-start", args=["thurrock"]))
    back = identity_provider.authorise(started["Location"], subject)
    assert client.get(back).status_code == 302
    client.post(reverse("logout"))

    again = client.get(back)

    assert again.status_code == 400
    assert "_auth_user_id" not in client.session


def test_someone_who_cancels_at_the_provider_is_told_they_were_not_signed_in(
    client, thurrock, thurrock_sso
):
    started = client.get(reverse("sso-start", args=["thurrock"]))
    denied = requests.post(
        started["Location"], data={"action": "deny"}, allow_redirects=False, timeout=5
    )
    back = denied.headers["Location"]
    assert parse_qs(urlsplit(back).query)["error"] == ["access_denied"]

    response = client.get(back)

    assert response.status_code == 400
    assert "You have not been signed in" in response.content.decode()
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.detail["reason"] == "the provider answered with an error"
    assert failed.detail["detail"] == "access_denied"


def test_an_error_for_a_sign_in_started_here_is_logged_for_that_employer(
    client, thurrock, thurrock_sso
):
    started = client.get(reverse("sso-start", args=["thurrock"]))
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]

    response = client.get(
        reverse("sso-callback"), {"error": "temporarily_unavailable", "state": state}
    )

    assert response.status_code == 400
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.organisation == thurrock
    assert failed.detail["detail"] == "temporarily_unavailable"
    assert state not in client.session["oidc_states"]


def test_a_code_the_provider_did_not_issue_signs_nobody_in(client, thurrock, thurrock_sso):
    started = client.get(reverse("sso-start", args=["thurrock"]))
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]

    response = client.get(reverse("sso-callback"), {"code": "made-up", "state": state})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.detail["reason"] == "the provider refused to exchange the code for a token"
    assert failed.detail["detail"] == "HTTP 400"


def test_a_token_from_another_issuer_is_refused(
    client, settings, officer, identity_provider, subject
):
    provider = identity_provider
    settings.SSO_PROVIDERS = {
        "thurrock": provider.settings(
            issuer="https://login.example/thurrock/v2.0",
            authorization_endpoint=f"{provider.issuer}/oauth2/authorize",
            token_endpoint=f"{provider.issuer}/oauth2/token",
            userinfo_endpoint=f"{provider.issuer}/userinfo",
            jwks_uri=f"{provider.issuer}/jwks",
        )
    }
    provider.add_user(subject, email=officer.user.email)
    started = client.get(reverse("sso-start", args=["thurrock"]))

    response = client.get(provider.authorise(started["Location"], subject))

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.detail["detail"] == "The ID token is from another issuer."


def test_a_password_sign_in_never_reaches_the_provider(client, officer, thurrock_sso):
    response = client.post(reverse("login"), {"username": "olive.officer", "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
