"""The page where an officer asks for one of their entries to be kept out of the
published register (filing.withholding decides what is allowed). Only the officer's own
entry: anybody else's is not found, as on every filing page."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from declarations.access import OfficerRequest, officer_required
from declarations.filing import withholding
from declarations.filing.forms.fields import TextField
from declarations.filing.views import own_declaration


class WithholdForm(forms.Form):
    """Why the entry should not be published (required: the monitoring officer decides on it)."""

    reason = TextField(
        label="Why should this entry be kept out of the published register?",
        max_length=withholding.REASON_MAX,
        required_message="Enter why this entry should be kept out of the published register",
        too_long_message=f"The reason must be {withholding.REASON_MAX:,} characters or fewer",
        widget=forms.Textarea,
        help_text="For example, if being named with it in public would put you or someone "
        "close to you at risk. Only the monitoring officer reads this.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.SMALL, rows=5))


@require_http_methods(["GET", "POST"])
@officer_required
def ask_to_withhold(request: OfficerRequest, pk: int) -> HttpResponse:
    """Ask (GET: the page; POST: the request) for the entry to be kept out of the
    published register; back to the entry once asked, or if it cannot be asked."""
    declaration = own_declaration(request, pk)
    if not withholding.may_ask(declaration):
        messages.info(
            request,
            "You have already asked for this entry to be kept out of the published register."
            if withholding.open_request(declaration)
            else "This entry is never published, so there is nothing to keep out.",
        )
        return redirect("declaration-detail", pk=declaration.pk)
    form = WithholdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withholding.ask(declaration, request.officer, form.cleaned_data["reason"])
        except withholding.WithholdingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                "You have asked for this entry to be kept out of the published register. "
                "The monitoring officer will decide.",
            )
        return redirect("declaration-detail", pk=declaration.pk)
    return render(
        request,
        "filing/withhold.html",
        {"declaration": declaration, "form": form},
        status=400 if form.errors else 200,
    )
