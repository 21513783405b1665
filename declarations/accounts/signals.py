"""Receivers for Django's sign-in signals that belong to the accounts journey: each
sign-in starts the session's clocks (declarations/accounts/sessions.py) and lists the
session among the user's, so they can see it and sign out of it from elsewhere; each
sign-out takes it off the list. Connected in declarations/apps.py.

`login()` has already given the session a new id when `user_logged_in` is sent. The way
the user signed in is read from the session's "sign_in_method" (set it before calling
`login()`); without it, "password".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from declarations import clock
from declarations.accounts import sessions


@receiver(user_logged_in, dispatch_uid="accounts.sessions.signed_in")
def signed_in(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    at = clock.now()
    sessions.start(request.session, at)
    sessions.remember(request, user, at=at)


@receiver(user_logged_out, dispatch_uid="accounts.sessions.signed_out")
def signed_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    sessions.forget(request.session.session_key)
