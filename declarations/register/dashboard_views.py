"""The compliance dashboard (monitoring officers) and the annual interest reviews
(Thurrock 18.4: assistant directors and monitoring officers).

Thin on purpose: parse, call, render. Whose dashboard in keepers.py, the figures in
dashboard.py, the charts in charts.py, who reviews what in reviews.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access
from declarations.access import forbidden
from declarations.register import charts, dashboard, keepers, reviews

# The dashboard's charts: (Dashboard field, title, element id).
CHARTS: tuple[tuple[str, str, str], ...] = (
    ("by_type", "Declarations by type", "chart-type"),
    ("by_status", "Declarations by status", "chart-status"),
    ("by_department", "Declarations by department", "chart-department"),
    ("step_ages", "Open approval steps by days waiting", "chart-steps"),
)


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """One organisation's compliance figures (superusers choose with ?organisation=)."""
    try:
        organisation, organisations = keepers.choose_organisation(
            request.user, request.GET.get("organisation")
        )
    except PermissionDenied:
        return forbidden(
            request, "Only a monitoring officer can see their organisation's dashboard."
        )
    board = dashboard.build(organisation)
    drawn = {
        key: charts.bar_chart(getattr(board, key), title=title, chart_id=chart_id)
        for key, title, chart_id in CHARTS
    }
    return render(
        request,
        "register/dashboard/dashboard.html",
        {
            "board": board,
            "charts": drawn,
            "organisation": organisation,
            "organisations": organisations,
            "repeat_count": dashboard.REPEAT_GIFT_COUNT,
            "repeat_total": dashboard.REPEAT_GIFT_TOTAL,
            "is_monitoring_officer": True,
        },
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _may_review(request: HttpRequest) -> HttpResponse | None:
    if not reviews.may_review(request.user):
        return forbidden(
            request,
            "Only assistant directors and monitoring officers review declared interests.",
        )
    return None


@require_GET
def interest_reviews(request: HttpRequest) -> HttpResponse:
    """Interests due for their annual review by the signed-in officer."""
    refused = _may_review(request)
    if refused:
        return refused
    return render(
        request,
        "register/reviews/list.html",
        {
            "items": reviews.reviews_for(request.user),
            "is_monitoring_officer": access.keeps_a_register(request.user),
            "asked_by": reviews.asked_by(),
        },
    )


@require_http_methods(["GET", "POST"])
def interest_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and record (POST) the review of one interest."""
    refused = _may_review(request)
    if refused:
        return refused
    item = reviews.due_review(request.user, pk)
    if item is None:
        raise Http404("No interest waiting for your review has that number.")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.mark_reviewed(request.user, pk, note=form.cleaned_data["note"])
        except reviews.ReviewError as error:
            messages.error(request, str(error))
            return redirect("interest-reviews")
        messages.success(
            request,
            f"{item.declaration.reference_with_version} is marked as reviewed.",
        )
        return redirect("interest-reviews")
    return render(
        request,
        "register/reviews/review.html",
        {
            "item": item,
            "form": form,
            "is_monitoring_officer": access.keeps_a_register(request.user),
        },
        status=400 if form.is_bound else 200,
    )
