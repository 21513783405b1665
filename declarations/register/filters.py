"""The register's filters: the form a page and its exports read from the query string,
its cleaning, and the same filters in words.

Nothing here touches the database: queries.py applies what the form cleans, so the same
filter means the same rows on screen, in a CSV, a spreadsheet and a PDF. A bad value is
reported on the page and not applied, never a 500.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms

from declarations import choices as c
from declarations import labels
from declarations.choices import Status
from declarations.date_input import DateInputField, box_names

# A draft is not yet declared: it belongs to its author until it is submitted.
REGISTER_STATUSES = [(s.value, s.label) for s in Status if s != Status.DRAFT]
VERSION_CHOICES = [("latest", "Latest versions only"), ("all", "All versions")]


def date_filter(label: str, example: datetime.date) -> DateInputField:
    """A "From" or "To" date, as the GOV.UK date input, with an example in its hint and its
    error: the register's filters and the security log's say dates the same way. A date
    in one box (`date_from=2026-04-01`, as the dashboard links) is read too."""
    written = f"{example.day} {example.month} {example.year}"
    return DateInputField(
        label=label,
        subject=f"The {label.lower()} date",
        required=False,
        help_text=f"For example, {written}",
        invalid_message=f"Enter the {label.lower()} date as a real date, for example {written}",
    )


def refuse_a_backwards_range(form: forms.Form, data: dict[str, Any]) -> None:
    """A "to" date before the "from" date is an error on the "to" box."""
    start, end = data.get("date_from"), data.get("date_to")
    if start and end and end < start:
        form.add_error("date_to", "The to date must be the same as or after the from date")


def valid_filters(form: forms.Form) -> dict[str, Any]:
    """The valid filters only: a bad field is shown as an error and not applied."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in form.errors and value not in (None, "", False)
    }


class RegisterFilterForm(forms.Form):
    """The register's filters (GET). Invalid values are reported on the page, never a 500."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text=(
            "Reference, who offered or is involved, description or officer's name. "
            "Every word must match; words of fewer than 3 letters are left out"
        ),
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *c.DECLARATION_TYPES]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *REGISTER_STATUSES]
    )
    outcome = forms.ChoiceField(
        label="What the code says",
        required=False,
        choices=[("", "Any"), *labels.choices_of(labels.OUTCOME)],
    )
    department = forms.ChoiceField(label="Department", required=False, choices=[])
    officer = forms.CharField(
        label="Officer",
        required=False,
        max_length=200,
        help_text="All or part of a name",
    )
    counterparty = forms.CharField(
        label="Counterparty",
        required=False,
        max_length=300,
        help_text="The donor, organisation or person concerned",
    )
    date_from = date_filter("From", datetime.date(2026, 4, 1))
    date_to = date_filter("To", datetime.date(2027, 3, 31))
    register_keeper = forms.ChoiceField(
        label="Register keeper",
        required=False,
        choices=[("", "Anyone"), *labels.choices_of(labels.ROLE)],
    )
    late = forms.BooleanField(label="Declared late only", required=False)
    versions = forms.ChoiceField(label="Versions", required=False, choices=VERSION_CHOICES)

    def __init__(self, *args: Any, departments: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = cast(forms.ChoiceField, self.fields["department"])
        department.choices = [("", "All departments")] + [(name, name) for name in departments]
        self.fields["type"].error_messages["invalid_choice"] = "Select a type from the list"
        self.fields["status"].error_messages["invalid_choice"] = "Select a status from the list"
        self.fields["outcome"].error_messages["invalid_choice"] = "Select an outcome from the list"
        self.fields["department"].error_messages["invalid_choice"] = (
            "Select a department from the list"
        )
        self.fields["register_keeper"].error_messages["invalid_choice"] = (
            "Select a register keeper from the list"
        )
        self.fields["versions"].error_messages["invalid_choice"] = "Select which versions to show"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_a_backwards_range(self, data)
        return data

    def filters(self) -> dict[str, Any]:
        return valid_filters(self)


def is_filtering(params: Any) -> bool:
    """Whether the query string asks for any filter (else the form is shown unbound); a
    date may come as its three boxes or in one."""
    return any(
        key in params
        for name, field in RegisterFilterForm.base_fields.items()
        for key in (box_names(name) if isinstance(field, DateInputField) else (name,))
    )


def date_range_words(filters: dict[str, Any]) -> str:
    """The filter's date range in words, for the PDF's heading."""
    start: datetime.date | None = filters.get("date_from")
    end: datetime.date | None = filters.get("date_to")
    if start and end:
        return f"{labels.long_date(start)} to {labels.long_date(end)}"
    if start:
        return f"From {labels.long_date(start)}"
    if end:
        return f"Up to {labels.long_date(end)}"
    return "All dates"
