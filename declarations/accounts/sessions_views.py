"""Pages for a user's own sessions: the list with "Sign out of all other sessions", and
the two endpoints the timeout warning (static/js/session_timeout.js) calls."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from declarations import clock
from declarations.accounts import sessions


@require_http_methods(["GET", "POST"])
def sessions_page(request: HttpRequest) -> HttpResponse:
    """Where you are signed in, and a button to sign out everywhere else."""
    if request.method == "POST":
        ended = sessions.end_other_sessions(request)
        if ended:
            messages.success(
                request,
                f"You have been signed out of {ended} other session{'s' if ended != 1 else ''}.",
            )
        else:
            messages.info(request, "You were not signed in anywhere else.")
        return redirect("sessions")
    listed = sessions.signed_in_sessions(request)
    return render(
        request,
        "accounts/sessions.html",
        {"listed": listed, "others": sum(not each.current for each in listed)},
    )


def _signed_out() -> JsonResponse:
    return JsonResponse({"error": "signed_out"}, status=401)


@login_not_required  # checked here: a script gets 401 JSON, not the sign-in page
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": counts as activity, says nothing (204)."""
    if not request.user.is_authenticated:
        return _signed_out()
    sessions.touch(request.session, clock.now(), always=True)
    return HttpResponse(status=204)


@sessions.not_activity
@login_not_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    """How long this session has left, without counting as activity: the warning asks
    before acting, since another tab may have kept the session going."""
    if not request.user.is_authenticated:
        return _signed_out()
    left = sessions.limits(request.session, clock.now())
    return JsonResponse(
        {
            "idle_seconds_left": left.idle_seconds_left,
            "absolute_seconds_left": left.absolute_seconds_left,
        }
    )
