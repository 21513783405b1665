"""The admin is for system administrators: anyone else who is signed in is refused there.

Django's admin answers a signed-in member of staff who is not an administrator by
sending them to sign in again, as if a different account would do. Here they get the
site's 403 page instead (templates/403.html, through Django's handler403), and the
refusal goes in the security log like any other (DenialLogMiddleware). Someone not
signed in is left to the admin, which sends them to the site's sign-in page
(accounts.views.admin_sign_in); an administrator still has to pass their second factor
there before the admin opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import NoReverseMatch, reverse

REFUSAL = "Only system administrators can use the admin."


def admin_prefix() -> str:
    """Where the admin is served ("/admin/"); "" if this deployment has none."""
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return ""


def refused(request: HttpRequest) -> bool:
    """A signed-in user who is not an administrator (the admin's own test: active and
    staff), asking for an address under the admin's, its sign-in page included."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or (user.is_active and user.is_staff):
        return False
    prefix = admin_prefix()
    return bool(prefix) and request.path.startswith(prefix)


class AdminForAdministratorsMiddleware:
    """Refuses (403) the admin to a signed-in user who is not an administrator.

    Asked just before the view (after LoginRequiredMiddleware has sent anyone not signed
    in to sign in), so the refusal comes back out through every middleware: it gets the
    site's headers and is logged like any other 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        if refused(request):
            raise PermissionDenied(REFUSAL)
