"""Where you are signed in (/account/sessions/): the user's sessions, this one marked,
and "Sign out of all other sessions", which ends them in every browser and gives this
session a new id."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from declarations.accounts import sessions
from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent, SignedInSession
from tests.declarations.accounts.session_time import is_signed_in

URL = "/account/sessions/"


def browser(user, agent: str) -> Client:
    """A browser signed in as `user` (its row says which browser: force_login's request
    has no headers)."""
    client = Client()
    client.force_login(user)
    SignedInSession.objects.filter(session_key=client.session.session_key).update(user_agent=agent)
    return client


@pytest.fixture
def laptop(officer):
    return browser(officer.user, "Laptop browser")


@pytest.fixture
def phone(officer):
    return browser(officer.user, "Phone browser")


def test_the_address():
    assert reverse("sessions") == URL


def test_signing_in_lists_the_session_and_signing_out_takes_it_off(officer):
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": "olive.officer", "password": "correct horse battery staple"},
        REMOTE_ADDR="192.0.2.7",
        headers={"user-agent": "Test browser"},
    )
    assert response.status_code == 302
    row = SignedInSession.objects.get(user=officer.user)
    assert row.session_key == client.session.session_key
    assert (row.method, row.ip_address, row.user_agent) == (
        "password",
        "192.0.2.7",
        "Test browser",
    )
    client.post(reverse("logout"))
    assert not SignedInSession.objects.filter(user=officer.user).exists()


def test_the_page_lists_your_sessions_with_this_one_marked(laptop, phone, officer, stranger):
    browser(stranger.user, "Stranger's browser")
    response = laptop.get(URL)
    assert response.status_code == 200
    listed = response.context["listed"]
    assert [(each.row.user_agent, each.current) for each in listed] == [
        ("Laptop browser", True),
        ("Phone browser", False),
    ]
    html = response.content.decode()
    assert "This session" in html
    assert "Stranger" not in html
    assert "Sign out of all other sessions" in html


def test_signing_out_of_all_other_sessions_ends_them_everywhere(laptop, phone, officer):
    old_key = laptop.session.session_key
    response = laptop.post(URL, follow=True)
    assert "You have been signed out of 1 other session." in response.content.decode()
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    # This session has a new id, and its row follows it; the other's row is gone.
    new_key = laptop.session.session_key
    assert new_key != old_key
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == [new_key]
    assert not sessions.session_store(old_key).exists(old_key)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.OTHER_SESSIONS_ENDED)
    assert (event.user, event.detail) == (officer.user, {"count": 1})


def test_with_no_other_session_there_is_no_button(laptop):
    html = laptop.get(URL).content.decode()
    assert "Sign out of all other sessions" not in html
    assert "You are not signed in anywhere else." in html


def test_an_ended_session_is_taken_off_the_list(laptop, phone):
    """The phone was last used 45 minutes ago: past the idle limit."""
    phone_key = phone.session.session_key
    session = phone.session
    session[sessions.LAST_ACTIVITY] = (timezone.now() - datetime.timedelta(minutes=45)).timestamp()
    session.save()
    listed = laptop.get(URL).context["listed"]
    assert [each.current for each in listed] == [True]
    assert not SignedInSession.objects.filter(session_key=phone_key).exists()
    assert not sessions.session_store(phone_key).exists(phone_key)


def test_a_session_gone_from_the_store_is_taken_off_the_list(laptop, phone):
    phone_key = phone.session.session_key
    sessions.session_store(phone_key).delete(phone_key)
    assert [each.current for each in laptop.get(URL).context["listed"]] == [True]
    assert not SignedInSession.objects.filter(session_key=phone_key).exists()


def test_a_new_session_id_mid_session_is_followed(laptop, officer):
    """The second-factor set-up gives the session a new id (a change of privilege)."""
    session = laptop.session
    old_key = session.session_key
    session.cycle_key()
    session.save()
    # As a view would: the row is found by the old key and moved to the new one.
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = session
    sessions.follow_new_key(request, old_key)
    assert SignedInSession.objects.get(user=officer.user).session_key == session.session_key
    assert session[SESSION_KEY] == str(officer.user.pk)


def test_the_page_needs_a_signed_in_user(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
