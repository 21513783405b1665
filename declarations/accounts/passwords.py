"""Changing a password (signed in) and resetting a forgotten one by email: Django's own
views with GOV.UK pages and our forms, each step written to the security log.

Asking for a reset link never says whether an account has that address (the same page
either way, OWASP ASVS 5.0 V6.4). A reset sets the password only: signing in still asks
for the second factor. Changing a password ends the person's other sessions (Django's
session hash), and keeps this one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.defaultfilters import pluralize
from django.urls import reverse, reverse_lazy

from declarations import access, notifications, security_log
from declarations.accounts import sessions
from declarations.accounts.forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm
from declarations.choices import SecurityEventKind


def record_reset_requested(request: HttpRequest, form: PasswordResetForm) -> None:
    """One event per account the address belongs to (each shows in its monitoring
    officer's log), or one with no account; the person asking is told neither."""
    users = list(form.get_users(form.cleaned_data["email"]))
    for user in users:
        security_log.record(SecurityEventKind.PASSWORD_RESET_REQUESTED, request=request, user=user)
    if not users:
        security_log.record(
            SecurityEventKind.PASSWORD_RESET_REQUESTED, request=request, account_found=False
        )


class ChangePassword(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/change_password.html"
    success_url = reverse_lazy("account")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_usable_password():
            return access.forbidden(
                request,
                "You sign in through your employer, so your password is kept there. "
                "Change it where you sign in to your employer's systems.",
                heading="You cannot change your password here",
                back_url=reverse("account"),
                back_text="Go to your account",
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_log.record(SecurityEventKind.PASSWORD_CHANGED, request=self.request)
        sessions.end_other_sessions(self.request)  # Django's session hash has, too
        messages.success(self.request, "Your password has been changed")
        return response


class ResetPassword(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/reset_password.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        record_reset_requested(self.request, form)
        self.extra_email_context = {"site_url": notifications.site_url()}
        return super().form_valid(form)


def link_lasts() -> str:
    """How long a reset link works, in words ("3 days", "1 hour")."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    days, hours = seconds // 86_400, seconds // 3_600
    if days and seconds % 86_400 == 0:
        return f"{days} day{pluralize(days)}"
    if hours:
        return f"{hours} hour{pluralize(hours)}"
    return f"{max(1, seconds // 60)} minutes"


class ResetPasswordSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_password_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "timeout_text": link_lasts()}


class ChooseNewPassword(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/reset_password_choose.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        security_log.record(SecurityEventKind.PASSWORD_RESET, request=self.request, user=form.user)
        return response


class ResetPasswordDone(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_password_done.html"
