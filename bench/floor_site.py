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

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
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


# The same 50 rows in the register's own layout, for a signed-in user: what any page of
# the register costs before it does anything of its own (the session, the user and their
# staff record, the navigation, the GOV.UK layout, a table of 50 rows). Any signed-in user
# sees them: the view is the benchmark's alone (bench/floor_urls.py), never the register's.
SIGNED_IN_PAGE = """{% extends "base.html" %}{% block content %}
<table class="govuk-table"><tbody class="govuk-table__body">
{% for reference, counterparty, date in rows %}<tr class="govuk-table__row">
<td class="govuk-table__cell">{{ reference }}</td>
<td class="govuk-table__cell">{{ counterparty }}</td>
<td class="govuk-table__cell">{{ date|date:"j M Y" }}</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""


def signed_in_floor(request: HttpRequest) -> HttpResponse:
    from declarations.models import Declaration

    rows = Declaration.objects.order_by("-id")[:50].values_list("reference", "counterparty", "date")
    return HttpResponse(_signed_in_page().render({"rows": rows}, request))


@functools.cache
def _signed_in_page() -> Any:
    """Compiled once, as the register's templates are (the cached loader)."""
    return engines["django"].from_string(SIGNED_IN_PAGE)
