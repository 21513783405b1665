"""Who may see what beyond their own declarations.

Deny by default: staff see their own entries (filing views filter by officer),
approvers the steps routed to them (queue views), and monitoring officers the whole
register of their organisation, including what officers seconded in filed while there.

Sensitive entries (policies.vocabulary.SENSITIVE_TYPES: relationships and disclosures)
go no further: the officer who filed one, the people on its route and the monitoring
officer of its organisation (and of the host, for an officer seconded in) see it,
nobody else: not another register's keeper nor a system administrator who is not the
monitoring officer (their register pages show it masked, "Sensitive entry", with no
detail), never the public (`sees_sensitive_entries_of` here; for one entry,
register.sensitive.may_see_sensitive, which asks the approvals journey who is on its route).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from declarations.choices import OrganisationRole
from declarations.models import Declaration, Officer, Organisation, RoleAssignment
from policies.vocabulary import SENSITIVE_TYPES

View = Callable[..., HttpResponse]


class OfficerRequest(HttpRequest):
    """The request a view wrapped in `officer_required` receives: signed in, with a staff
    record on `officer`. For type checking only (annotate such a view's `request` with it)."""

    user: User
    officer: Officer


# `user.officer`'s cache on the user object (the reverse side of Officer.user).
_USERS_OFFICER = Officer._meta.get_field("user").remote_field


def officer_of(user: User | AnonymousUser) -> Officer | None:
    """The user's Officer record, or None (system administrators may have none).

    Read, when nothing on this request has read it yet, with the employer and host
    organisation every page's header and navigation show (one query, not three), and
    kept where `user.officer` finds it, as Django keeps it, a missing record included.
    """
    if not user.is_authenticated:
        return None
    if not _USERS_OFFICER.is_cached(user):
        officer = (
            Officer.objects.select_related("organisation", "seconded_to").filter(user=user).first()
        )
        _USERS_OFFICER.set_cached_value(user, officer)
        if officer is not None:
            officer.user = user
    return getattr(user, "officer", None)


def officer_required(view: View) -> View:
    """Filing and deciding need a staff record: anyone without one gets a page saying
    why (403). The view finds the officer on `request.officer`."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        officer = officer_of(request.user)
        if not isinstance(officer, Officer):
            return render(request, "filing/no_officer.html", status=403)
        officer_request = cast(OfficerRequest, request)
        officer_request.officer = officer
        return view(officer_request, *args, **kwargs)

    return wrapper


def forbidden(
    request: HttpRequest,
    message: str,
    *,
    heading: str = "You cannot see this page",
    back_url: str = "",
    back_text: str = "Go to your declarations",
) -> HttpResponse:
    """The one refusal page (403.html, as for a raised PermissionDenied): the heading, why,
    and one onward link (default: the officer's own declarations)."""
    context = {
        "heading": heading,
        "message": message,
        "back_url": back_url or reverse("home"),
        "back_text": back_text,
    }
    return render(request, "403.html", context, status=403)


def roles_held(
    user: User | AnonymousUser, *, on: datetime.date | None = None
) -> QuerySet[RoleAssignment]:
    officer = officer_of(user)
    if officer is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.current(on).filter(officer=officer)


# The attribute roles_today caches its answer under on the user object.
_ROLES_TODAY = "_roles_today"


def roles_today(user: User | AnonymousUser) -> frozenset[tuple[int, str]]:
    """The (organisation id, role) pairs the user holds today: read once a request and
    kept on the user object, since the navigation and the page both ask. Like the other
    answers kept there, it lives as long as that object: one request (the session
    middleware reads the user afresh each time), so code that changes someone's roles
    and then asks again in the same request must read the user again."""
    cached = getattr(user, _ROLES_TODAY, None)
    if cached is None:
        cached = frozenset(roles_held(user).values_list("organisation_id", "role"))
        if user.is_authenticated:
            setattr(user, _ROLES_TODAY, cached)
    return cached


def monitoring_officer_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations whose whole register this user keeps (system administrators: all)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = roles_held(user).filter(role=OrganisationRole.MONITORING_OFFICER).values("organisation")
    return Organisation.objects.filter(pk__in=ids)


# The attribute keeps_a_register caches its answer under on the user object.
_KEEPS_A_REGISTER = "_keeps_a_register"


def keeps_a_register(user: User | AnonymousUser) -> bool:
    """Whether the user keeps any organisation's whole register.

    Navigation, the page and its links all ask this on one request, so the answer is
    kept on the request's user object rather than asked of the database each time.
    """
    cached = getattr(user, _KEEPS_A_REGISTER, None)
    if cached is None:
        if user.is_superuser:
            cached = monitoring_officer_organisations(user).exists()
        else:
            held = roles_today(user)
            cached = any(role == OrganisationRole.MONITORING_OFFICER for _, role in held)
        if user.is_authenticated:
            setattr(user, _KEEPS_A_REGISTER, cached)
    return cached


# --- sensitive entries -----------------------------------------------------------------------


def is_sensitive(declaration: Declaration) -> bool:
    """Whether the entry is of a sensitive type (SENSITIVE_TYPES)."""
    return declaration.type in SENSITIVE_TYPES


def sees_sensitive_entries_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the user's registers of `organisation` show its sensitive entries in full
    (and may export them): only its monitoring officer, today; anyone else's list them
    masked. A system administrator keeps every register but is not the monitoring
    officer, so sees none of them in full. The
    host's monitoring officer sees those filed while seconded in, as their register
    holds them (DeclarationQuerySet.in_register)."""
    return organisation.pk in monitoring_officer_of(user)


def is_monitoring_officer(user: User | AnonymousUser) -> bool:
    """Whether the user is any organisation's monitoring officer today: the register's
    settings, withholding requests and subject access copies are theirs alone."""
    return bool(monitoring_officer_of(user))


def monitoring_officer_of(user: User | AnonymousUser) -> frozenset[int]:
    """The ids of the organisations whose monitoring officer the user is today (from the
    roles read once a request: no query of its own)."""
    return frozenset(
        organisation_id
        for organisation_id, role in roles_today(user)
        if role == OrganisationRole.MONITORING_OFFICER
    )
