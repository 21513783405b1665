"""The floor the scale benchmark compares every page with: the register's own settings
and middleware, and one bare view doing one indexed SELECT of 50 rows.

bench/scale.py serves it exactly as it serves the register (gunicorn, same workers, same
environment), with DJANGO_SETTINGS_MODULE=bench.floor_site: this module is both the
settings and the URL configuration. The view reads 50 declarations and writes them as a
plain HTML list, so what it costs is Django's request cycle, the middleware (sessions,
sign-in, CSP...) and one query: what no page of the register can avoid.

The SELECT reads the newest 50 declarations by the primary key's index, which every
version of the schema has. (It used to read one organisation's newest 50 by date: on a
grown database whose newest dates hold some 24,000 drafts of one organisation, that
walked them all, 200 ms, and made a poor floor.)
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from conduct_register.settings import *  # noqa: F403 (the register's settings, unchanged)

ROOT_URLCONF = "bench.floor_urls"


def floor(request: HttpRequest) -> HttpResponse:
    from declarations.models import Declaration  # settings load before the apps

    rows = Declaration.objects.order_by("-id")[:50]
    items = "".join(
        f"<li>{escape(reference)} {escape(counterparty)} {date:%d %b %Y}</li>"
        for reference, counterparty, date in rows.values_list("reference", "counterparty", "date")
    )
    return HttpResponse(f"<!doctype html><title>Floor</title><ul>{items}</ul>")
