"""Pages and exports of the register, for the people who keep it.

Thin on purpose: parse the query string, call, render. Who keeps which register is in
keepers.py, the filters in filters.py, the listing, paging and totals in queries.py, the
named registers in named.py, one entry and what happened to it in entries.py and the
file formats in exports.py. Anyone who does not keep the register asked for gets 403 (a
page saying why), a register no code names 404, an entry none of their registers lists
404; signing in is LoginRequiredMiddleware's job.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from declarations import access, clock
from declarations.access import forbidden
from declarations.choices import SecurityEventKind
from declarations.models import Declaration, Organisation
from declarations.register import entries, exports, keepers, named
from declarations.register import queries as reg
from declarations.register.filters import date_range_words
from declarations.security_log import record

View = Callable[..., HttpResponseBase]
FORMATS = ("csv", "xlsx", "pdf")


def keepers_only(view: View) -> View:
    """Turn PermissionDenied from keepers.py or named.py into a GOV.UK page saying why (403)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            message = str(denied) or "You do not keep this register."
            return forbidden(request, message, heading="You cannot see this register")

    return require_GET(wrapper)


def _page_context(
    request: HttpRequest,
    listing: reg.Listing,
    organisation: Organisation,
    export_urls: dict[str, str],
) -> dict[str, Any]:
    """What the register page and a named register's page both show."""
    current_page = reg.page(listing.declarations, reg.page_number(request.GET.get("page")))
    return {
        "organisation": organisation,
        "form": listing.form,
        "page": current_page,
        "rows": entries.rows(current_page.rows, clock.today()),
        "totals": reg.totals(listing.declarations),
        "sort": listing.sort if listing.sort != reg.DEFAULT_SORT else "",
        "sorting": reg.sort_columns(listing.sort),
        "export_urls": export_urls,
    }


def _export(
    request: HttpRequest,
    listing: reg.Listing,
    fmt: str,
    *,
    register: str,
    stem: str,
    title: str,
    organisation: Organisation,
) -> HttpResponseBase:
    """One format of the listing; a filter with errors is refused (400) with the errors.
    Each export made goes in the security log (`_log_export`)."""
    if listing.form.is_bound and not listing.form.is_valid():
        return render(
            request,
            "register/export_error.html",
            {"form": listing.form, "title": title, "organisation": organisation},
            status=400,
        )
    name = exports.filename(stem, fmt)
    response: HttpResponseBase
    if fmt == "csv":
        response = exports.csv_response(listing.declarations, name)
    elif fmt == "xlsx":
        response = exports.xlsx_response(listing.declarations, name)
    else:
        try:
            response = exports.pdf_response(
                listing.declarations,
                name,
                context={
                    "title": title,
                    "organisation": organisation,
                    "date_range": date_range_words(listing.filters),
                    "filters": listing.form,
                },
            )
        except exports.TooManyRowsForPdf as too_many:
            return render(
                request,
                "register/export_error.html",
                {"too_many": too_many, "title": title, "organisation": organisation},
                status=400,
            )
    _log_export(request, listing, fmt, register=register, organisation=organisation)
    return response


def _log_export(
    request: HttpRequest,
    listing: reg.Listing,
    fmt: str,
    *,
    register: str,
    organisation: Organisation,
) -> None:
    """REGISTER_EXPORTED: who, which register, the filter applied (its cleaned values),
    the format and how many rows. Recorded before a streamed CSV is sent, so an export
    the client abandons is logged too; the rows are counted by one COUNT over the
    filtered register (the CSV's rows are only known as they are streamed)."""
    record(
        SecurityEventKind.REGISTER_EXPORTED,
        request=request,
        organisation=organisation,
        register=register,
        format=fmt,
        rows=listing.declarations.order_by().count(),
        filters=listing.filters,
        sort=listing.sort,
    )


# --- the whole register (monitoring officers) -----------------------------------------------


@keepers_only
def register(request: HttpRequest) -> HttpResponse:
    """An organisation's whole register, filtered, searched, sorted and paged."""
    organisation, kept = keepers.choose_organisation(request.user, request.GET.get("organisation"))
    listing = reg.listing(Declaration.objects.in_register(organisation), organisation, request.GET)
    export_urls = {fmt: reverse(f"register-export-{fmt}") for fmt in FORMATS}
    context = _page_context(request, listing, organisation, export_urls)
    context.update(
        {
            "kept": kept,
            "organisation_choice": len(kept) > 1,
            "title": f"Register of declarations: {organisation.name}",
        }
    )
    return render(request, "register/register.html", context)


@keepers_only
def register_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The register exactly as filtered, as CSV, XLSX or PDF."""
    organisation, _ = keepers.choose_organisation(request.user, request.GET.get("organisation"))
    listing = reg.listing(Declaration.objects.in_register(organisation), organisation, request.GET)
    return _export(
        request,
        listing,
        fmt,
        register="register",
        stem=f"register-{organisation.code}",
        title=f"Register of declarations: {organisation.name}",
        organisation=organisation,
    )


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
    listing = reg.listing(shown.declarations, shown.organisation, request.GET)
    export_urls = {
        fmt: reverse(f"named-register-export-{fmt}", args=[shown.slug]) for fmt in FORMATS
    }
    context = _page_context(request, listing, shown.organisation, export_urls)
    context.update(
        {
            "named": shown,
            "title": shown.title,
            "can_see_register": access.keeps_a_register(request.user),
        }
    )
    return render(request, "register/named_register.html", context)


@keepers_only
def named_register_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """A named register exactly as filtered, as CSV, XLSX or PDF."""
    shown = _named_or_404(request, slug)
    listing = reg.listing(shown.declarations, shown.organisation, request.GET)
    return _export(
        request,
        listing,
        fmt,
        register=shown.slug,
        stem=shown.slug,
        title=f"{shown.title}: {shown.organisation.name}",
        organisation=shown.organisation,
    )


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
