"""Response headers every page needs, besides Django's own (SecurityMiddleware) and the
Content-Security-Policy (django-csp's CSPMiddleware, configured in settings).

* Permissions-Policy: the browser features no page here uses are switched off, so a
  script that got in could not reach the camera, the microphone or the location.
* Cache-Control: no-store (and Pragma: no-cache for old proxies) on every response to a
  signed-in user, so declarations, registers and exports never stay in a shared cache or
  in the browser's history after sign-out. Static files (served by WhiteNoise before this
  middleware) and the public published register, read by anonymous visitors, may still
  be cached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """The Permissions-Policy header's value: `camera=(), geolocation=(self)`; an empty
    list allows the feature nowhere."""
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in sorted(features.items())
    )


def must_not_be_stored(request: HttpRequest) -> bool:
    """Whether the response is for a signed-in user (every export needs one)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy to every response, and no-store to a signed-in user's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.setdefault("Permissions-Policy", self.permissions_policy)
        if must_not_be_stored(request):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response
