"""An identity that matches no officer: a page saying the account is not set up and whom
to ask (403), a SIGN_IN_REFUSED in the security log, and no account made."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent, SignInIdentity


def test_it_says_the_account_is_not_set_up_and_names_the_monitoring_officer(
    client, monitoring_officer, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, email="new.starter@thurrock.example", email_verified=True)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account is not set up in the register" in page
    assert "Mona Monitoring, the monitoring officer at Thurrock Council" in page
    assert "new.starter@thurrock.example" in page


def test_without_a_monitoring_officer_it_says_whom_to_ask_by_role(
    client, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, email="new.starter@thurrock.example")

    assert "contact the monitoring officer at Thurrock Council" in response.content.decode()


def test_it_makes_no_account_and_signs_nobody_in(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    users_before = get_user_model().objects.count()

    sign_in_with_sso(subject, email="new.starter@thurrock.example")

    assert get_user_model().objects.count() == users_before
    assert not SignInIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_it_records_the_refusal_with_its_reason_and_never_a_token(
    client, thurrock, thurrock_sso, subject, sign_in_with_sso
):
    sign_in_with_sso(subject, email="new.starter@thurrock.example")

    refused = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_REFUSED)
    assert refused.organisation == thurrock
    assert refused.username == "new.starter@thurrock.example"
    assert refused.detail == {
        "reason": "no active officer of this employer has this email address",
        "provider": "thurrock",
        "subject": subject,
    }
    assert refused.user is None


def test_it_refuses_an_identity_with_no_email(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    response = sign_in_with_sso(subject, name="No Email")

    assert response.status_code == 403
    refused = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_REFUSED)
    assert refused.detail["reason"] == "the provider sent no email address"
