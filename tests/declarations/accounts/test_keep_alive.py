"""The two addresses the timeout warning calls (static/js/session_timeout.js): the
keep-alive ("Stay signed in") counts as activity; the status, which says how long is
left, does not."""

from __future__ import annotations

from django.urls import reverse

from tests.declarations.accounts.session_time import at, is_signed_in

JSON = {"accept": "application/json"}


def test_staying_signed_in_counts_as_activity(signed_in):
    with at(25):
        response = signed_in.post(reverse("session-keep-alive"), headers=JSON)
    assert response.status_code == 204
    with at(50):
        assert is_signed_in(signed_in)


def test_keep_alive_needs_a_post_with_the_csrf_token(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    assert client.get(reverse("session-keep-alive")).status_code == 405
    assert client.post(reverse("session-keep-alive")).status_code == 403


def test_keep_alive_cannot_bring_an_ended_session_back(signed_in):
    with at(31):
        response = signed_in.post(reverse("session-keep-alive"), headers=JSON)
    assert response.status_code == 401
    assert not is_signed_in(signed_in)


def test_the_status_says_how_long_is_left(signed_in):
    with at(10):
        left = signed_in.get(reverse("session-status"), headers=JSON).json()
    assert 19 * 60 <= left["idle_seconds_left"] <= 20 * 60
    assert 11 * 60 * 60 + 49 * 60 <= left["absolute_seconds_left"] <= 11 * 60 * 60 + 50 * 60


def test_asking_the_status_is_not_activity(signed_in):
    with at(20):
        assert signed_in.get(reverse("session-status"), headers=JSON).status_code == 200
    with at(31):
        response = signed_in.get(reverse("session-status"), headers=JSON)
    assert response.status_code == 401


def test_without_a_session_both_answer_401(client, db):
    assert client.get(reverse("session-status"), headers=JSON).status_code == 401
    assert client.post(reverse("session-keep-alive"), headers=JSON).status_code == 401


def test_signed_in_pages_carry_the_warnings_settings(signed_in):
    html = signed_in.get(reverse("home")).content.decode()
    assert 'data-session-idle-seconds="1800"' in html
    assert 'data-session-warning-seconds="120"' in html
    assert f'data-session-keep-alive-url="{reverse("session-keep-alive")}"' in html
    assert 'id="session-timeout"' in html
    assert "js/session_timeout.js" in html


def test_the_sign_in_page_has_no_warning(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "data-session-" not in html
    assert "session_timeout.js" not in html
