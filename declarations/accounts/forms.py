"""The forms of the accounts journey: signing in, codes, and passwords.

Every message names its field (GOV.UK style). A form that changes how someone signs in
first asks them to prove it is them again (OWASP ASVS 5.0 V7.5.1): their password, and a
code if they have a second factor. Passwords are checked through `authenticate`, so a
wrong one counts towards the sign-in lockout (django-axes) wherever it is typed.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import (
    TOTPDevice,
)

from declarations.accounts import second_factor

WRONG_SIGN_IN = "Enter a correct username and password. Both are case-sensitive"


def _helper(*fields: Field) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def _password_input(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(
        attrs={"autocomplete": autocomplete, "spellcheck": "false", "autocapitalize": "none"}
    )


def _code_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
    )


class SignInForm(AuthenticationForm):
    """Username and password; `authenticate` (behind django-axes) decides. The same
    message for every refusal, so it never tells whether a username exists."""

    error_messages = {"invalid_login": WRONG_SIGN_IN, "inactive": WRONG_SIGN_IN}

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


# --- second factor ---------------------------------------------------------------------


class CodeForm(forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows now, or a recovery code",
        max_length=64,
        error_messages={"required": second_factor.NO_CODE},
        widget=_code_input(),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user = request, user
        self.device: Device | None = None
        self.helper = _helper(Field.text("code", field_width=20))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        checked = second_factor.check_code(self.request, self.user, code)
        if checked.error:
            raise ValidationError(checked.error)
        self.device = checked.device
        return code


class NewAppForm(forms.Form):
    """A code from the app being set up, which proves it was set up right."""

    code = forms.CharField(
        label="Code from the app",
        help_text="The 6-digit code the app shows for this account",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from the app"},
        widget=_code_input(),
    )

    def __init__(
        self, *args: Any, request: HttpRequest, user: User, device: TOTPDevice, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user, self.device = request, user, device
        self.helper = _helper(Field.text("code", field_width=10))

    def clean_code(self) -> str:
        digits = "".join(self.cleaned_data["code"].split())
        if not (digits.isdigit() and len(digits) == 6):
            raise ValidationError("The code must be the 6 digits the app shows")
        error = second_factor.check_new_app(self.request, self.user, self.device, digits)
        if error:
            raise ValidationError(error)
        return digits


class ConfirmItIsYouForm(forms.Form):
    """The password, and a code if the user has a second factor: asked before any change
    to how they sign in (then trusted for a few minutes, `second_factor.confirmed`)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=_password_input("current-password"),
    )
    current_code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=64,
        error_messages={"required": second_factor.NO_CODE},
        widget=_code_input(),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user = request, user
        self.asks_for_code = second_factor.has_second_factor(user)
        if not self.asks_for_code:
            del self.fields["current_code"]
        self.helper = _helper(*self.layout())

    def layout(self) -> list[Field]:
        fields = [Field("password", css_class="govuk-input--width-20")]
        if self.asks_for_code:
            fields.append(Field.text("current_code", field_width=20))
        return fields

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise ValidationError("Your password is wrong")
        return password

    def clean_current_code(self) -> str:
        code = self.cleaned_data["current_code"]
        if self.errors:  # a wrong password: spend no code
            return code
        checked = second_factor.check_code(self.request, self.user, code)
        if checked.error:
            raise ValidationError(checked.error)
        return code


# --- passwords -------------------------------------------------------------------------


def _minimum_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


def new_password_hint() -> str:
    rules = "Do not use a common password, only numbers, or something like your name"
    length = _minimum_length()
    return f"Use at least {length} characters. {rules}" if length else rules


def _in_our_words(error: ValidationError) -> list[str]:
    """Django's validator messages, said about the new password field."""
    words = {
        "password_too_short": f"Your new password must be at least {_minimum_length()} characters",
        "password_too_common": "Your new password is too common: choose one harder to guess",
        "password_entirely_numeric": "Your new password must not be only numbers",
        "password_too_similar": "Your new password is too like your name, username or email",
    }
    return [words.get(each.code or "", " ".join(each.messages)) for each in error.error_list]


class NewPasswordMixin:
    """The two new-password fields in GOV.UK words, and the validators' problems shown
    on the first of them (Django shows them on the second)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    user: User

    def set_up_new_password_fields(self) -> None:
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "New password", "Confirm your new password"
        first.help_text, second.help_text = new_password_hint(), ""
        first.widget = _password_input("new-password")
        second.widget = _password_input("new-password")
        first.error_messages["required"] = "Enter a new password"
        second.error_messages["required"] = "Confirm your new password"

    def validate_passwords(
        self,
        password1_field_name: str = "new_password1",
        password2_field_name: str = "new_password2",
    ) -> None:
        first = self.cleaned_data.get(password1_field_name)
        second = self.cleaned_data.get(password2_field_name)
        if first and second and first != second:
            self.add_error(password2_field_name, "The passwords do not match")  # type: ignore[attr-defined]

    def validate_password_for_user(self, user: User, password_field_name: str = "") -> None:
        password = self.cleaned_data.get("new_password1")
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                for message in _in_our_words(error):
                    self.add_error("new_password1", message)  # type: ignore[attr-defined]


class NewPasswordForm(NewPasswordMixin, SetPasswordForm):
    """Choosing a new password from a reset link."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.set_up_new_password_fields()
        self.helper = _helper(
            Field("new_password1", css_class="govuk-input--width-20"),
            Field("new_password2", css_class="govuk-input--width-20"),
        )


class ChangePasswordForm(NewPasswordMixin, PasswordChangeForm):
    """The current password (checked through `authenticate`, so it counts towards the
    lockout), then the new one twice."""

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.set_up_new_password_fields()
        old = self.fields["old_password"]
        old.label = "Current password"
        old.widget = _password_input("current-password")
        old.error_messages["required"] = "Enter your current password"
        self.helper = _helper(
            Field("old_password", css_class="govuk-input--width-20"),
            Field("new_password1", css_class="govuk-input--width-20"),
            Field("new_password2", css_class="govuk-input--width-20"),
        )

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise ValidationError("Your current password is wrong", code="password_incorrect")
        return password


class ResetRequestForm(PasswordResetForm):
    """The email address to send a reset link to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The work email address your account uses"
        email.widget.attrs.update({"spellcheck": "false", "autocapitalize": "none"})
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.helper = _helper(Field("email", css_class="govuk-input--width-30"))
