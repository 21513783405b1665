"""The first single sign-on of an identity: found by the provider's verified email among
the active officers of that provider's employer, then recorded by issuer and subject."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent, SignInIdentity
from tests.factories import OfficerFactory, UserFactory


def test_it_signs_in_the_officer_with_that_email_and_records_the_identity(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, email=officer.user.email, email_verified=True)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(officer.user.pk)
    identity = SignInIdentity.objects.get()
    assert (identity.officer, identity.issuer, identity.subject) == (
        officer,
        thurrock_sso.issuer,
        subject,
    )


def test_the_officer_then_sees_their_declarations(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    sign_in_with_sso(subject, email=officer.user.email, email_verified=True)

    page = client.get(reverse("home"))

    assert page.status_code == 200
    assert "Your declarations" in page.content.decode()


def test_the_session_says_it_was_signed_in_by_single_sign_on(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    sign_in_with_sso(subject, email=officer.user.email)

    assert client.session["sign_in_method"] == "sso"
    assert client.session["_auth_user_backend"] == (
        "declarations.accounts.sso.backend.OfficerOIDCBackend"
    )
    signed_in = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN).get()
    assert signed_in.user == officer.user


def test_it_keeps_no_token_in_the_session(client, officer, thurrock_sso, subject, sign_in_with_sso):
    sign_in_with_sso(subject, email=officer.user.email)

    kept = dict(client.session.items())

    assert not [name for name in kept if "token" in name]
    assert "sso_provider" not in kept


def test_the_email_matches_whatever_its_case(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, email=officer.user.email.upper())

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.user.pk)


def test_it_refuses_an_email_the_provider_says_is_not_verified(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, email=officer.user.email, email_verified=False)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not SignInIdentity.objects.exists()
    refused = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_REFUSED)
    assert refused.detail["reason"] == "the provider says the email address is not verified"


def test_an_officer_at_another_employer_with_the_same_email_is_not_matched(
    client, thurrock_sso, stranger, subject, sign_in_with_sso
):
    users_before = get_user_model().objects.count()

    response = sign_in_with_sso(subject, email=stranger.user.email, email_verified=True)

    assert response.status_code == 403
    assert "Your account is not set up in the register" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users_before


def test_of_two_officers_with_that_email_it_matches_the_active_one(
    client, thurrock, thurrock_sso, subject, sign_in_with_sso
):
    left = OfficerFactory(
        organisation=thurrock, active=False, user=UserFactory(email="pat@thurrock.example")
    )
    current = OfficerFactory(organisation=thurrock, user=UserFactory(email="Pat@thurrock.example"))

    sign_in_with_sso(subject, email="pat@thurrock.example")

    assert client.session["_auth_user_id"] == str(current.user.pk)
    assert SignInIdentity.objects.get().officer == current
    assert left.identities.count() == 0


def test_it_refuses_when_two_active_officers_share_the_email(
    client, thurrock, thurrock_sso, subject, sign_in_with_sso
):
    for _ in range(2):
        OfficerFactory(organisation=thurrock, user=UserFactory(email="shared@thurrock.example"))

    response = sign_in_with_sso(subject, email="shared@thurrock.example")

    assert response.status_code == 403
    assert "cannot tell which one is yours" in response.content.decode()
    assert not SignInIdentity.objects.exists()


def test_it_refuses_a_second_identity_for_an_officer_already_linked(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    SignInIdentity.objects.create(officer=officer, issuer=thurrock_sso.issuer, subject="first")

    response = sign_in_with_sso(subject, email=officer.user.email)

    assert response.status_code == 403
    assert "already linked" in response.content.decode()
    assert SignInIdentity.objects.get().subject == "first"


def test_the_register_asks_no_second_factor_of_someone_signed_in_by_their_employer(
    client, monitoring_officer, thurrock_sso, subject, sign_in_with_sso
):
    # A monitoring officer must use a second factor to sign in with a password; the
    # employer's provider asks for its own, so the register does not ask again.
    response = sign_in_with_sso(subject, email=monitoring_officer.user.email)

    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
