"""The account page, and the second-factor changes made from it
(declarations/accounts/views.py account, confirm_it_is_you, set_up_app,
remove_second_factor).

Who may: anyone signed in sees their own account; those who sign in with a local
password may set up, replace or (unless they must keep it) remove a second factor, once
they have confirmed it is them. Who may not: someone signed out; the monitoring officer
removing theirs; someone who signs in through their employer changing it here.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import (
    PASSWORD,
    code,
    give_app,
    give_recovery_codes,
    sign_in,
    signed_in_username,
)

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("account")


def new_app_code(page: str) -> str:
    text = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return f"{totp(base64.b32decode(text + '=' * (-len(text) % 8))):06d}"


def kinds() -> list[str]:
    return list(SecurityEvent.objects.values_list("kind", flat=True))


def test_someone_signed_out_is_sent_to_sign_in(client, db):
    response = client.get(ACCOUNT)

    assert response["Location"] == f"{reverse('login')}?next={ACCOUNT}"


def test_an_officer_sees_their_account_and_may_add_a_second_factor(client, officer):
    client.force_login(officer.user)

    page = client.get(ACCOUNT).content.decode()

    assert "Your account" in page
    assert "olive.officer" in page
    assert "Thurrock" in page
    assert reverse("password_change") in page
    assert "Set up a second factor" in page
    assert "You must use a second factor" not in page


def test_the_monitoring_officer_is_told_they_must_keep_theirs(client, monitoring_officer):
    give_app(monitoring_officer.user)
    give_recovery_codes(monitoring_officer.user)
    client.force_login(monitoring_officer.user)

    page = client.get(ACCOUNT).content.decode()

    assert "You must use a second factor to sign in because you are a monitoring officer" in page
    assert "10 left" in page
    assert reverse("account-remove") not in page


def test_changes_need_the_person_to_confirm_it_is_them(client, officer):
    client.force_login(officer.user)

    for name in ("account-set-up", "account-remove", "account-new-recovery-codes"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("account-confirm") + "?next=")


def test_a_wrong_password_does_not_confirm(client, officer):
    client.force_login(officer.user)

    response = client.post(
        reverse("account-confirm"), {"password": "not it", "next": reverse("account-set-up")}
    )

    assert '<a href="#id_password">Your password is wrong</a>' in response.content.decode()
    assert client.get(reverse("account-set-up"))["Location"].startswith(reverse("account-confirm"))


def test_with_a_second_factor_confirming_needs_a_code_too(client, officer):
    device = give_app(officer.user)
    client.force_login(officer.user)

    missing = client.post(reverse("account-confirm"), {"password": PASSWORD})
    wrong = client.post(
        reverse("account-confirm"), {"password": PASSWORD, "current_code": "000000"}
    )

    assert "Enter the 6-digit code from your authenticator app" in missing.content.decode()
    assert "The code is wrong or has expired" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_confirming_goes_on_to_the_change_but_never_off_the_site(client, officer):
    client.force_login(officer.user)

    response = client.post(
        reverse("account-confirm"), {"password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response["Location"] == ACCOUNT


def test_an_officer_sets_up_an_app_from_their_account(client, officer):
    sign_in(client, "olive.officer")
    client.post(reverse("account-confirm"), {"password": PASSWORD})
    page = client.get(reverse("account-set-up")).content.decode()
    before = client.session.session_key

    response = client.post(reverse("account-set-up"), {"code": new_app_code(page)})

    assert response["Location"] == reverse("account-recovery-codes")
    device = TOTPDevice.objects.get(user=officer.user)
    assert device.confirmed
    assert client.session.session_key != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("account-recovery-codes")).content.decode().count("<code>") == 10
    assert SecurityEventKind.SECOND_FACTOR_ADDED in kinds()
    # From now on, signing in asks for a code.
    client.post(reverse("logout"))
    assert sign_in(client, "olive.officer")["Location"] == reverse("sign-in-code")


def test_setting_up_signs_out_every_other_session(client, officer):
    elsewhere = Client()
    sign_in(elsewhere, "olive.officer")
    sign_in(client, "olive.officer")
    client.post(reverse("account-confirm"), {"password": PASSWORD})
    page = client.get(reverse("account-set-up")).content.decode()

    client.post(reverse("account-set-up"), {"code": new_app_code(page)})

    assert signed_in_username(elsewhere) is None
    assert signed_in_username(client) == "olive.officer"


def test_a_new_app_replaces_the_old_one(client, monitoring_officer):
    old = give_app(monitoring_officer.user)
    client.force_login(monitoring_officer.user)
    client.post(reverse("account-confirm"), {"password": PASSWORD, "current_code": code(old)})
    page = client.get(reverse("account-set-up")).content.decode()
    assert "Set up a new authenticator app" in page

    client.post(reverse("account-set-up"), {"code": new_app_code(page)})

    apps = TOTPDevice.objects.filter(user=monitoring_officer.user)
    assert apps.count() == 1
    assert apps.get().pk != old.pk


def test_a_wrong_code_for_the_new_app_changes_nothing(client, officer):
    client.force_login(officer.user)
    client.post(reverse("account-confirm"), {"password": PASSWORD})
    client.get(reverse("account-set-up"))

    response = client.post(reverse("account-set-up"), {"code": "000000"})

    assert "The code is wrong or has expired" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer.user, confirmed=True).exists()


def test_an_officer_removes_their_second_factor(client, officer):
    device = give_app(officer.user)
    give_recovery_codes(officer.user)
    client.force_login(officer.user)
    client.post(reverse("account-confirm"), {"password": PASSWORD, "current_code": code(device)})
    assert "Are you sure" in client.get(reverse("account-remove")).content.decode()

    response = client.post(reverse("account-remove"))

    assert response["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(user=officer.user).exists()
    assert not StaticDevice.objects.filter(user=officer.user).exists()
    assert SecurityEventKind.SECOND_FACTOR_REMOVED in kinds()
    client.post(reverse("logout"))
    assert sign_in(client, "olive.officer")["Location"] == reverse("home")


def test_the_monitoring_officer_cannot_remove_theirs(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    client.force_login(monitoring_officer.user)
    client.post(reverse("account-confirm"), {"password": PASSWORD, "current_code": code(device)})

    response = client.post(reverse("account-remove"))

    assert response.status_code == 403
    assert "You cannot remove your second factor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=monitoring_officer.user).exists()


def test_someone_who_signs_in_through_their_employer_changes_nothing_here(client, officer):
    officer.user.set_unusable_password()
    officer.user.save()
    client.force_login(officer.user)

    page = client.get(ACCOUNT).content.decode()
    refused = client.get(reverse("account-set-up"))

    assert "You sign in through your employer" in page
    assert "Set up a second factor" not in page
    assert refused.status_code == 403
