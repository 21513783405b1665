"""The published register: pages anyone may read, and the monitoring officer's publish page.

Thin on purpose: parse, call, render. What is published and how is decided in
publishing.py, who may publish in keepers.py. The public pages need no sign-in
(`login_not_required`) and show the latest publication; "Previous versions" lists every
publication, each readable at its own address exactly as it was published.
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
    """The latest publication, without its snapshot's entries (its CSV is kept)."""
    organisation = get_object_or_404(Organisation, code=code)
    publication = publishing.latest_publication(organisation, with_entries=False)
    if publication is None:
        raise Http404("This organisation has not published its register.")
    return organisation, publication


@login_not_required
@require_GET
def published_register(request: HttpRequest, code: str) -> HttpResponse:
    """One page (`?page=N`) of the latest publication of an organisation's register, as
    rendered when it was published; for an employer that has not published (or no such
    employer) a page saying so, with those that have (404). A page number that is not a
    page of the register gets a page saying so (404), with a link to the first."""
    number = _page_number(request.GET.get("page", "1"))
    publication, html = publishing.public_page(code, number)
    if publication is None:
        return render(
            request,
            "register/public/not_published.html",
            {
                "organisation": Organisation.objects.filter(code=code).first(),
                "organisations": publishing.published_organisations(),
            },
            status=404,
        )
    return _register_page(request, publication, html, number, current=True)


def _register_page(
    request: HttpRequest, publication: Publication, html: str | None, number: int, *, current: bool
) -> HttpResponse:
    """Page `number` of a publication (the latest, or an earlier one, labelled so)."""
    pages = publishing.page_count(publication)
    missing = html is None and not (pages == 0 and number == 1)
    return render(
        request,
        "register/public/register.html",
        {
            "organisation": publication.organisation,
            "publication": publication,
            "current": current,
            "level_words": publishing.level_words(publication.minimum_level),
            "page_html": html,
            "number": number,
            "pages": pages,
            "pagination": _pagination(number, pages) if html is not None else [],
            "missing": missing,
        },
        status=404 if missing else 200,
    )


@login_not_required
@require_GET
def published_versions(request: HttpRequest, code: str) -> HttpResponse:
    """Every publication of the employer's register, newest first, dated, with its row
    count: VERSIONS_PAGE_SIZE a page, `?after=<id>` for older ones and `?before=<id>`
    for newer ones (404 if it never published)."""
    organisation, latest = _latest(code)
    page = publishing.versions(
        organisation,
        after=_page_number(request.GET.get("after", "")) or None,
        before=_page_number(request.GET.get("before", "")) or None,
    )
    return render(
        request,
        "register/public/versions.html",
        {"organisation": organisation, "latest_id": latest.pk, "page": page},
    )


def _version(code: str, pk: int) -> Publication:
    publication = publishing.publication_of(code, pk)
    if publication is None:
        raise Http404("This employer published no such version of its register.")
    return publication


@login_not_required
@require_GET
def published_version(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One page (`?page=N`) of one publication as it was published (404 for another
    employer's or no such publication)."""
    publication = _version(code, pk)
    number = _page_number(request.GET.get("page", "1"))
    html = publishing.page_html(publication, number)
    return _register_page(
        request, publication, html, number, current=publishing.is_latest(publication)
    )


@login_not_required
@require_GET
def published_version_csv(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One publication's CSV, as written when it was published."""
    return _csv_response(_version(code, pk), code)


def _page_number(text: str) -> int:
    """The page asked for; 0 (no page) if `text` is not a page number at all."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return 0
    return int(text)


def _pagination(current: int, pages: int) -> list[int | None]:
    """The page numbers to link to (None for a gap): the first, the last, and those
    either side of the current page, as the GOV.UK pagination component shows them."""
    shown = sorted({1, pages, *range(max(1, current - 1), min(pages, current + 1) + 1)})
    items: list[int | None] = []
    for number in shown:
        if items and items[-1] is not None and number - items[-1] > 1:
            items.append(None)
        items.append(number)
    return items


@login_not_required
@require_GET
def published_register_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The latest publication as CSV, as written when it was published (cells that a
    spreadsheet would run are neutralised)."""
    organisation, publication = _latest(code)
    return _csv_response(publication, organisation.code)


def _csv_response(publication: Publication, code: str) -> HttpResponse:
    response = HttpResponse(
        "\ufeff" + publishing.csv_of(publication),
        content_type="text/csv; charset=utf-8",
    )
    stamp = publication.published_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{code}-register-{stamp}.csv"'
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
