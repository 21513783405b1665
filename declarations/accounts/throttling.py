"""Brute-force protection for signing in, with django-axes (OWASP ASVS 5.0 V6.3.1).

Two counts of failed sign-ins, both kept in axes' AccessAttempt table:

- one username from one address: `AXES_FAILURE_LIMIT` failures (5) lock that pair until
  the cool-off has passed. Only the pair: the real user signing in from anywhere else
  still gets in, so a stranger who knows a username cannot lock its owner out.
- one address, whatever the usernames: `AXES_ADDRESS_FAILURE_LIMIT` failures (100) lock
  the address for every username (a ceiling on password spraying).

Axes has a single failure limit for all its lockout parameters, so the settings name
only the pair (`AXES_LOCKOUT_PARAMETERS`) and the handler below adds the address's
ceiling to the count axes compares with that limit. (Naming "ip_address" as a second
parameter would lock an address after 5 failures, and a success would then clear every
username's failures from that address, since `AXES_RESET_ON_SUCCESS` clears each count
the parameters name.)
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from declarations import clock


def cool_off(request: HttpRequest | None = None) -> datetime.timedelta:
    """How long a lockout lasts (settings.AXES_COOLOFF_TIME names this function)."""
    return datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES)


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class UsernameAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, with the address's ceiling added to the pair's count."""

    def address_attempts(self, request: HttpRequest) -> QuerySet[AccessAttempt]:
        """The failures from the request's address within the cool-off, any username."""
        return AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            attempt_time__gte=get_cool_off_threshold(request),
        )

    def address_locked(self, request: HttpRequest) -> bool:
        return _failures(self.address_attempts(request)) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The pair's failures, or the failure limit itself once the address is over its
        ceiling (so that axes treats any username from there as locked)."""
        failures = super().get_failures(request, credentials)
        if self.address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def locked_until(
        self, request: HttpRequest, credentials: dict | None = None
    ) -> datetime.datetime | None:
        """When signing in may be tried again: the cool-off after the failure that locked.

        Refused attempts are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
        is off), so the latest recorded failure is the one that locked. For the address's
        ceiling this is the latest moment: older failures may expire sooner.
        """
        pair = self.get_user_attempts(request, credentials)[0]
        locking = pair if _failures(pair) >= get_failure_limit(request, credentials) else None
        if locking is None:
            locking = self.address_attempts(request)
        latest = locking.aggregate(latest=Max("attempt_time"))["latest"]
        length = get_cool_off(request)
        if latest is None or length is None:
            return None
        return latest + length


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page for a locked-out sign-in (settings.AXES_LOCKOUT_CALLABLE): 429, saying
    when to try again and who can help, with a Retry-After header."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    credentials = credentials or getattr(request, "axes_credentials", None)
    until = None
    if isinstance(handler, UsernameAndAddressHandler):
        until = handler.locked_until(request, credentials)
    local = timezone.localtime(until) if until else None
    context: dict[str, Any] = {
        "try_again_at": local,
        "try_again_on": local.date() if local and local.date() != clock.today() else None,
        "cool_off_minutes": settings.AXES_COOLOFF_MINUTES,
    }
    response = render(
        request,
        "accounts/locked_out.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
    if until is not None:
        wait = max(0, math.ceil((until - clock.now()).total_seconds()))
        response["Retry-After"] = str(wait)
    return response
