"""Resetting a forgotten password by email (declarations/accounts/passwords.py).

Anyone may ask (the pages are public); the answer never says whether an account has
that address. The link works once; a reset never skips the second factor.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent
from tests.declarations.accounts.local_sign_in import give_app, sign_in, signed_in_username

pytestmark = pytest.mark.django_db

NEW = "a brand new passphrase for olive"


def ask(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def link_in(message) -> str:
    found = re.search(r"(https?://\S+/password-reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_reset_page_is_public(client, db):
    response = client.get(reverse("password_reset"))

    assert response.status_code == 200
    assert "Reset your password" in response.content.decode()
    assert 'autocomplete="email"' in response.content.decode()


def test_a_known_address_gets_a_link_built_from_the_sites_address(client, officer):
    response = ask(client, "olive.officer@example.org")

    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olive.officer@example.org"]
    assert link_in(message).startswith(settings.SITE_URL.rstrip("/") + "/password-reset/")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED)
    assert event.user == officer.user


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, officer):
    known = ask(client, "olive.officer@example.org")
    unknown = ask(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    sent_page = client.get(unknown["Location"]).content.decode()
    assert "If the address you entered belongs to an account" in sent_page
    requests = SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED)
    assert [(e.user, e.detail) for e in requests.order_by("pk")] == [
        (officer.user, {}),
        (None, {"account_found": False}),
    ]


def test_an_account_without_a_local_password_gets_no_email(client, officer):
    officer.user.set_unusable_password()
    officer.user.save()

    ask(client, "olive.officer@example.org")

    assert mail.outbox == []


def test_an_address_in_the_wrong_format_is_named(client, db):
    page = ask(client, "not an address").content.decode()

    assert '<a href="#id_email">Enter an email address in the correct format' in page


def test_an_empty_address_is_named(client, db):
    assert '<a href="#id_email">Enter your email address</a>' in (ask(client, "").content.decode())


def test_the_link_lets_them_choose_a_new_password_once(client, officer):
    ask(client, "olive.officer@example.org")
    link = link_in(mail.outbox[0]).removeprefix(settings.SITE_URL.rstrip("/"))

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )

    assert response["Location"] == reverse("password_reset_complete")
    officer.user.refresh_from_db()
    assert officer.user.check_password(NEW)
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_RESET, user=officer.user
    ).exists()
    again = client.get(link, follow=True).content.decode()
    assert "The link has expired" in again
    assert signed_in_username(client) is None


def test_the_new_password_must_follow_the_rules(client, officer):
    ask(client, "olive.officer@example.org")
    link = link_in(mail.outbox[0]).removeprefix(settings.SITE_URL.rstrip("/"))
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": "short1", "new_password2": "short1"})

    assert '<a href="#id_new_password1">Your new password must be at least 8 characters' in (
        response.content.decode()
    )


def test_a_made_up_link_is_refused(client, officer):
    response = client.get("/password-reset/MQ/abc-123/", follow=True)

    assert "The link has expired" in response.content.decode()


def test_a_reset_never_skips_the_second_factor(client, monitoring_officer):
    give_app(monitoring_officer.user)
    ask(client, "mona.monitoring@example.org")
    link = link_in(mail.outbox[0]).removeprefix(settings.SITE_URL.rstrip("/"))
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    response = sign_in(client, "mona.monitoring", password=NEW)

    assert response["Location"] == reverse("sign-in-code")
    assert signed_in_username(client) is None
