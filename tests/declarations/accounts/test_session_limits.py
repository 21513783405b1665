"""A signed-in session ends after 30 minutes without activity and 12 hours after sign-in
(declarations/accounts/sessions.py): the next request is signed out, told why, and sent
to sign in again; a script gets 401 JSON. A form the warning saves as the time runs out
is saved, then signed out."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from declarations.accounts import sessions
from declarations.choices import SecurityEventKind
from declarations.models import Declaration, SecurityEvent, SignedInSession
from tests.declarations.accounts.session_time import at, is_signed_in


def test_a_session_used_within_30_minutes_carries_on(signed_in):
    with at(29):
        assert is_signed_in(signed_in)


def test_30_minutes_without_activity_signs_out_and_says_why(signed_in, officer):
    with at(31):
        response = signed_in.get(reverse("declaration-new"), follow=True)
    assert response.redirect_chain[0] == (
        f"{reverse('login')}?next={reverse('declaration-new')}",
        302,
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 30 minutes without activity. Sign in to carry on."
    ]
    assert not is_signed_in(signed_in)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert event.user == officer.user
    assert event.detail == {"reason": "idle"}
    assert not SignedInSession.objects.filter(user=officer.user).exists()


def test_the_sign_in_page_shows_the_message(signed_in):
    with at(31):
        response = signed_in.get(reverse("home"), follow=True)
    assert b"You were signed out after 30 minutes without activity" in response.content


def test_activity_keeps_the_session_going(signed_in):
    for minutes in (20, 40, 60, 80):
        with at(minutes):
            assert is_signed_in(signed_in)


def test_12_hours_after_sign_in_the_session_ends_however_busy(signed_in):
    for minutes in range(25, 12 * 60, 25):
        with at(minutes):
            assert is_signed_in(signed_in)
    with at(12 * 60 + 1):
        response = signed_in.get(reverse("home"), follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out because you had been signed in for 12 hours. Sign in to carry on."
    ]
    assert SecurityEvent.objects.get(kind="session_expired").detail == {"reason": "absolute"}


def test_a_script_is_answered_401_json(signed_in):
    with at(31):
        response = signed_in.post(
            reverse("api-policy-check"), "{}", content_type="application/json"
        )
    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"


def test_a_request_for_json_is_answered_401_json(signed_in):
    with at(31):
        response = signed_in.get(reverse("home"), headers={"accept": "application/json"})
    assert response.status_code == 401


def test_a_post_past_the_limit_is_not_carried_out(signed_in, officer):
    with at(31):
        response = signed_in.post(reverse("declaration-new"), {"type": "gift"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_the_limits_come_from_the_settings(signed_in, settings):
    settings.SESSION_IDLE_SECONDS = 5 * 60
    with at(4):
        assert is_signed_in(signed_in)
    with at(10):
        response = signed_in.get(reverse("home"), follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 5 minutes without activity. Sign in to carry on."
    ]


def test_a_session_from_before_the_limits_counts_from_its_next_request(signed_in):
    session = signed_in.session
    del session[sessions.STARTED]
    del session[sessions.LAST_ACTIVITY]
    session.save()
    with at(60):
        assert is_signed_in(signed_in)
    with at(80):
        assert is_signed_in(signed_in)


def test_the_session_cookie_lasts_no_longer_than_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# --- the form the warning saves as the time runs out ----------------------------------


def autosave(client, **answers):
    data = {"action": "save", sessions.AUTOSAVE_FIELD: "save", **answers}
    return client.post(reverse("declaration-new-type", args=["gift"]), data, follow=True)


def test_a_form_saved_as_the_time_runs_out_is_kept_as_a_draft_and_then_signed_out(
    signed_in, officer
):
    with at(29):
        response = autosave(signed_in, counterparty="Half-typed Ltd")
    draft = Declaration.objects.get(officer=officer)
    assert draft.status == "draft"
    assert draft.counterparty == "Half-typed Ltd"
    edit = reverse("declaration-edit", args=[draft.pk])
    assert response.redirect_chain[-1] == (f"{reverse('login')}?next={edit}", 302)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You were signed out after 30 minutes without activity. "
        "Your answers were saved as a draft. Sign in to carry on."
    ]
    assert not is_signed_in(signed_in)
    event = SecurityEvent.objects.get(kind="session_expired")
    assert event.detail == {"reason": "idle", "draft_saved": True}


def test_a_form_that_cannot_be_saved_still_signs_out_and_says_so(signed_in, officer):
    with at(29):
        response = autosave(signed_in, value_gbp="a lot")
    assert not Declaration.objects.filter(officer=officer).exists()
    [message] = get_messages(response.wsgi_request)
    assert "could not be saved as a draft" in str(message)
    assert not is_signed_in(signed_in)


def test_saving_a_draft_the_ordinary_way_keeps_the_session(signed_in, officer):
    response = signed_in.post(
        reverse("declaration-new-type", args=["gift"]),
        {"action": "save", "counterparty": "Typed Ltd"},
    )
    assert response.status_code == 302
    assert is_signed_in(signed_in)
