"""Template context every page needs: who is signed in and what they may reach.

Each navigation item asks the same function its view uses to decide access, so the
navigation never offers a page that refuses, nor hides one that opens: what each code
asks of whom lives in policies/ and in those functions, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from declarations import access
from declarations.approvals import may_ever_decide
from declarations.models import Officer
from declarations.register import keeps_a_named_register, may_review


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url: str
    active: bool


Viewer = User | AnonymousUser
Reaches = Callable[[Viewer, "Officer | None"], bool]


def _officer(user: Viewer, officer: Officer | None) -> bool:
    """Filing and the annual declaration (optional for those the code does not ask) need
    a staff record (access.officer_required)."""
    return officer is not None


def _decider(user: Viewer, officer: Officer | None) -> bool:
    return officer is not None and may_ever_decide(officer)  # approvals views.approvers_only


def _register(user: Viewer, officer: Officer | None) -> bool:
    return access.keeps_a_register(user)  # register.views.register


def _named_registers(user: Viewer, officer: Officer | None) -> bool:
    return keeps_a_named_register(user)  # register views.named_register_list (not empty)


def _dashboard(user: Viewer, officer: Officer | None) -> bool:
    return access.keeps_a_register(user)  # the dashboard and publishing


def _security_log(user: Viewer, officer: Officer | None) -> bool:
    return access.keeps_a_register(user)  # register security_views.security_log


def _monitoring_officer(user: Viewer, officer: Officer | None) -> bool:
    # register settings_views, withholding_views; privacy views.subject_access
    return access.is_monitoring_officer(user)


def _reviews(user: Viewer, officer: Officer | None) -> bool:
    return may_review(user)  # register dashboard_views.interest_reviews


def _anyone(user: Viewer, officer: Officer | None) -> bool:
    return True


# (label, url name, url names that make the item current, who reaches it)
NAVIGATION: tuple[tuple[str, str, set[str], Reaches], ...] = (
    ("Your declarations", "home", {"home", "declaration-new", "declaration-new-type"}, _officer),
    ("Annual declaration", "annual-declaration", {"annual-declaration"}, _officer),
    (
        "For your decision",
        "decision-queue",
        {"decision-queue", "decision-detail", "decision-delegate"},
        _decider,
    ),
    ("Register", "register", {"register"}, _register),
    (
        "Registers you keep",
        "named-register-list",
        {"named-register", "named-register-list"},
        _named_registers,
    ),
    ("Dashboard", "dashboard", {"dashboard"}, _dashboard),
    ("Publish", "register-publish", {"register-publish"}, _dashboard),
    ("Interest reviews", "interest-reviews", {"interest-reviews", "interest-review"}, _reviews),
    ("Security log", "security-log", {"security-log"}, _security_log),
    (
        "Withholding requests",
        "withholding-list",
        {"withholding-list", "withholding-decide"},
        _monitoring_officer,
    ),
    ("Subject access", "privacy-subject-access", {"privacy-subject-access"}, _monitoring_officer),
    ("Register settings", "register-settings", {"register-settings"}, _monitoring_officer),
    ("Codes of conduct", "policy-index", {"policy-index", "policy-detail"}, _anyone),
    (
        "Your account",
        "account",
        {
            "account",
            "account-confirm",
            "account-set-up",
            "account-remove",
            "account-recovery-codes",
            "account-new-recovery-codes",
            "password_change",
            "sessions",
            "privacy-your-data",
        },
        _anyone,
    ),
)


def current_officer(request: HttpRequest) -> dict:
    """The signed-in person's Officer record (or None) and their navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_officer": None, "navigation": []}
    officer = access.officer_of(user)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    navigation = []
    for label, name, names, reaches in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not installed in this deployment
            continue
        if reaches(user, officer):
            navigation.append(NavItem(label, url, current in names))
    return {"current_officer": officer, "navigation": navigation}
