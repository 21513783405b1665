"""The annual declaration page: the signed-in officer's own, for this year.

Thin on purpose: the rules are in annual.py. There is no id in the address, so
nobody can ask for anyone else's page.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from declarations.access import officer_required
from declarations.filing import annual
from declarations.filing.forms import RadioChoiceField

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


@require_http_methods(["GET", "POST"])
@officer_required
def annual_declaration(request: HttpRequest) -> HttpResponse:
    """This year's declaration: made (when, which kind), or the form to make it."""
    page = annual.page_for(request.officer)
    if page.done is not None:
        if request.method == "POST":
            messages.info(request, str(annual.AlreadyDone(page.done)))
            return redirect("annual-declaration")
        return render(request, "filing/annual/annual.html", {"page": page, "form": None})
    form = AnnualDeclarationForm(
        request.POST if request.method == "POST" else None,
        year=page.year,
        interest_count=len(page.interests),
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = annual.confirm(
                request.officer,
                form.cleaned_data["kind"],
                actor=request.user,
                year=page.year,
                shown=form.cleaned_data["shown"],
            )
        except annual.AlreadyDone as done:
            messages.info(request, str(done))
            return redirect("annual-declaration")
        except annual.AnnualError as error:
            form.add_error(error.field, str(error))
            page = annual.page_for(request.officer, page.year)
        else:
            messages.success(request, f"Your annual declaration for {made.year} has been recorded.")
            return redirect("annual-declaration")
    return render(request, "filing/annual/annual.html", {"page": page, "form": form})
