"""Signing in locally (password, then a second factor), and the account page where a
signed-in person manages their second factor.

Thin on purpose: parse, call second_factor.py, render. The sign-in pages are public
(`login_not_required`); everything under /account/ needs a signed-in user.
"""

from __future__ import annotations

import functools
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access
from declarations.accounts import second_factor, sessions
from declarations.accounts.forms import CodeForm, ConfirmItIsYouForm, NewAppForm, SignInForm
from declarations.accounts.sso import providers

View = Any


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _timed_out(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Your sign-in timed out or was not started. Sign in again.")
    return redirect("login")


# --- signing in ------------------------------------------------------------------------


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The password step. Right: signed in, or on to the second factor."""
    asked = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    form = SignInForm(request, data=_data(request))
    if form.is_valid():
        after = second_factor.after_sign_in(request, asked)
        return redirect(second_factor.sign_in(request, form.get_user(), after))
    safe_next = second_factor.safe_next(request, asked)
    context = {
        "form": form,
        "next": safe_next,
        "sso_providers": providers.configured(next_url=safe_next),
    }
    return render(request, "registration/login.html", context)


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, or a recovery code."""
    held = second_factor.pending(request)
    if held is None or not second_factor.has_second_factor(held.user):
        return _timed_out(request)
    form = CodeForm(_data(request), request=request, user=held.user)
    if form.is_valid() and form.device is not None:
        second_factor.finish(request, held, form.device)
        if form.device == second_factor.codes_of(held.user):
            left = second_factor.recovery_codes_left(held.user)
            messages.warning(
                request,
                f"You used a recovery code. You have {left} left: "
                "you can make new ones from your account page.",
            )
        return redirect(held.next)
    return render(request, "accounts/sign_in_code.html", {"form": form})


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_set_up(request: HttpRequest) -> HttpResponse:
    """Setting up an app before signing in, for someone who must have a second factor
    and has none; then their recovery codes."""
    held = second_factor.pending(request)
    if held is None or second_factor.has_second_factor(held.user):
        return _timed_out(request)
    device = second_factor.app_being_set_up(request, held.user)
    form = NewAppForm(_data(request), request=request, user=held.user, device=device)
    if form.is_valid():
        second_factor.add_app(request, held.user, device)
        codes = second_factor.make_recovery_codes(request, held.user)
        second_factor.finish(request, held, device)
        second_factor.keep_fresh_codes(request, codes, then=held.next)
        return redirect("account-recovery-codes")
    context = {
        "form": form,
        "qr_code": second_factor.qr_code(device),
        "secret": second_factor.secret_text(device),
        "signing_in": True,
        "required_reason": second_factor.required_reason(held.user),
    }
    return render(request, "accounts/set_up_app.html", context)


@login_not_required
@require_GET
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's own sign-in page is this one, so it has the lockout and the second
    factor too."""
    after = second_factor.safe_next(request, request.GET.get("next")) or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': after})}")


# --- the account page --------------------------------------------------------------------


def _local_password_required(view: View) -> View:
    """Second-factor changes are for people who sign in here with a password: those who
    sign in through their employer get their second factor there."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).has_usable_password():
            return access.forbidden(
                request,
                "You sign in through your employer, which asks for your second factor.",
                heading="You cannot change your second factor here",
                back_url=reverse("account"),
                back_text="Go to your account",
            )
        return view(request, *args, **kwargs)

    return wrapper


def _confirmed_first(view: View) -> View:
    """Changes to how someone signs in need them to confirm it is them first."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not second_factor.recently_confirmed(request):
            return redirect(f"{reverse('account-confirm')}?{urlencode({'next': request.path})}")
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account: password and second factor."""
    user = _user(request)
    app = second_factor.app_of(user)
    context = {
        "officer": access.officer_of(user),
        "local_password": user.has_usable_password(),
        "app": app,
        "has_second_factor": second_factor.has_second_factor(user),
        "codes_left": second_factor.recovery_codes_left(user),
        "required_reason": second_factor.required_reason(user),
    }
    return render(request, "accounts/account.html", context)


@sensitive_post_parameters("password", "current_code")
@_local_password_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_it_is_you(request: HttpRequest) -> HttpResponse:
    """The password (and a code, if they have a second factor) before a change."""
    asked = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    after = second_factor.safe_next(request, asked) or reverse("account")
    form = ConfirmItIsYouForm(_data(request), request=request, user=_user(request))
    if form.is_valid():
        second_factor.mark_confirmed(request)
        return redirect(after)
    return render(request, "accounts/confirm_it_is_you.html", {"form": form, "next": after})


@sensitive_post_parameters("code")
@_local_password_required
@_confirmed_first
@require_http_methods(["GET", "HEAD", "POST"])
def set_up_app(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (or a new one in place of the old), with new
    recovery codes."""
    user = _user(request)
    device = second_factor.app_being_set_up(request, user)
    form = NewAppForm(_data(request), request=request, user=user, device=device)
    if form.is_valid():
        second_factor.add_app(request, user, device)
        second_factor.verified_now(request, device)
        sessions.end_other_sessions(request)
        codes = second_factor.make_recovery_codes(request, user)
        second_factor.keep_fresh_codes(request, codes, then=reverse("account"))
        return redirect("account-recovery-codes")
    context = {
        "form": form,
        "qr_code": second_factor.qr_code(device),
        "secret": second_factor.secret_text(device),
        "replacing": second_factor.app_of(user) is not None,
    }
    return render(request, "accounts/set_up_app.html", context)


@_local_password_required
@_confirmed_first
@require_http_methods(["GET", "HEAD", "POST"])
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make ten new recovery codes; the old ones stop working."""
    user = _user(request)
    if not second_factor.has_second_factor(user):
        return redirect("account")
    if request.method == "POST":
        codes = second_factor.make_recovery_codes(request, user)
        second_factor.keep_fresh_codes(request, codes, then=reverse("account"))
        return redirect("account-recovery-codes")
    context = {"codes_left": second_factor.recovery_codes_left(user)}
    return render(request, "accounts/new_recovery_codes.html", context)


@require_GET
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown this once."""
    fresh = second_factor.take_fresh_codes(request)
    if fresh is None:
        return redirect("account")
    codes, then = fresh
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "then": then})


@_local_password_required
@_confirmed_first
@require_http_methods(["GET", "HEAD", "POST"])
def remove_second_factor(request: HttpRequest) -> HttpResponse:
    """Remove the app and recovery codes, for those who need not have them."""
    user = _user(request)
    reason = second_factor.required_reason(user)
    if reason:
        return access.forbidden(
            request,
            f"You must keep a second factor because {reason}. "
            "You can set up a new authenticator app instead.",
            heading="You cannot remove your second factor",
            back_url=reverse("account"),
            back_text="Go to your account",
        )
    if not second_factor.has_second_factor(user):
        return redirect("account")
    if request.method == "POST":
        second_factor.remove(request, user)
        sessions.end_other_sessions(request)
        messages.success(request, "Your second factor has been removed")
        return redirect("account")
    return render(request, "accounts/remove_second_factor.html")
