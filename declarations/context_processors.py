"""Template context every page needs: who is signed in and what they may reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from policies.vocabulary import Level

from . import access
from .choices import OrganisationRole
from .models import Officer


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url name, url names that make the item current, who sees it)
NAVIGATION = (
    ("Your declarations", "home", {"home", "declaration-new", "declaration-new-type"}, "officer"),
    ("Annual declaration", "annual-declaration", {"annual-declaration"}, "officer"),
    ("For your decision", "decision-queue", {"decision-queue", "decision-detail"}, "officer"),
    ("Register", "register", {"register", "named-register", "named-register-list"}, "keeper"),
    ("Dashboard", "dashboard", {"dashboard"}, "monitoring_officer"),
    ("Publish", "register-publish", {"register-publish"}, "monitoring_officer"),
    ("Interest reviews", "interest-reviews", {"interest-reviews", "interest-review"}, "reviewer"),
    ("Codes of conduct", "policy-index", {"policy-index", "policy-detail"}, "anyone"),
)


def _audiences(request: HttpRequest, officer: Officer | None) -> set[str]:
    user = request.user
    audiences = {"anyone"}
    if officer is not None:
        audiences.add("officer")
    if user.is_superuser:
        return audiences | {"keeper", "monitoring_officer", "reviewer"}
    roles = set(access.roles_held(user).values_list("role", flat=True))
    if OrganisationRole.MONITORING_OFFICER in roles:
        audiences |= {"keeper", "monitoring_officer", "reviewer"}
    if officer is not None:
        if roles & {OrganisationRole.BOARD_SECRETARY}:
            audiences.add("keeper")
        if officer.level_rank >= Level.MANAGER.rank:
            audiences.add("keeper")  # directors' and line managers' own registers
        if officer.level == Level.ASSISTANT_DIRECTOR:
            audiences.add("reviewer")
    return audiences


def current_officer(request: HttpRequest) -> dict:
    """The signed-in person's Officer record (or None) and their navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_officer": None, "navigation": []}
    officer = access.officer_of(user)
    audiences = _audiences(request, officer)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    navigation = []
    for label, name, names, audience in NAVIGATION:
        if audience not in audiences:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not installed in this deployment
            continue
        navigation.append(NavItem(label, url, current in names))
    return {"current_officer": officer, "navigation": navigation}
