"""Brute-force protection at sign-in (django-axes, declarations/accounts/throttling.py).

A username is locked from one address after AXES_FAILURE_LIMIT wrong passwords; its
owner elsewhere still signs in. One address is stopped for every username after
AXES_ADDRESS_FAILURE_LIMIT. A locked-out attempt gets a 429 page, never a traceback.
"""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import sign_in, signed_in_username
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"
LOCKED = "Too many attempts to sign in"


def test_the_settings_lock_after_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_MINUTES == 15
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 100
    assert settings.AXES_RESET_ON_SUCCESS is True


def test_fifty_wrong_passwords_lock_the_username_at_that_address_only(client, officer):
    statuses = [
        sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)
        for n in range(50)
    ]

    assert [r.status_code for r in statuses[:4]] == [200] * 4
    assert all("Enter a correct username and password" in r.content.decode() for r in statuses[:4])
    assert {r.status_code for r in statuses[4:]} == {429}
    assert LOCKED in statuses[-1].content.decode()
    # Even the right password is refused from there until the cool-off has passed...
    assert sign_in(client, "olive.officer", REMOTE_ADDR=ATTACKER).status_code == 429
    assert signed_in_username(client) is None
    # ...while the officer, at their own desk, signs in.
    response = sign_in(client, "olive.officer", REMOTE_ADDR=OWNER)
    assert response["Location"] == reverse("home")
    assert signed_in_username(client) == "olive.officer"


def test_the_lockout_page_says_when_to_try_again_and_who_to_tell(client, officer):
    for n in range(5):
        response = sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)

    page = response.content.decode()
    assert response.status_code == 429
    assert '<h1 class="govuk-heading-l">Too many attempts to sign in</h1>' in page
    assert "You can try again after" in page
    assert "IT service desk or your monitoring officer" in page
    assert "Traceback" not in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_refused_attempts_do_not_move_the_time_to_try_again(client, officer):
    for n in range(5):
        first = sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=5))

    later = sign_in(client, "olive.officer", password="again", REMOTE_ADDR=ATTACKER)

    assert later.status_code == 429
    assert int(later["Retry-After"]) <= int(first["Retry-After"]) - 5 * 60 + 1


def test_the_lock_lifts_after_the_cool_off(client, officer):
    for n in range(5):
        sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    response = sign_in(client, "olive.officer", REMOTE_ADDR=ATTACKER)

    assert response["Location"] == reverse("home")


def test_a_lockout_is_in_the_security_log(client, officer):
    for n in range(5):
        sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)

    event = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT).first()
    assert event is not None
    assert event.username == "olive.officer"
    assert event.ip_address == ATTACKER


def test_a_success_clears_that_usernames_count_at_that_address(client, officer):
    for n in range(4):
        sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=OWNER)
    sign_in(client, "olive.officer", REMOTE_ADDR=OWNER)
    client.post(reverse("logout"))

    statuses = [
        sign_in(client, "olive.officer", password=f"again {n}", REMOTE_ADDR=OWNER).status_code
        for n in range(4)
    ]

    assert statuses == [200] * 4


def test_signing_in_as_yourself_does_not_clear_the_count_for_someone_else(
    client, officer, stranger
):
    for n in range(4):
        sign_in(client, "olive.officer", password=f"guess {n}", REMOTE_ADDR=ATTACKER)
    sign_in(client, "sam.stranger", REMOTE_ADDR=ATTACKER)
    client.post(reverse("logout"))

    response = sign_in(client, "olive.officer", password="guess 5", REMOTE_ADDR=ATTACKER)

    assert response.status_code == 429


def test_one_address_is_stopped_for_every_username_at_its_ceiling(client, officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    for n in range(12):
        sign_in(client, f"someone.{n}", password="guess", REMOTE_ADDR=ATTACKER)

    from_there = sign_in(client, "olive.officer", REMOTE_ADDR=ATTACKER)
    from_elsewhere = sign_in(client, "olive.officer", REMOTE_ADDR=OWNER)

    assert from_there.status_code == 429
    assert from_elsewhere["Location"] == reverse("home")


def test_below_the_ceiling_other_usernames_still_sign_in(client, officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    for n in range(11):
        sign_in(client, f"someone.{n}", password="guess", REMOTE_ADDR=ATTACKER)

    response = sign_in(client, "olive.officer", REMOTE_ADDR=ATTACKER)

    assert response["Location"] == reverse("home")


def test_an_administrator_is_locked_out_the_same_way(client, db):
    UserFactory(username="ada.admin", is_staff=True, is_superuser=True)

    statuses = [
        sign_in(client, "ada.admin", password=f"guess {n}", next="/admin/").status_code
        for n in range(6)
    ]

    assert statuses == [200] * 4 + [429] * 2
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))


def test_a_wrong_current_password_on_the_account_pages_counts_too(client, officer):
    client.force_login(officer.user)
    for n in range(4):
        client.post(reverse("account-confirm"), {"password": f"guess {n}"})

    response = client.post(reverse("account-confirm"), {"password": "guess 5"})

    assert response.status_code == 429
