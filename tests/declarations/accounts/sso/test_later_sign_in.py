"""Later single sign-ons: the recorded identity (issuer and subject) finds the officer,
whatever email the provider now gives."""

from __future__ import annotations

import datetime

from declarations.models import SignInIdentity


def test_it_signs_in_by_subject_after_the_email_changed(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    SignInIdentity.objects.create(officer=officer, issuer=thurrock_sso.issuer, subject=subject)

    response = sign_in_with_sso(subject, email="olive.married.name@thurrock.example")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.user.pk)


def test_the_subject_wins_over_an_email_that_is_now_someone_elses(
    client, officer, line_manager, thurrock_sso, subject, sign_in_with_sso
):
    SignInIdentity.objects.create(officer=officer, issuer=thurrock_sso.issuer, subject=subject)

    sign_in_with_sso(subject, email=line_manager.user.email)

    assert client.session["_auth_user_id"] == str(officer.user.pk)


def test_it_notes_when_the_identity_last_signed_in(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    long_ago = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    identity = SignInIdentity.objects.create(
        officer=officer,
        issuer=thurrock_sso.issuer,
        subject=subject,
        first_signed_in_at=long_ago,
        last_signed_in_at=long_ago,
    )

    sign_in_with_sso(subject, email=officer.user.email)

    identity.refresh_from_db()
    assert identity.first_signed_in_at == long_ago
    assert identity.last_signed_in_at > long_ago
    assert SignInIdentity.objects.count() == 1


def test_the_same_subject_from_another_issuer_is_a_different_identity(
    client, officer, line_manager, thurrock_sso, subject, sign_in_with_sso
):
    SignInIdentity.objects.create(
        officer=line_manager, issuer="https://other.example", subject=subject
    )

    sign_in_with_sso(subject, email=officer.user.email)

    assert client.session["_auth_user_id"] == str(officer.user.pk)
