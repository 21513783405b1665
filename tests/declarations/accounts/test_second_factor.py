"""The second step of a local sign-in: a code from an authenticator app, and setting one
up before signing in for those who must have one (declarations/accounts/second_factor.py).

Who must: the monitoring officer and system administrators (staff, superusers). Who need
not: the officer and the stranger, unless they have set up an app themselves.
"""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations import clock
from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import (
    code,
    give_app,
    sign_in,
    signed_in_username,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def secret_on(page: str) -> bytes:
    """The setup key as the page shows it, decoded as an app would."""
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert shown, "no setup key on the page"
    text = shown.group(1).replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def app_code(key: bytes) -> str:
    return f"{totp(key):06d}"


# --- who is asked --------------------------------------------------------------------------


def test_the_monitoring_officer_must_set_up_an_app_before_signing_in(client, monitoring_officer):
    response = sign_in(client, "mona.monitoring")

    assert response["Location"] == reverse("sign-in-set-up")
    assert signed_in_username(client) is None


@pytest.mark.parametrize(
    "admin", [{"is_staff": True}, {"is_superuser": True, "is_staff": True}], ids=["staff", "super"]
)
def test_a_system_administrator_must_set_up_an_app_before_signing_in(client, db, admin):
    UserFactory(username="ada.admin", **admin)

    response = sign_in(client, "ada.admin")

    assert response["Location"] == reverse("sign-in-set-up")
    assert signed_in_username(client) is None


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_people_who_keep_no_register_need_no_second_factor(client, request, who):
    person = request.getfixturevalue(who)

    response = sign_in(client, person.user.username)

    assert response["Location"] == reverse("home")
    assert signed_in_username(client) == person.user.username


def test_a_monitoring_officer_whose_role_has_ended_need_not(client, monitoring_officer):
    role = monitoring_officer.roles.get()
    role.valid_from = clock.today() - datetime.timedelta(days=30)
    role.valid_to = clock.today() - datetime.timedelta(days=1)
    role.save()

    response = sign_in(client, "mona.monitoring")

    assert response["Location"] == reverse("home")


# --- setting up an app before signing in ------------------------------------------------


def test_the_set_up_page_shows_a_qr_code_image_and_the_key(client, monitoring_officer):
    sign_in(client, "mona.monitoring")

    response = client.get(reverse("sign-in-set-up"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<img src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=monitoring_officer.user)
    assert device.confirmed is False
    assert secret_on(page) == device.bin_key
    assert 'autocomplete="one-time-code"' in page
    assert "<script>" not in page and "style=" not in page


def test_reloading_the_set_up_page_keeps_the_same_key(client, monitoring_officer):
    sign_in(client, "mona.monitoring")

    first = secret_on(client.get(reverse("sign-in-set-up")).content.decode())
    second = secret_on(client.get(reverse("sign-in-set-up")).content.decode())

    assert first == second


def test_the_right_code_sets_up_the_app_signs_in_and_shows_recovery_codes(
    client, monitoring_officer
):
    sign_in(client, "mona.monitoring", next="/register/")
    key = secret_on(client.get(reverse("sign-in-set-up")).content.decode())
    before = client.session.session_key

    response = client.post(reverse("sign-in-set-up"), {"code": app_code(key)})

    assert response["Location"] == reverse("account-recovery-codes")
    assert signed_in_username(client) == "mona.monitoring"
    assert client.session.session_key != before
    device = TOTPDevice.objects.get(user=monitoring_officer.user)
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    codes_page = client.get(reverse("account-recovery-codes")).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert 'href="/register/"' in codes_page
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert SecurityEventKind.SECOND_FACTOR_ADDED in kinds
    assert SecurityEventKind.RECOVERY_CODES_CREATED in kinds


def test_a_wrong_code_while_setting_up_is_refused_and_recorded(client, monitoring_officer):
    sign_in(client, "mona.monitoring")
    client.get(reverse("sign-in-set-up"))

    response = client.post(reverse("sign-in-set-up"), {"code": "000000"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_code">The code is wrong or has expired' in page
    assert signed_in_username(client) is None
    assert not TOTPDevice.objects.filter(user=monitoring_officer.user, confirmed=True).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.SECOND_FACTOR_FAILED, user=monitoring_officer.user
    ).exists()


def test_a_code_that_is_not_six_digits_is_named(client, monitoring_officer):
    sign_in(client, "mona.monitoring")
    client.get(reverse("sign-in-set-up"))

    response = client.post(reverse("sign-in-set-up"), {"code": "12ab"})

    assert "The code must be the 6 digits the app shows" in response.content.decode()


def test_someone_with_an_app_cannot_set_up_another_with_the_password_alone(
    client, monitoring_officer
):
    give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    response = client.get(reverse("sign-in-set-up"))

    assert response["Location"] == reverse("login")
    assert TOTPDevice.objects.filter(user=monitoring_officer.user).count() == 1


# --- the code step -------------------------------------------------------------------------


def test_someone_with_an_app_is_asked_for_its_code(client, monitoring_officer):
    give_app(monitoring_officer.user)

    response = sign_in(client, "mona.monitoring")

    assert response["Location"] == reverse("sign-in-code")
    page = client.get(reverse("sign-in-code")).content.decode()
    assert "Enter your code" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_signs_in_in_a_new_session(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    session_at_start = client.session.session_key
    sign_in(client, "mona.monitoring", next="/register/")
    session_after_password = client.session.session_key

    response = client.post(reverse("sign-in-code"), {"code": code(device)})

    assert response["Location"] == "/register/"
    assert signed_in_username(client) == "mona.monitoring"
    assert len({session_at_start, session_after_password, client.session.session_key}) == 3
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_an_officer_who_chose_an_app_signs_in_with_it(client, officer):
    device = give_app(officer.user)
    sign_in(client, "olive.officer")

    client.post(reverse("sign-in-code"), {"code": code(device)})

    assert signed_in_username(client) == "olive.officer"


def test_a_wrong_code_is_refused_recorded_and_slows_the_next_try(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    first = client.post(reverse("sign-in-code"), {"code": "000000"})
    second = client.post(reverse("sign-in-code"), {"code": code(device)})

    assert '<a href="#id_code">The code is wrong or has expired' in first.content.decode()
    assert "You have entered too many wrong codes" in second.content.decode()
    assert signed_in_username(client) is None
    failures = SecurityEvent.objects.filter(
        kind=SecurityEventKind.SECOND_FACTOR_FAILED, user=monitoring_officer.user
    )
    assert failures.count() == 2
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_right_code_works_once_the_wait_is_over(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    client.post(reverse("sign-in-code"), {"code": "000000"})
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=2)
    device.save()

    client.post(reverse("sign-in-code"), {"code": code(device)})

    assert signed_in_username(client) == "mona.monitoring"


def test_an_empty_code_is_named(client, monitoring_officer):
    give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    response = client.post(reverse("sign-in-code"), {"code": ""})

    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


def test_a_code_cannot_be_used_twice(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    used = code(device)
    sign_in(client, "mona.monitoring")
    client.post(reverse("sign-in-code"), {"code": used})
    client.post(reverse("logout"))
    sign_in(client, "mona.monitoring")

    response = client.post(reverse("sign-in-code"), {"code": used})

    assert "The code is wrong or has expired" in response.content.decode()
    assert signed_in_username(client) is None


def test_the_code_of_the_next_time_step_works_for_the_next_sign_in(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    client.post(reverse("sign-in-code"), {"code": code(device)})
    client.post(reverse("logout"))
    sign_in(client, "mona.monitoring")

    client.post(reverse("sign-in-code"), {"code": code(device, ahead=1)})

    assert signed_in_username(client) == "mona.monitoring"


# --- the pending sign-in -------------------------------------------------------------------


def test_the_code_page_without_a_password_first_sends_to_sign_in(client, db):
    response = client.get(reverse("sign-in-code"))

    assert response["Location"] == reverse("login")


def test_the_pending_sign_in_expires(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    later = timezone.now() + datetime.timedelta(
        minutes=settings.SECOND_FACTOR_TIMEOUT_MINUTES, seconds=1
    )

    with clock.set_to(later):
        response = client.post(reverse("sign-in-code"), {"code": code(device)})

    assert response["Location"] == reverse("login")
    assert signed_in_username(client) is None


def test_the_pending_sign_in_belongs_to_its_own_session(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    other = Client()

    response = other.post(reverse("sign-in-code"), {"code": code(device)})

    assert response["Location"] == reverse("login")
    assert signed_in_username(other) is None


def test_a_password_changed_meanwhile_ends_the_pending_sign_in(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    monitoring_officer.user.set_password("a whole new passphrase")
    monitoring_officer.user.save()

    response = client.post(reverse("sign-in-code"), {"code": code(device)})

    assert response["Location"] == reverse("login")


def test_someone_pending_cannot_reach_signed_in_pages(client, monitoring_officer):
    give_app(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    response = client.get(reverse("home"))

    assert response["Location"].startswith(reverse("login"))
