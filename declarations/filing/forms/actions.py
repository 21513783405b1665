"""The forms for what an officer does to a declaration once filed: end it, or withdraw it."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from declarations import labels
from declarations.filing.forms.fields import DESCRIPTION_MAX, DateInputField, TextField
from declarations.models import Declaration


class EndForm(forms.Form):
    """When an interest or outside work ended; never before it started."""

    ended_on = DateInputField(
        label="When did it end?",
        subject="End date",
        required_message="Enter the date it ended",
        help_text="For example, 27 3 2026",
    )
    note = TextField(
        label="Anything else you want to tell us (optional)",
        max_length=DESCRIPTION_MAX,
        required_message="",
        too_long_message=f"The note must be {DESCRIPTION_MAX:,} characters or fewer",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, declaration: Declaration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("ended_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
        )

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        started = self.declaration.date
        if ended_on < started:
            # A problem with the whole date: every box is marked, the summary links the day's.
            raise ValidationError(
                f"End date must be on or after the start date, {labels.long_date(started)}"
            )
        return ended_on


class WithdrawForm(forms.Form):
    """Why a declaration is being withdrawn (optional, kept in its history)."""

    reason = TextField(
        label="Why are you withdrawing it? (optional)",
        max_length=DESCRIPTION_MAX,
        required_message="",
        too_long_message=f"The reason must be {DESCRIPTION_MAX:,} characters or fewer",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.SMALL, rows=3))
