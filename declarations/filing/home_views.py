"""The signed-in officer's own page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from declarations.choices import Status


def home(request: HttpRequest) -> HttpResponse:
    """Your declarations, grouped by status."""
    officer = getattr(request.user, "officer", None)
    declarations = (
        officer.declarations.select_related("organisation", "gift_hospitality").order_by(
            "status", "-declared_on"
        )
        if officer
        else []
    )
    groups = {status: [] for status in Status}
    for declaration in declarations:
        groups[Status(declaration.status)].append(declaration)
    return render(
        request,
        "filing/home.html",
        {"officer": officer, "groups": [(s, items) for s, items in groups.items() if items]},
    )
