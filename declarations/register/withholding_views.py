"""The monitoring officer's pages for requests to keep an entry out of the published
register: those waiting (with the latest decisions), and one request to decide. Thin:
parse, call register.withholding, render. Anyone but the monitoring officer of the
request's organisation is refused (403, logged as every denial is)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access, labels
from declarations.filing import summary_rows
from declarations.register import withholding

REFUSAL = (
    "Only the monitoring officer decides requests to keep an entry out of the published register."
)


class DecisionForm(forms.Form):
    """Keep it out or publish it as usual, with the reason (required either way)."""

    decision = forms.ChoiceField(
        choices=withholding.DECISIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to keep this entry out of the published register"
        },
    )
    reason = forms.CharField(
        max_length=withholding.REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason for your decision",
            "max_length": f"The reason must be {withholding.REASON_MAX:,} characters or fewer",
        },
    )


@require_GET
def waiting_list(request: HttpRequest) -> HttpResponse:
    """The requests waiting for the user's decision, oldest first, and recent decisions."""
    if not access.is_monitoring_officer(request.user):
        return access.forbidden(request, REFUSAL)
    return render(
        request,
        "register/withholding_list.html",
        {"requests": withholding.requests_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: the entry, the officer's reason, and (while it waits) the decision."""
    try:
        asked = withholding.request_for(request.user, pk)
    except PermissionDenied:
        return access.forbidden(request, REFUSAL)
    if asked is None:
        raise Http404("No such request.")
    officer = access.officer_of(request.user)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and officer is not None and form.is_valid():
        try:
            withholding.decide(
                asked, officer, form.cleaned_data["decision"], form.cleaned_data["reason"]
            )
        except withholding.AlreadyDecided as error:
            messages.error(request, str(error))
            return redirect("withholding-decide", pk=asked.pk)
        except ValueError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"Your decision on {asked.reference} is recorded.")
            return redirect("withholding-list")
    declaration = asked.declaration
    return render(
        request,
        "register/withholding_decide.html",
        {
            "asked": asked,
            "declaration": declaration,
            "caption": labels.declaration_type(declaration.type),
            "rows": summary_rows(declaration),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
