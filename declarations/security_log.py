"""The security log (OWASP ASVS 5.0 V16): who did what, when and from where.

Each event goes two ways: one JSON line to the `conduct_register.security` logger (for
the estate's log collection) and one SecurityEvent row (for the monitoring officer's
page). Neither ever holds a password, a token, a code or a session key: `detail` keys
that name a secret are refused, and values are cut to a safe length.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

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
    **detail: Any,
) -> SecurityEvent:
    """Record one security event: a row for the monitoring officer and a JSON log line.

    `user` defaults to the request's signed-in user; `organisation` to that user's
    employer, so the event shows in their monitoring officer's log.
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
        user=signed_in,
        username=username[:150],
        organisation=organisation,
        ip_address=client_address(request),
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


class DenialLogMiddleware:
    """Records every 403 and 404 a signed-in user meets (security-log work fills this in)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)
