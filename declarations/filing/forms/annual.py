"""The annual declaration's one question: nothing to declare, or interests reviewed.

The rules (what each answer needs, and the tick) are in declarations.filing.annual.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from declarations.filing import annual
from declarations.filing.forms.fields import RadioChoiceField

Kind = annual.Kind


class AnnualDeclarationForm(forms.Form):
    """Nothing to declare, or interests reviewed; and the tick that it is all correct."""

    kind = RadioChoiceField(
        label="What is your declaration?",
        choices=[
            Choice(
                Kind.NOTHING_TO_DECLARE,
                "I have nothing to declare",
                hint="You have no interests that could conflict with your work.",
            ),
            Choice(
                Kind.INTERESTS_CONFIRMED,
                "I have reviewed my current interests and they are correct",
                hint="The interests listed on this page are all you have, and are up to date.",
            ),
        ],
        required_message="Select whether you have nothing to declare or have reviewed your "
        "current interests",
    )
    confirm = forms.BooleanField(
        label="I confirm this is complete and correct",
        error_messages={"required": "Tick the box to confirm this is complete and correct"},
    )
    # Rendered by the template from the list shown; see annual.confirm.
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, year: int, interest_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interest_count = interest_count
        self.fields["kind"].label = f"What is your declaration for {year}?"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field("confirm"),
        )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        problem = annual.problem_with(kind, self.interest_count)
        if problem:
            raise forms.ValidationError(problem)
        return kind

    def clean_shown(self) -> list[int]:
        parts = self.cleaned_data["shown"].split(",")
        return [int(part) for part in parts if part.strip().isdigit()]
