"""The security log (OWASP ASVS 5.0 V16): who did what, when and from where.

Each event goes two ways: one JSON line to the `conduct_register.security` logger (for
the estate's log collection) and one SecurityEvent row (for the monitoring officer's
page). Neither ever holds a password, a token, a code or a session key: `detail` keys
that name a secret are refused, and values are cut to a safe length.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, cast

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

from declarations.choices import SecurityEventKind
from declarations.models import Organisation, SecurityEvent

logger = logging.getLogger("conduct_register.security")

# Keys that may never appear in `detail`: the log must not become a store of secrets.
SECRET_WORDS = ("password", "token", "secret", "passcode", "otp", "session", "cookie", "key")
MAX_DETAIL_TEXT = 300


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as Django sees it (REMOTE_ADDR; a trusted proxy must set it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: SecurityEventKind,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    organisation: Organisation | None = None,
    address: str | None = None,
    **detail: Any,
) -> SecurityEvent:
    """Record one security event: a row for the monitoring officer and a JSON log line.

    `user` defaults to the request's signed-in user; `organisation` to that user's
    employer, so the event shows in their monitoring officer's log; `address` to the
    request's client address (django-axes passes the one it locked out).
    """
    for key in detail:
        if any(word in key.lower() for word in SECRET_WORDS):
            raise ValueError(f"The security log never records secrets: refused {key!r}.")
    detail = {key: _safe(value) for key, value in detail.items()}
    if user is None and request is not None:
        user = getattr(request, "user", None)
    signed_in = user if user is not None and user.is_authenticated else None
    if organisation is None and signed_in is not None:
        officer = getattr(signed_in, "officer", None)
        organisation = officer.organisation if officer is not None else None
    if not username and signed_in is not None:
        username = signed_in.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=cast(User | None, signed_in),
        username=username[:150],
        organisation=organisation,
        ip_address=address or client_address(request),
        path=(request.path[:300] if request is not None else ""),
        detail=detail,
    )
    logger.info(
        json.dumps(
            {
                "event": str(kind),
                "at": event.at.isoformat(),
                "user_id": signed_in.pk if signed_in is not None else None,
                "username": event.username,
                "organisation": organisation.code if organisation is not None else None,
                "ip": event.ip_address,
                "path": event.path,
                **detail,
            },
            sort_keys=True,
        )
    )
    return event


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_DETAIL_TEXT]
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_safe(each) for each in value][:50]
    if isinstance(value, dict):
        return {str(k)[:60]: _safe(v) for k, v in list(value.items())[:50]}
    return str(value)[:MAX_DETAIL_TEXT]


# --- sign-in, sign-out, failures and lockouts (connected in declarations/apps.py) ----------


def _account_organisation(username: str) -> Organisation | None:
    """The employer of the account a sign-in named, if there is one: a failed sign-in or
    a lockout shows in that employer's log; one naming no account only to superusers."""
    if not username:
        return None
    account = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username})
        .select_related("officer__organisation")
        .first()
    )
    officer = getattr(account, "officer", None) if account is not None else None
    return officer.organisation if officer is not None else None


@receiver(user_logged_in, dispatch_uid="security_log_signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **_: Any) -> None:
    """SIGN_IN, with how: "password" unless the sign-in set `sign_in_method` in the
    session before calling login() (single sign-on sets "sso")."""
    session = getattr(request, "session", None)
    method = session.get("sign_in_method", "password") if session is not None else "password"
    record(SecurityEventKind.SIGN_IN, request=request, user=user, method=method)


@receiver(user_login_failed, dispatch_uid="security_log_sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    """SIGN_IN_FAILED with the username as given, and nothing else from `credentials`:
    never the password, even the masked one Django passes."""
    given = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    username = given[:150] if isinstance(given, str) else ""
    organisation = _account_organisation(username)
    record(
        SecurityEventKind.SIGN_IN_FAILED,
        request=request,
        username=username,
        organisation=organisation,
        known_account=organisation is not None,
    )


@receiver(user_logged_out, dispatch_uid="security_log_signed_out")
def signed_out(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **_: Any
) -> None:
    """SIGN_OUT (not when someone who was not signed in asks to sign out)."""
    if user is None:
        return
    record(SecurityEventKind.SIGN_OUT, request=request, user=user)


@receiver(user_locked_out, dispatch_uid="security_log_locked_out")
def locked_out(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **_: Any,
) -> None:
    """LOCKED_OUT (django-axes): the username as given and the address it locked out."""
    username = (username or "")[:150]
    record(
        SecurityEventKind.LOCKED_OUT,
        request=request,
        username=username,
        organisation=_account_organisation(username),
        address=ip_address or None,
    )


# --- denials ----------------------------------------------------------------------------


DENIED_STATUSES = frozenset({403, 404})


class DenialLogMiddleware:
    """Records ACCESS_DENIED for every 403 and 404 a signed-in user meets.

    It reads the response's status, so a view's own refusal page (access.forbidden) and
    a raised PermissionDenied or Http404 count alike: Django turns an exception into its
    response before the response comes back out through this middleware. Static files
    are left out, and so is anyone not signed in (they are sent to sign in anyway).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code in DENIED_STATUSES and self._counts(request):
            record(
                SecurityEventKind.ACCESS_DENIED,
                request=request,
                status=response.status_code,
                method=request.method,
            )
        return response

    @staticmethod
    def _counts(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        static_url = settings.STATIC_URL or ""
        return not (static_url.startswith("/") and request.path.startswith(static_url))
