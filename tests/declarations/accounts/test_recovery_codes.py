"""Recovery codes: ten, each good for one sign-in, shown once, stored only as digests
(declarations/accounts/second_factor.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from declarations.accounts import second_factor
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


def test_ten_different_codes_of_120_random_bits(monitoring_officer):
    codes = give_recovery_codes(monitoring_officer.user)

    assert len(set(codes)) == 10
    for each in codes:
        assert len(each.replace("-", "")) == 24  # base32: 5 bits a character


def test_only_a_digest_of_each_code_is_stored(monitoring_officer):
    codes = give_recovery_codes(monitoring_officer.user)

    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    for each in codes:
        assert each not in stored
        assert each.replace("-", "").lower() not in stored
        assert second_factor.stored_form(each) in stored


def test_a_recovery_code_signs_in_in_place_of_the_app(client, monitoring_officer):
    give_app(monitoring_officer.user)
    codes = give_recovery_codes(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    response = client.post(reverse("sign-in-code"), {"code": codes[0]})

    assert response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert "You used a recovery code. You have 9 left" in home
    assert signed_in_username(client) == "mona.monitoring"
    used = SecurityEvent.objects.get(kind=SecurityEventKind.RECOVERY_CODE_USED)
    assert used.user == monitoring_officer.user
    assert used.detail == {"recovery_codes_left": 9}


def test_a_recovery_code_works_only_once(client, monitoring_officer):
    give_app(monitoring_officer.user)
    codes = give_recovery_codes(monitoring_officer.user)
    sign_in(client, "mona.monitoring")
    client.post(reverse("sign-in-code"), {"code": codes[0]})
    client.post(reverse("logout"))
    sign_in(client, "mona.monitoring")

    response = client.post(reverse("sign-in-code"), {"code": codes[0]})

    assert "The code is wrong or has expired" in response.content.decode()
    assert signed_in_username(client) is None


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.lower(),
        lambda c: c.replace("-", " "),
        lambda c: c.replace("-", ""),
        lambda c: c.replace("O", "0").replace("I", "1").replace("B", "8"),
    ],
    ids=["lower case", "spaces", "no separators", "digits for letters"],
)
def test_a_recovery_code_may_be_typed_loosely(client, monitoring_officer, typed):
    give_app(monitoring_officer.user)
    codes = give_recovery_codes(monitoring_officer.user)
    sign_in(client, "mona.monitoring")

    client.post(reverse("sign-in-code"), {"code": typed(codes[3])})

    assert signed_in_username(client) == "mona.monitoring"


def test_a_recovery_code_of_another_person_does_not_work(client, monitoring_officer, officer):
    give_app(monitoring_officer.user)
    give_recovery_codes(monitoring_officer.user)
    theirs = give_recovery_codes(officer.user)
    sign_in(client, "mona.monitoring")

    response = client.post(reverse("sign-in-code"), {"code": theirs[0]})

    assert "The code is wrong or has expired" in response.content.decode()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.SECOND_FACTOR_FAILED, user=monitoring_officer.user
    ).exists()


# --- new codes from the account page -----------------------------------------------------


def confirm(client, device, ahead: int = 0) -> None:
    client.post(
        reverse("account-confirm"),
        {"password": PASSWORD, "current_code": code(device, ahead=ahead)},
    )


def test_new_codes_need_the_person_to_confirm_it_is_them(client, monitoring_officer):
    give_app(monitoring_officer.user)
    client.force_login(monitoring_officer.user)

    response = client.get(reverse("account-new-recovery-codes"))

    assert response["Location"] == (
        reverse("account-confirm") + "?next=%2Faccount%2Frecovery-codes%2Fnew%2F"
    )


def test_new_codes_replace_the_old_and_are_shown_once(client, monitoring_officer):
    device = give_app(monitoring_officer.user)
    old = give_recovery_codes(monitoring_officer.user)
    client.force_login(monitoring_officer.user)
    confirm(client, device)

    response = client.post(reverse("account-new-recovery-codes"))

    assert response["Location"] == reverse("account-recovery-codes")
    page = client.get(reverse("account-recovery-codes")).content.decode()
    assert page.count("<li><code>") == 10
    assert not any(each in page for each in old)
    assert client.get(reverse("account-recovery-codes"))["Location"] == reverse("account")
    assert not StaticToken.objects.filter(token=second_factor.stored_form(old[0])).exists()
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEventKind.RECOVERY_CODES_CREATED, user=monitoring_officer.user
        ).count()
        == 2
    )


def test_the_codes_page_with_nothing_new_goes_back_to_the_account(client, officer):
    client.force_login(officer.user)

    response = client.get(reverse("account-recovery-codes"))

    assert response["Location"] == reverse("account")


def test_the_codes_page_needs_a_signed_in_user(client, db):
    response = client.get(reverse("account-recovery-codes"))

    assert response["Location"].startswith(reverse("login"))
