"""Session limits and the list of a user's sessions (OWASP ASVS 5.0 V7).

A signed-in session ends after `SESSION_IDLE_SECONDS` without a request and
`SESSION_ABSOLUTE_SECONDS` after sign-in, however busy. The session holds when it
started and when it was last used (the register's clock, so tests can move time); the
middleware below ends it on the first request past either limit, records
SESSION_EXPIRED, and sends the browser to sign in again with a message saying why
(a script gets 401 JSON instead).

Pages warn before the end (static/js/session_timeout.js, configured from
`request.session_limits`): "Stay signed in" posts to the keep-alive view; a declaration
form left alone is saved as a draft just before the end, posted with `AUTOSAVE_FIELD`,
and this middleware then ends the session once the draft is saved, so a saved draft
never keeps an unattended session going.

The session id changes at every change of privilege: `login()` cycles it at sign-in,
the second-factor set-up cycles it (accounts journey), and "Sign out of all other
sessions" cycles this one. Whenever it changes under a request, the SignedInSession row
follows it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from declarations import clock, security_log
from declarations.choices import SecurityEventKind
from declarations.models import SignedInSession

STARTED = "session_started_at"  # seconds since the epoch, when the user signed in
LAST_ACTIVITY = "session_last_activity"  # seconds since the epoch, the last request
# Posted (with "Save as draft") by session_timeout.js when the time runs out.
AUTOSAVE_FIELD = "session_timeout"
IDLE = "idle"
ABSOLUTE = "absolute"


@dataclass(frozen=True)
class Limits:
    """How long this session has left, for the warning before it ends."""

    idle_seconds_left: int
    absolute_seconds_left: int
    warning_seconds: int

    @property
    def nearer(self) -> str:
        """Which limit comes first."""
        return ABSOLUTE if self.absolute_seconds_left <= self.idle_seconds_left else IDLE


def start(session: SessionBase, at: datetime.datetime) -> None:
    """Start the clocks at sign-in."""
    session[STARTED] = session[LAST_ACTIVITY] = at.timestamp()


def limits(session: Mapping[str, Any], at: datetime.datetime) -> Limits:
    """Seconds left before each limit (negative once passed). A session from before
    these limits existed counts from now."""
    now = at.timestamp()
    started = session.get(STARTED, now)
    last = session.get(LAST_ACTIVITY, started)
    return Limits(
        idle_seconds_left=round(last + settings.SESSION_IDLE_SECONDS - now),
        absolute_seconds_left=round(started + settings.SESSION_ABSOLUTE_SECONDS - now),
        warning_seconds=settings.SESSION_WARNING_SECONDS,
    )


def ended(session: Mapping[str, Any], at: datetime.datetime) -> str | None:
    """IDLE or ABSOLUTE if the session has passed that limit, else None."""
    left = limits(session, at)
    if left.absolute_seconds_left <= 0:
        return ABSOLUTE
    if left.idle_seconds_left <= 0:
        return IDLE
    return None


def touch(session: SessionBase, at: datetime.datetime, *, always: bool = False) -> None:
    """Record activity. Written at most about once a minute (sooner for short limits),
    so that not every request rewrites the session."""
    if STARTED not in session:
        start(session, at)
        return
    last = session.get(LAST_ACTIVITY, 0)
    every = min(60, settings.SESSION_IDLE_SECONDS / 30)
    if always or at.timestamp() - last >= every:
        session[LAST_ACTIVITY] = at.timestamp()


def duration(seconds: int) -> str:
    """`1800` -> "30 minutes", `43200` -> "12 hours", for the messages."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def signed_out_message(reason: str, *, draft_saved: bool | None = None) -> str:
    """What the sign-in page says after a session ended."""
    if reason == ABSOLUTE:
        text = (
            f"You were signed out because you had been signed in for "
            f"{duration(settings.SESSION_ABSOLUTE_SECONDS)}."
        )
    else:
        text = (
            f"You were signed out after {duration(settings.SESSION_IDLE_SECONDS)} without activity."
        )
    if draft_saved is True:
        text += " Your answers were saved as a draft."
    elif draft_saved is False:
        text += " Your answers could not be saved as a draft: sign in and enter them again."
    return text + " Sign in to carry on."


def end(request: HttpRequest, reason: str, **detail: Any) -> None:
    """End this request's session: record why, forget it, and carry on anonymous."""
    security_log.record(SecurityEventKind.SESSION_EXPIRED, request=request, reason=reason, **detail)
    if request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()
    request.session.flush()
    request.user = AnonymousUser()


def wants_json(request: HttpRequest) -> bool:
    """A script's request (the policy-check API, the session's own endpoints)."""
    return request.path.startswith("/api/") or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def signed_out_response(
    request: HttpRequest, reason: str, next_url: str, *, draft_saved: bool | None = None
) -> HttpResponse:
    """To sign-in with a message (it comes back to `next_url`), or 401 for a script."""
    text = signed_out_message(reason, draft_saved=draft_saved)
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"error": "signed_out", "message": text}, status=401)
    else:
        url = resolve_url(settings.LOGIN_URL)
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            query = QueryDict(mutable=True)
            query["next"] = next_url
            url += "?" + query.urlencode(safe="/")
        response = HttpResponseRedirect(url)
    # MessageMiddleware comes after this one, so store the message as it would: the next
    # page (for a script's request, the sign-in page it leads to) says why.
    storage = default_storage(request)
    storage.add(messages.INFO, text)
    storage.update(response)
    return response


def _next_url(request: HttpRequest) -> str:
    """Where to come back to after signing in again: this page, if it can be fetched."""
    if request.path == resolve_url(settings.LOGIN_URL):
        return request.GET.get("next", "")
    return request.get_full_path() if request.method in ("GET", "HEAD") else ""


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_autosave(request: HttpRequest) -> bool:
    """A form the warning sent as the time ran out (read after the view has read it).
    Bodies that are not forms, or not readable as one, are not."""
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return False
    try:
        return bool(request.POST.get(AUTOSAVE_FIELD))
    except MultiPartParserError:
        return False


class SessionLimitsMiddleware:
    """Ends a signed-in session past its idle or absolute limit (after OTPMiddleware,
    before LoginRequiredMiddleware, which then sends the anonymous to sign in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        at = clock.now()
        reason = ended(request.session, at)
        if reason is not None:
            end(request, reason)
            return signed_out_response(request, reason, _next_url(request))
        nearer = limits(request.session, at).nearer
        key = request.session.session_key
        response = self.get_response(request)
        follow_new_key(request, key)
        if is_autosave(request) and request.user.is_authenticated:
            saved = 300 <= response.status_code < 400
            next_url = response["Location"] if saved else request.path
            end(request, nearer, draft_saved=saved)
            return signed_out_response(request, nearer, next_url, draft_saved=saved)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        """Every request is activity, except a page asking how long it has left. The
        page's warning counts down from `request.session_limits`."""
        if request.user.is_authenticated:
            at = clock.now()
            if getattr(view_func, "session_activity", True):
                touch(request.session, at)
            request.session_limits = limits(request.session, at)  # type: ignore[attr-defined]


def follow_new_key(request: HttpRequest, old_key: str | None) -> None:
    """If the request changed the session's id (sign-in, a second factor, signing out of
    other sessions), the row listing this session follows it."""
    new_key = request.session.session_key
    if old_key and new_key and new_key != old_key:
        SignedInSession.objects.filter(session_key=old_key).update(session_key=new_key)


# --- the list of a user's sessions ("Sign out of all other sessions") ---------------------


def session_store(session_key: str | None = None) -> SessionBase:
    """A session from the configured engine (SESSION_ENGINE)."""
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key=session_key)
    return store


def remember(
    request: HttpRequest, user: AbstractBaseUser, *, at: datetime.datetime | None = None
) -> SignedInSession | None:
    """List this request's session as one `user` is signed in with (at sign-in)."""
    key = request.session.session_key
    if not key:
        return None
    row, _ = SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "method": sign_in_method(request, user),
            "started_at": at or clock.now(),
            "ip_address": security_log.client_address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )
    return row


def sign_in_method(request: HttpRequest, user: AbstractBaseUser) -> str:
    """How the user signed in: the session's "sign_in_method" if the sign-in set it
    (single sign-on does), else "second factor" if a device was passed at sign-in
    (django-otp's `user.otp_device`), else "password"."""
    method = request.session.get("sign_in_method")
    if not method:
        method = "second factor" if getattr(user, "otp_device", None) else "password"
    return str(method)[:32]


def forget(session_key: str | None) -> None:
    """Take a session off the list (at sign-out)."""
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


METHOD_WORDS = {
    "password": "Password",
    "second factor": "Password and second factor",
    "sso": "Single sign-on",
}


@dataclass(frozen=True)
class ListedSession:
    row: SignedInSession
    current: bool

    @property
    def how(self) -> str:
        """How it was signed in, in words."""
        return METHOD_WORDS.get(self.row.method, self.row.method.capitalize() or "Password")


def _listed_for(request: HttpRequest) -> QuerySet[SignedInSession]:
    return SignedInSession.objects.filter(user_id=cast(int, request.user.pk))


def signed_in_sessions(request: HttpRequest) -> list[ListedSession]:
    """The user's sessions, this one first, then newest first. Sessions that have ended
    (gone from the store, or past a limit) are taken off the list and out of the store."""
    at = clock.now()
    current_key = request.session.session_key
    listed = []
    for row in _listed_for(request).order_by("-started_at", "-id"):
        if row.session_key == current_key:
            listed.append(ListedSession(row, current=True))
            continue
        store = session_store(row.session_key)
        data = store.load()
        if not data or ended(data, at):
            store.delete(row.session_key)
            row.delete()
            continue
        listed.append(ListedSession(row, current=False))
    return sorted(listed, key=lambda each: not each.current)


def _end(listed: QuerySet[SignedInSession]) -> int:
    """End these listed sessions: out of the session store and off the list. Returns
    how many."""
    with transaction.atomic():
        keys = list(listed.values_list("session_key", flat=True))
        for key in keys:
            session_store(key).delete(key)
        listed.delete()
    return len(keys)


def end_other_sessions(request: HttpRequest) -> int:
    """Sign out of every session but this one, in every browser, and give this session a
    new id (whoever knew the old one may have been the reason). Returns how many ended."""
    current_key = request.session.session_key
    ended_count = _end(_listed_for(request).exclude(session_key=current_key))
    request.session.cycle_key()
    follow_new_key(request, current_key)
    security_log.record(SecurityEventKind.OTHER_SESSIONS_ENDED, request=request, count=ended_count)
    return ended_count


def end_all_sessions(user: AbstractBaseUser) -> int:
    """Sign the user out everywhere (they have left: people.leavers). Returns how many."""
    return _end(SignedInSession.objects.filter(user_id=user.pk))


def not_activity(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose requests do not count as activity (asking how long is left)."""
    view.session_activity = False  # type: ignore[attr-defined]
    return view
