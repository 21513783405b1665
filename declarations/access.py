"""Who may see what beyond their own declarations.

Deny by default: staff see their own entries (filing views filter by officer),
approvers the steps routed to them (queue views), and monitoring officers the whole
register of their organisation, including officers seconded in.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .choices import OrganisationRole
from .models import Declaration, Officer, Organisation, RoleAssignment

View = Callable[..., HttpResponse]


def officer_of(user: AbstractBaseUser | AnonymousUser):
    """The user's Officer record, or None (system administrators may have none)."""
    if not user.is_authenticated:
        return None
    return getattr(user, "officer", None)


def officer_required(view: View) -> View:
    """Filing and deciding need a staff record: anyone without one gets a page saying
    why (403). The view finds the officer on `request.officer`."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        officer = getattr(request.user, "officer", None)
        if not isinstance(officer, Officer):
            return render(request, "declarations/no_officer.html", status=403)
        request.officer = officer
        return view(request, *args, **kwargs)

    return wrapper


def roles_held(
    user: AbstractBaseUser | AnonymousUser, *, on: datetime.date | None = None
) -> QuerySet[RoleAssignment]:
    officer = officer_of(user)
    if officer is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.current(on).filter(officer=officer)


def monitoring_officer_organisations(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Organisations whose whole register this user keeps (system administrators: all)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = roles_held(user).filter(role=OrganisationRole.MONITORING_OFFICER).values("organisation")
    return Organisation.objects.filter(pk__in=ids)


def register_declarations(organisation: Organisation) -> QuerySet[Declaration]:
    """An organisation's register: its own officers' entries and those of officers
    seconded in to it."""
    return Declaration.objects.filter(
        Q(organisation=organisation) | Q(officer__seconded_to=organisation)
    )
