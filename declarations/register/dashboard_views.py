"""The compliance dashboard (monitoring officers) and the annual interest reviews
(Thurrock 18.4: assistant directors and monitoring officers).

Thin on purpose: parse, call, render. Whose dashboard in keepers.py, the figures in
dashboard.py (worked out in the background: dashboard_tasks.py), the charts in charts.py,
who reviews what in reviews.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access, scheduling
from declarations.access import forbidden
from declarations.register import charts, dashboard, dashboard_tasks, keepers, reviews

# The dashboard's charts: (Shown field, title, element id).
CHARTS: tuple[tuple[str, str, str], ...] = (
    ("by_type", "Declarations by type", "chart-type"),
    ("by_status", "Declarations by status", "chart-status"),
    ("by_department", "Declarations by department", "chart-department"),
    ("step_ages", "Open approval steps by days waiting", "chart-steps"),
)
# While the first figures are worked out the page refreshes itself this often (a
# `Refresh` header, as the export progress page does: export_views.export_detail).
REFRESH_SECONDS = 5
REFRESH_ASKED = "The figures are being worked out again. Refresh this page in a minute to see them."


@require_http_methods(["GET", "POST"])
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """One organisation's compliance figures as last worked out (superusers choose with
    ?organisation=). POST asks for them to be worked out again now, then back here (303).

    The figures come from the latest snapshot (dashboard_tasks): an old one is shown with
    its time while a new one is made; with none yet, a page that refreshes itself until
    there is one (`?refresh=off` stops it: a screen-reader user may not want the page
    read out afresh every few seconds).
    """
    data = request.POST if request.method == "POST" else request.GET
    try:
        organisation, organisations = keepers.choose_organisation(
            request.user, data.get("organisation")
        )
    except PermissionDenied:
        return forbidden(
            request, "Only a monitoring officer can see their organisation's dashboard."
        )
    here = f"{reverse('dashboard')}?{urlencode({'organisation': organisation.code})}"
    if request.method == "POST":
        dashboard_tasks.ask_for_refresh(organisation)
        messages.success(request, REFRESH_ASKED)
        back = redirect(here)
        back.status_code = 303  # See Other: the dashboard, by GET
        return back
    latest = dashboard_tasks.latest_figures(organisation)
    context: dict[str, Any] = {
        "organisation": organisation,
        "organisations": organisations,
        "is_monitoring_officer": True,
        "latest": latest,
        "here": here,
    }
    if latest.shown is None:
        refreshing = request.GET.get("refresh") != "off"
        context["refreshing"] = refreshing
        context["no_worker"] = not scheduling.worker_seen_lately()
        context["refresh_seconds"] = REFRESH_SECONDS
        response = render(request, "register/dashboard/waiting.html", context)
        if refreshing:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response
    board = latest.shown
    if not access.sees_sensitive_entries_of(request.user, organisation):
        board = dashboard.without_sensitive_details(board)
    context["board"] = board
    context["charts"] = {
        key: charts.bar_chart(getattr(board, key), title=title, chart_id=chart_id)
        for key, title, chart_id in CHARTS
    }
    context["repeat_count"] = dashboard.REPEAT_GIFT_COUNT
    context["repeat_total"] = dashboard.REPEAT_GIFT_TOTAL
    return render(request, "register/dashboard/dashboard.html", context)


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
