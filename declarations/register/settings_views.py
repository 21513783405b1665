"""The register's settings page (/register/settings/), for an organisation's monitoring
officer: its token limit and what it means under the organisation's own code, how long
each type of entry is kept, how long an ended entry stays published, a form to change
each, and the history of changes.

One page, three forms: each posts a hidden `form` field saying which it is (a post
without one is the token limit's, as before); the retention and publication forms'
fields carry a prefix, so every field has an id of its own.

Thin on purpose: parse, call register_settings, render. Anyone who is no organisation's
monitoring officer gets 403 (the refusal goes in the security log, by
DenialLogMiddleware); so does one who asks for an organisation that is not theirs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from declarations import choices as c
from declarations import privacy
from declarations.access import forbidden
from declarations.models import Organisation
from declarations.register import register_settings as rs
from policies.core import money_words


def _reason_field(what: str) -> forms.CharField:
    return forms.CharField(
        label=f"Why are you changing {what}?",
        help_text="Kept with the change, for anyone who reads its history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=rs.MAX_REASON_LENGTH,
        error_messages={
            "required": f"Enter why you are changing {what}",
            "max_length": f"The reason must be {rs.MAX_REASON_LENGTH} characters or fewer",
        },
    )


def _whole_number(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise forms.ValidationError(
            f"Enter the number of {what} as a whole number, like 6"
        ) from None


def _checked(check: Any, value: Any) -> Any:
    """The service's check, its refusal as the field's error."""
    try:
        return check(value)
    except rs.SettingRefused as refused:
        raise forms.ValidationError(refused.message) from None


class SettingForm(forms.Form):
    """A settings form: `change` calls the service and says what is now so."""

    def change(self, organisation: Organisation, user: User) -> str:
        raise NotImplementedError


class TokenLimitForm(SettingForm):
    """The new limit as typed ("30", "30.50", "£30.50") and why; what was typed is kept
    when it is refused."""

    token_limit_gbp = forms.CharField(
        label="New token limit, in pounds",
        help_text="For example, 25.00. A gift worth this much or more is not a token.",
        max_length=32,
        error_messages={"required": "Enter the new token limit, like 25.00"},
    )
    reason = _reason_field("the token limit")

    def clean_token_limit_gbp(self) -> Decimal:
        text = self.cleaned_data["token_limit_gbp"].strip().removeprefix("£").replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter the token limit as an amount, like 25.00") from None
        return _checked(rs.check_token_limit, value)

    def clean_reason(self) -> str:
        return _checked(rs.check_reason, self.cleaned_data["reason"])

    def change(self, organisation: Organisation, user: User) -> str:
        data = self.cleaned_data
        rs.change_token_limit(organisation, data["token_limit_gbp"], user, data["reason"])
        return (
            f"{organisation.name}'s token limit is now {money_words(organisation.token_limit_gbp)}."
        )


class RetentionForm(SettingForm):
    """One type's retention period, in whole years, and why."""

    prefix = "retention"

    type = forms.ChoiceField(
        label="Type of declaration",
        choices=[("", "Select a type"), *c.DECLARATION_TYPES],
        error_messages={
            "required": "Select the type of declaration",
            "invalid_choice": "Select the type of declaration",
        },
    )
    years = forms.CharField(
        label="Keep it for how many years?",
        help_text=f"A whole number from 1 to {privacy.MAX_YEARS}, counted "
        f"{rs.RETENTION_CLOCK_WORDS}.",
        max_length=8,
        error_messages={"required": f"Enter how many years, from 1 to {privacy.MAX_YEARS}"},
    )
    reason = _reason_field("how long entries are kept")

    def clean_years(self) -> int:
        return _checked(rs.check_years, _whole_number(self.cleaned_data["years"], "years"))

    def change(self, organisation: Organisation, user: User) -> str:
        data = self.cleaned_data
        rs.change_retention_years(organisation, data["type"], data["years"], user, data["reason"])
        label = c.label(data["type"]).lower()
        return f"{organisation.name} now keeps {label} entries for {rs.years_words(data['years'])}."


class PublicationForm(SettingForm):
    """Months an ended interest or outside work stays published, and why."""

    prefix = "publication"

    months = forms.CharField(
        label="Keep it published for how many months after it ended?",
        help_text=f"A whole number from 0 to {rs.MAX_PUBLICATION_DROP_MONTHS}. With 0 it "
        "drops out of the next publication after it ended.",
        max_length=8,
        error_messages={
            "required": f"Enter how many months, from 0 to {rs.MAX_PUBLICATION_DROP_MONTHS}"
        },
    )
    reason = _reason_field("how long ended entries stay published")

    def clean_months(self) -> int:
        return _checked(rs.check_months, _whole_number(self.cleaned_data["months"], "months"))

    def change(self, organisation: Organisation, user: User) -> str:
        rs.change_publication_drop_months(
            organisation, self.cleaned_data["months"], user, self.cleaned_data["reason"]
        )
        months = rs.months_words(organisation.publication_drop_months)
        return f"An ended entry now stays in {organisation.name}'s published register {months}."


FORMS: dict[str, type[SettingForm]] = {
    "token-limit": TokenLimitForm,
    "retention": RetentionForm,
    "publication": PublicationForm,
}


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
    """Show the settings and their history (GET); change one of them (POST)."""
    organisations = rs.settings_organisations(request.user)
    if not organisations:
        return _refuse(request)
    data = request.POST if request.method == "POST" else request.GET
    organisation = _choose(organisations, data.get("organisation"))
    if organisation is None:
        return _refuse(request)
    forms_shown = {name: form_class() for name, form_class in FORMS.items()}
    if request.method == "GET":
        return render(
            request, "register/settings.html", _context(organisation, organisations, forms_shown)
        )
    which = request.POST.get("form", "token-limit")
    if which not in FORMS:
        return render(
            request,
            "register/settings.html",
            _context(organisation, organisations, forms_shown),
            status=400,
        )
    form = forms_shown[which] = FORMS[which](request.POST)
    if form.is_valid():
        try:
            done = form.change(organisation, request.user)  # type: ignore[arg-type]
        except rs.SettingRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, done)
            return redirect(
                f"{reverse('register-settings')}?" + urlencode({"organisation": organisation.code})
            )
    return render(
        request,
        "register/settings.html",
        _context(organisation, organisations, forms_shown, form),
        status=400,
    )


def _context(
    organisation: Organisation,
    organisations: list[Organisation],
    forms_shown: dict[str, SettingForm],
    bound: SettingForm | None = None,
) -> dict[str, Any]:
    changes = rs.history(organisation)
    return {
        "organisation": organisation,
        "organisations": organisations,
        "token_limit": money_words(organisation.token_limit_gbp),
        "use": rs.token_limit_use(organisation.code),
        "form": forms_shown["token-limit"],
        "retention_form": forms_shown["retention"],
        "publication_form": forms_shown["publication"],
        "bound_form": bound,
        "retention": privacy.periods_for(organisation),
        "retention_clock": rs.RETENTION_CLOCK_WORDS,
        "default_years": rs.years_words(privacy.DEFAULT_YEARS),
        "publication_months": rs.months_words(organisation.publication_drop_months),
        "changes": changes,
        "history": rs.history_rows(changes),
        "history_shown": rs.HISTORY_SHOWN,
    }
