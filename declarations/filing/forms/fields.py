"""The kinds of question the declaration forms ask, and helpers that build them.

Each field cleans what a person types into the value the policy contract expects
(shared/spec/policy-contract.md), with the GOV.UK Design System's error messages, and
refuses anything it cannot read rather than silently dropping it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from declarations.date_input import DateInputField as SharedDateInputField
from policies.facts import EARLIEST_DATE as FACTS_EARLIEST_DATE
from policies.facts import MAX_MONEY

COUNTERPARTY_MAX = 300
DESCRIPTION_MAX = 5000
MAX_HOURS = Decimal("168")
# How far ahead an event date may be: a gift accepted, hospitality taken, a contract begun.
EVENT_FUTURE_DAYS = 731

YES_NO = (("yes", "Yes"), ("no", "No"))


class YesNoField(forms.TypedChoiceField):
    """A yes/no question shown as inline radios; cleans to True, False or None."""

    widget = forms.RadioSelect

    def __init__(self, *, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            error_messages={
                "required": required_message,
                "invalid_choice": required_message,
            },
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


class RadioChoiceField(forms.ChoiceField):
    """A choice among the contract's values, shown as radios with plain labels."""

    widget = forms.RadioSelect

    def __init__(
        self, *, label: str, choices: list[Choice], required_message: str, **kwargs: Any
    ) -> None:
        super().__init__(
            label=label,
            choices=choices,
            error_messages={"required": required_message, "invalid_choice": required_message},
            **kwargs,
        )
        self.words = {str(choice[0]): str(choice[1]) for choice in choices}

    def label_of(self, value: Any) -> str:
        """The words shown for a stored answer ("" when unanswered or not one offered)."""
        return "" if value is None else self.words.get(str(value), "")


class TextField(forms.CharField):
    """Free text with a length limit, refusing null characters with a clear message.

    The browser's maxlength is not set: it would silently cut off pasted text, and
    the person would lose what they typed without being told.
    """

    def __init__(
        self,
        *,
        label: str,
        max_length: int,
        required_message: str,
        too_long_message: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            label=label,
            max_length=max_length,
            error_messages={
                "required": required_message,
                "max_length": too_long_message,
                "null_characters_not_allowed": (
                    f"{label.rstrip('?')} contains a character that cannot be saved: "
                    "remove it and try again"
                ),
            },
            **kwargs,
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class NumberTextField(forms.Field):
    """A number typed into a text box, read the way people write it (subclasses say how).

    Not a CharField, which cleans to text: these clean to a Decimal. The text handling is
    CharField's (a text input, surrounding whitespace stripped, empty means not answered),
    with no maxlength on the box, so the browser never cuts off what was typed.
    """

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        return self.read(text.replace(" ", ""))

    def read(self, text: str) -> Decimal:
        """The number in `text` (not empty, spaces removed), or a ValidationError."""
        raise NotImplementedError

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        return attrs


MONEY_PATTERN = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")


class MoneyField(NumberTextField):
    """An amount in pounds: accepts 25, 25.00, £25 and £1,250.50; refuses anything else.

    Cleans to a Decimal with two places (or None when left empty and optional).
    """

    default_error_messages = {
        "required": "Enter how much it is worth, or 0 if it has no value",
        "invalid": "Enter the value in pounds, like 25 or 24.99",
        "negative": "The value must be £0 or more",
        "decimals": "Enter the value in pounds and pence, with no more than 2 decimal places",
        "too_large": f"The value must be £{MAX_MONEY:,} or less",
    }

    def read(self, text: str) -> Decimal:
        if text.startswith(("£", "-£")):
            text = text.replace("£", "", 1)
        if text.startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        match = MONEY_PATTERN.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        pence = match.group(1)
        if pence is not None and len(pence.rstrip("0")) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        amount = Decimal(text.replace(",", ""))
        if amount > MAX_MONEY:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


HOURS_PATTERN = re.compile(r"[0-9]+(?:\.([0-9]+))?")


class HoursField(NumberTextField):
    """Hours a week: a number from 0 to 168 with at most two decimal places."""

    default_error_messages = {
        "required": "Enter about how many hours a week, or 0 if it is occasional",
        "invalid": "Enter hours a week as a number, like 8 or 7.5",
        "negative": "Hours a week must be 0 or more",
        "decimals": "Enter hours a week with no more than 2 decimal places",
        "too_large": "Hours a week must be 168 or fewer",
    }

    def read(self, text: str) -> Decimal:
        if text.startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        match = HOURS_PATTERN.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if match.group(1) is not None and len(match.group(1).rstrip("0")) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        hours = Decimal(text)
        if hours > MAX_HOURS:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return hours.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return value


# The first date a declaration can be about (policies.facts: no one now employed was
# offered a gift earlier).
EARLIEST_DATE = FACTS_EARLIEST_DATE


class DateInputField(SharedDateInputField):
    """A declaration's date: the GOV.UK date input (declarations/date_input.py), from
    1 January 1900 to today, or up to `future_days` ahead (outside work may start later).
    """

    def __init__(
        self,
        *,
        label: str,
        subject: str = "Date",
        required_message: str,
        future_days: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            label=label,
            subject=subject,
            required_message=required_message,
            earliest=EARLIEST_DATE,
            future_days=future_days,
            **kwargs,
        )


def yes_no(label: str, required_message: str, help_text: str = "") -> YesNoField:
    return YesNoField(label=label, required_message=required_message, help_text=help_text)


def radios(
    label: str, choices: list[Choice], required_message: str, help_text: str = ""
) -> RadioChoiceField:
    return RadioChoiceField(
        label=label, choices=choices, required_message=required_message, help_text=help_text
    )


def counterparty_field(label: str, required_message: str, help_text: str = "") -> TextField:
    return TextField(
        label=label,
        max_length=COUNTERPARTY_MAX,
        required_message=required_message,
        too_long_message=f"The name must be {COUNTERPARTY_MAX} characters or fewer",
        help_text=help_text,
    )


def description_field(label: str, required_message: str, help_text: str = "") -> TextField:
    return TextField(
        label=label,
        max_length=DESCRIPTION_MAX,
        required_message=required_message,
        too_long_message=f"The description must be {DESCRIPTION_MAX:,} characters or fewer",
        help_text=help_text,
        widget=forms.Textarea,
    )


def date_field(
    label: str, required_message: str, *, future_days: int = 0, help_text: str = ""
) -> DateInputField:
    example = "For example, 27 3 2026"
    return DateInputField(
        label=label,
        required_message=required_message,
        future_days=future_days,
        help_text=f"{help_text} {example}".strip() if help_text else example,
    )


def money_field(label: str, help_text: str) -> MoneyField:
    return MoneyField(label=label, help_text=help_text)
