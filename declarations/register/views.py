"""Pages and exports of the register, for the people who keep it.

Thin on purpose: parse the query string, call, render. Who keeps which register is in
keepers.py, the filters in filters.py, the listing, paging and totals in queries.py, the
named registers in named.py, one entry and what happened to it in entries.py; an
export is asked for here (POST) and made in the background (export_jobs.py; its pages
are export_views.py). Anyone who does not keep the register asked for gets 403 (a
page saying why), a register no code names 404, an entry none of their registers lists
404; signing in is LoginRequiredMiddleware's job. A sensitive entry (a relationship or
a disclosure) is shown, opened and exported for the monitoring officer alone
(entries.openable, sensitive.may_see_sensitive); anyone else's register page lists it
as a masked row (queries.page_listing), its page is a 404 to them and their exports
leave it out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from declarations import access, clock
from declarations.access import forbidden
from declarations.choices import ExportFormat, SecurityEventKind
from declarations.models import Organisation
from declarations.register import entries, export_jobs, keepers, named, sensitive
from declarations.register import queries as reg
from declarations.security_log import record

View = Callable[..., HttpResponseBase]
FORMATS = ("csv", "xlsx", "pdf")


def _explaining_refusals(view: View) -> View:
    """Turn PermissionDenied from keepers.py or named.py into a GOV.UK page saying why (403)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            message = str(denied) or "You do not keep this register."
            return forbidden(request, message, heading="You cannot see this register")

    return wrapper


def keepers_only(view: View) -> View:
    """A register page: GET only, refusals explained (403)."""
    return require_GET(_explaining_refusals(view))


def keepers_export(view: View) -> View:
    """An export: POST asks for it, GET offers a button to ask; refusals explained."""
    return require_http_methods(["GET", "POST"])(_explaining_refusals(view))


def _page_context(
    request: HttpRequest,
    listing: reg.Listing,
    organisation: Organisation,
    export_urls: dict[str, str],
    register: str,
) -> dict[str, Any]:
    """What the register page and a named register's page both show (`register`: which,
    export_jobs.WHOLE_REGISTER or a named register's slug)."""
    current_page = reg.page(listing, organisation, request.GET)
    return {
        "organisation": organisation,
        "form": listing.form,
        "left_out_words": listing.left_out_words,
        "page": current_page,
        "rows": entries.rows(current_page.rows, clock.today(), masked=listing.masked),
        "masked": listing.masked,
        "totals": reg.totals(listing.declarations, organisation),
        "sort": listing.sort if listing.sort != reg.DEFAULT_SORT else "",
        "sorting": reg.sort_columns(listing.sort),
        "export_urls": export_urls,
        **_sensitive_offer(request, register, organisation),
    }


def _sensitive_offer(
    request: HttpRequest, register: str, organisation: Organisation
) -> dict[str, Any]:
    """The export form's "Include sensitive entries" checkbox (register/_export_sensitive.html):
    offered on the whole register to its monitoring officer alone, never ticked."""
    return {
        "offer_sensitive": export_jobs.offers_sensitive(request.user, register, organisation),
        "sensitive_words": export_jobs.sensitive_words(),
    }


def _export(request: HttpRequest, asked: export_jobs.Asked, fmt: str) -> HttpResponseBase:
    """Ask for one format of the listing: POST queues it and sends the progress page
    (303); GET shows a button that asks for it (a link followed, a bookmark). A filter
    with errors is refused (400) with the errors, and someone who already has
    EXPORTS_AT_ONCE exports waiting is asked to wait (429): nothing is queued."""
    context = {
        "form": asked.listing.form,
        "title": asked.title,
        "organisation": asked.organisation,
        **_sensitive_offer(request, asked.register, asked.organisation),
    }
    if asked.listing.form.is_bound and not asked.listing.form.is_valid():
        return render(request, "register/export_error.html", context, status=400)
    if request.method != "POST":
        context["format"] = ExportFormat(fmt).label
        return render(request, "register/export_ask.html", context)
    try:
        export = export_jobs.request_export(
            request.user,  # type: ignore[arg-type]
            asked,
            fmt,
            export_jobs.stored_query(request.GET, include_sensitive=asked.sensitive),
            request=request,
        )
    except export_jobs.TooManyExports:
        context["limit"] = export_jobs.EXPORTS_AT_ONCE
        return render(request, "register/export_busy.html", context, status=429)
    response = HttpResponseRedirect(reverse("register-export-detail", args=[export.pk]))
    response.status_code = 303  # See Other: the progress page, by GET
    return response


def _asks_for_sensitive(request: HttpRequest) -> bool:
    """The export form's checkbox, ticked: only a POST asks (a link cannot)."""
    return request.method == "POST" and export_jobs.asks_for_sensitive(request.POST)


# --- the whole register (monitoring officers) -----------------------------------------------


@keepers_only
def register(request: HttpRequest) -> HttpResponse:
    """An organisation's whole register, filtered, searched, sorted and paged."""
    organisation, kept = keepers.choose_organisation(request.user, request.GET.get("organisation"))
    listing = reg.whole_register_page(request.user, organisation, request.GET)
    export_urls = {fmt: reverse(f"register-export-{fmt}") for fmt in FORMATS}
    context = _page_context(request, listing, organisation, export_urls, export_jobs.WHOLE_REGISTER)
    context.update(
        {
            "kept": kept,
            "organisation_choice": len(kept) > 1,
            "title": f"Register of declarations: {organisation.name}",
        }
    )
    return render(request, "register/register.html", context)


@keepers_export
def register_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The register exactly as filtered, as CSV, XLSX or PDF, made in the background;
    its sensitive entries only if the monitoring officer ticked the form's checkbox
    (anyone else who sends it is refused, 403)."""
    asked = export_jobs.listing_for(
        request.user,
        export_jobs.WHOLE_REGISTER,
        request.GET,
        include_sensitive=_asks_for_sensitive(request),
    )
    return _export(request, asked, fmt)


# --- the registers the codes name -----------------------------------------------------------


def _named_or_404(request: HttpRequest, slug: str) -> named.NamedRegister:
    try:
        return named.named_register(request.user, slug)
    except named.NoSuchRegister as missing:
        raise Http404("No such register.") from missing


@keepers_only
def named_register_list(request: HttpRequest) -> HttpResponse:
    """The named registers this person keeps; 403 for someone who keeps none."""
    registers = named.named_registers(request.user)
    if not registers:
        raise PermissionDenied("You do not keep any of the registers the codes name.")
    return render(
        request,
        "register/named_list.html",
        {"registers": registers, "can_see_register": access.keeps_a_register(request.user)},
    )


@keepers_only
def named_register(request: HttpRequest, slug: str) -> HttpResponse:
    """One named register, with the same filters as the whole register."""
    shown = _named_or_404(request, slug)
    listing = reg.page_listing(request.user, shown.organisation, shown.listed, request.GET)
    export_urls = {
        fmt: reverse(f"named-register-export-{fmt}", args=[shown.slug]) for fmt in FORMATS
    }
    context = _page_context(request, listing, shown.organisation, export_urls, shown.slug)
    context.update(
        {
            "named": shown,
            "title": shown.title,
            "can_see_register": access.keeps_a_register(request.user),
        }
    )
    return render(request, "register/named_register.html", context)


@keepers_export
def named_register_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """A named register exactly as filtered, as CSV, XLSX or PDF, made in the background."""
    try:
        asked = export_jobs.listing_for(
            request.user, slug, request.GET, include_sensitive=_asks_for_sensitive(request)
        )
    except named.NoSuchRegister as missing:
        raise Http404("No such register.") from missing
    return _export(request, asked, fmt)


# --- one entry ------------------------------------------------------------------------------


@require_GET
def register_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry, read-only, for whoever may see it in a register page; 404 for anyone
    else, so the page never says whether someone else's entry exists. Reading it changes
    nothing, but who read which entry is in the security log (ASVS V16: access to
    sensitive data): its number, type and reference, never its answers."""
    may_open = entries.openable(request.user)
    declaration = entries.open_entry(may_open, pk)
    if declaration is None:
        raise Http404("No entry in a register you keep has that number.")
    if not sensitive.may_see_sensitive(request.user, declaration):  # openable keeps them
        # out already; answered as an entry not listed, so nobody learns which are sensitive
        raise Http404("No entry in a register you keep has that number.")
    record(
        SecurityEventKind.REGISTER_ENTRY_OPENED,
        request=request,
        organisation=declaration.organisation,
        entry=declaration.pk,
        reference=declaration.reference_with_version,
        type=declaration.type,
    )
    context = entries.entry_page(declaration, may_open, clock.today())
    context["back"] = entries.back_link(request.user, declaration)
    return render(request, "register/entry.html", context)
