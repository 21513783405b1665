"""The published register: pages anyone may read, and the monitoring officer's publish page.

Thin on purpose: parse, call, render. What is published and how is decided in
publishing.py, who may publish in keepers.py. The public pages need no sign-in
(`login_not_required`) and show only the latest publication.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access
from declarations.models import Organisation, Publication
from declarations.register import keepers, publishing


class PublishForm(forms.Form):
    """Which organisation, and the lowest level whose officers are listed."""

    organisation = forms.CharField(required=False)
    minimum_level = forms.ChoiceField(
        label="Publish declarations of officers at or above",
        choices=publishing.level_choices(),
        initial=publishing.DEFAULT_MINIMUM_LEVEL.value,
    )
    fingerprint = forms.CharField(required=False, max_length=64)


@login_not_required
@require_GET
def published_index(request: HttpRequest) -> HttpResponse:
    """Every organisation that has published its register."""
    return render(
        request,
        "register/public/index.html",
        {"organisations": publishing.published_organisations()},
    )


def _latest(code: str) -> tuple[Organisation, Publication]:
    organisation = get_object_or_404(Organisation, code=code)
    publication = publishing.latest_publication(organisation)
    if publication is None:
        raise Http404("This organisation has not published its register.")
    return organisation, publication


@login_not_required
@require_GET
def published_register(request: HttpRequest, code: str) -> HttpResponse:
    """The latest publication of one organisation's register; for an employer that has
    not published (or no such employer) a page saying so, with those that have (404)."""
    organisation = Organisation.objects.filter(code=code).first()
    publication = publishing.latest_publication(organisation) if organisation else None
    if organisation is None or publication is None:
        return render(
            request,
            "register/public/not_published.html",
            {
                "organisation": organisation,
                "organisations": publishing.published_organisations(),
            },
            status=404,
        )
    return render(
        request,
        "register/public/register.html",
        {
            "organisation": organisation,
            "publication": publication,
            "level_words": publishing.level_words(publication.minimum_level),
            "rows": publishing.display_rows(publishing.public_rows(publication)),
        },
    )


@login_not_required
@require_GET
def published_register_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The latest publication as CSV (cells that a spreadsheet would run are neutralised)."""
    organisation, publication = _latest(code)
    response = HttpResponse(
        "\ufeff" + publishing.csv_text(publishing.public_rows(publication)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = publication.published_at.date().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.code}-register-{stamp}.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    """Monitoring officers: preview what would be published (GET), then publish (POST)."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        organisation, organisations = keepers.choose_organisation(
            request.user, data.get("organisation")
        )
    except PermissionDenied:
        return access.forbidden(
            request, "Only the monitoring officer can publish their organisation's register."
        )
    bound = request.method == "POST" or "minimum_level" in data
    form = PublishForm(data if bound else None)
    level = publishing.DEFAULT_MINIMUM_LEVEL.value
    if form.is_bound:
        if not form.is_valid():
            return render(
                request,
                "register/public/publish.html",
                {"form": form, "organisation": organisation, "organisations": organisations},
                status=400,
            )
        level = form.cleaned_data["minimum_level"]
    if request.method == "POST":
        try:
            publication = publishing.publish(
                organisation,
                minimum_level=level,
                by=access.officer_of(request.user),
                expected=form.cleaned_data["fingerprint"] or None,
                request=request,
            )
        except publishing.PreviewOutOfDate as error:
            messages.error(request, str(error))
            return redirect(
                f"{reverse('register-publish')}?"
                + urlencode({"organisation": organisation.code, "minimum_level": level})
            )
        messages.success(
            request,
            f"{organisation.name}'s register is published: "
            f"{publication.row_count} entr{'y' if publication.row_count == 1 else 'ies'}.",
        )
        return redirect("published-register", code=organisation.code)
    rows = publishing.preview(organisation, level)
    return render(
        request,
        "register/public/publish.html",
        {
            "form": form,
            "organisation": organisation,
            "organisations": organisations,
            "level": level,
            "level_label": dict(publishing.level_choices())[level],
            "rows": publishing.display_rows(rows),
            "fingerprint": publishing.fingerprint(rows),
            "latest": publishing.latest_publication(organisation),
        },
    )
