"""The annual declaration page: the signed-in officer's own, for this year.

Thin on purpose: the rules are in annual.py and the form in forms/annual.py. There is
no id in the address, so nobody can ask for anyone else's page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from declarations.access import OfficerRequest, officer_required
from declarations.filing import annual
from declarations.filing.forms import AnnualDeclarationForm


@require_http_methods(["GET", "POST"])
@officer_required
def annual_declaration(request: OfficerRequest) -> HttpResponse:
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
