"""The security log page (/register/security-log/), for the monitoring officer.

Thin on purpose: parse the query string, call, render. Whose events, the filters and
the paging are in security_log_queries.py and security_log_filters.py. Anyone who keeps
no register gets 403 (the refusal itself goes in the log, by DenialLogMiddleware).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from declarations.access import forbidden
from declarations.register import security_log_queries as log
from declarations.register.security_log_filters import SecurityLogFilterForm


@require_GET
def security_log(request: HttpRequest) -> HttpResponse:
    """The security events of the organisations this person keeps, newest first."""
    if not log.may_see_security_log(request.user):
        return forbidden(
            request,
            "Only a monitoring officer can see the security log of their organisation.",
            heading="You cannot see the security log",
        )
    view = log.viewer(request.user)
    form = SecurityLogFilterForm(request.GET or None, organisations=view.choices())
    page = log.events_page(view, form.filters())
    return render(
        request,
        "register/security_log.html",
        {
            "form": form,
            "page": page,
            "organisations": view.organisations,
            "organisation_choice": bool(view.choices()),
            "several_organisations": len(view.scopes()) > 1,
        },
    )
