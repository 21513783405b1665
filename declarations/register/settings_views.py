"""The register's settings page (/register/settings/), for an organisation's monitoring
officer: its token limit, what it means under the organisation's own code, a form to
change it, and the history of changes.

Thin on purpose: parse, call register_settings, render. Anyone who is no organisation's
monitoring officer gets 403 (the refusal goes in the security log, by
DenialLogMiddleware); so does one who asks for an organisation that is not theirs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from declarations.access import forbidden
from declarations.models import Organisation
from declarations.register import register_settings as rs
from policies.core import money_words


class TokenLimitForm(forms.Form):
    """The new limit as typed ("30", "30.50", "£30.50") and why; what was typed is kept
    when it is refused."""

    token_limit_gbp = forms.CharField(
        label="New token limit, in pounds",
        help_text="For example, 25.00. A gift worth this much or more is not a token.",
        max_length=32,
        error_messages={"required": "Enter the new token limit, like 25.00"},
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        help_text="Kept with the change, for anyone who reads its history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=rs.MAX_REASON_LENGTH,
        error_messages={
            "required": "Enter why you are changing the token limit",
            "max_length": f"The reason must be {rs.MAX_REASON_LENGTH} characters or fewer",
        },
    )

    def clean_token_limit_gbp(self) -> Decimal:
        text = self.cleaned_data["token_limit_gbp"].strip().removeprefix("£").replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter the token limit as an amount, like 25.00") from None
        try:
            return rs.check_token_limit(value)
        except rs.SettingRefused as refused:
            raise forms.ValidationError(refused.message) from None

    def clean_reason(self) -> str:
        try:
            return rs.check_reason(self.cleaned_data["reason"])
        except rs.SettingRefused as refused:
            raise forms.ValidationError(refused.message) from None


def _refuse(request: HttpRequest) -> HttpResponse:
    return forbidden(
        request,
        "Only an organisation's monitoring officer can see and change its register settings.",
        heading="You cannot change the register settings",
    )


def _choose(organisations: list[Organisation], code: str | None) -> Organisation | None:
    if not code:
        return organisations[0]
    return next((o for o in organisations if o.code == code), None)


@require_http_methods(["GET", "POST"])
def register_settings(request: HttpRequest) -> HttpResponse:
    """Show the token limit and its history (GET); change it (POST)."""
    organisations = rs.settings_organisations(request.user)
    if not organisations:
        return _refuse(request)
    data = request.POST if request.method == "POST" else request.GET
    organisation = _choose(organisations, data.get("organisation"))
    if organisation is None:
        return _refuse(request)
    form = TokenLimitForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                rs.change_token_limit(
                    organisation,
                    form.cleaned_data["token_limit_gbp"],
                    changed_by=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            except rs.SettingRefused as refused:
                form.add_error(refused.field, refused.message)
            else:
                messages.success(
                    request,
                    f"{organisation.name}'s token limit is now "
                    f"{money_words(organisation.token_limit_gbp)}.",
                )
                return redirect(
                    f"{reverse('register-settings')}?"
                    + urlencode({"organisation": organisation.code})
                )
        status = 400
    return render(
        request,
        "register/settings.html",
        _context(organisation, organisations, form),
        status=status,
    )


def _context(
    organisation: Organisation, organisations: list[Organisation], form: TokenLimitForm
) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "organisations": organisations,
        "token_limit": money_words(organisation.token_limit_gbp),
        "use": rs.token_limit_use(organisation.code),
        "form": form,
        "changes": rs.history(organisation),
        "history_shown": rs.HISTORY_SHOWN,
    }
