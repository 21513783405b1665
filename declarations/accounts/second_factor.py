"""The second factor for local sign-in (django-otp): an authenticator app (TOTP) and ten
recovery codes (OWASP ASVS 5.0 V6.5, V6.6).

Who must have one: system administrators (staff, superusers) and current monitoring
officers. Anyone else may add one from their account page. Sign-ins through an employer's
identity provider are not asked here: the provider asks for its own second factor.

A local sign-in in two steps: the password proves who is signing in, and only then is a
pending sign-in kept in the session (not signed in yet) until the code is given or, for
someone who must have a second factor but has none, an app is set up. It expires after
SECOND_FACTOR_TIMEOUT_MINUTES and belongs to that session alone.

Recovery codes carry 120 random bits and only a SHA-256 digest of each is stored (ASVS
6.5.2 allows a plain hash for lookup secrets of 112 bits or more): django-otp's static
device compares what it is given with what it stores, so it is given the digest.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
from dataclasses import dataclass

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.models import Device
from django_otp.plugins.otp_static.models import (
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import (
    TOTPDevice,
)

from declarations import access, clock, security_log
from declarations.choices import SecurityEventKind

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_BYTES = 15  # 120 bits: 24 base32 characters
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"
PENDING = "accounts.pending_sign_in"
FRESH_CODES = "accounts.fresh_recovery_codes"
ENROLLING = "accounts.enrolling_device"
CONFIRMED = "accounts.confirmed_at"
CONFIRMED_FOR = datetime.timedelta(minutes=5)  # how long "confirm it is you" lasts
SIGN_IN_METHOD = "sign_in_method"  # read by sessions.remember at sign-in

Viewer = User | AnonymousUser | AbstractBaseUser


# --- who must have one --------------------------------------------------------------


def required_reason(user: Viewer) -> str:
    """Why this user must use a second factor ("" if they need not)."""
    if not user.is_authenticated:
        return ""
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return "you are a system administrator"
    if access.monitoring_officer_organisations(user).exists():  # type: ignore[arg-type]
        return "you are a monitoring officer"
    return ""


def required_for(user: Viewer) -> bool:
    """Whether a local sign-in must pass a second factor (administrators, monitoring
    officers): they see everyone's declarations, so a password alone is not enough."""
    return bool(required_reason(user))


def app_of(user: Viewer) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def codes_of(user: Viewer) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: Viewer) -> bool:
    return app_of(user) is not None or codes_of(user) is not None


def recovery_codes_left(user: Viewer) -> int:
    device = codes_of(user)
    return device.token_set.count() if device is not None else 0


# --- setting up an app --------------------------------------------------------------------


def start_app(user: Viewer) -> TOTPDevice:
    """A new, unconfirmed app for the user (any earlier unconfirmed one is dropped): it
    counts only once a code from it has been checked (`check_new_app`, `add_app`)."""
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def app_being_set_up(request: HttpRequest, user: Viewer) -> TOTPDevice:
    """The unconfirmed app this session is setting up (the same secret on every reload),
    or a new one."""
    device_id = request.session.get(ENROLLING)
    device = None
    if isinstance(device_id, int):
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False).filter(pk=device_id).first()
        )
    if device is None:
        device = start_app(user)
        request.session[ENROLLING] = device.pk
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code(device: TOTPDevice) -> str:
    """The app's setup address as an SVG QR code, as a data: URI for an <img> (no inline
    SVG or script, so the page keeps a strict Content-Security-Policy)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10
    )
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def check_new_app(request: HttpRequest, user: Viewer, device: TOTPDevice, code: str) -> str:
    """Check a code from an app being set up: "" if right, else the message to show."""
    return _check(
        request, user, device, _digits(code), method="new authenticator app", wrong=WRONG_NEW_CODE
    )


def add_app(request: HttpRequest, user: Viewer, device: TOTPDevice) -> None:
    """Make a checked app the user's only one."""
    request.session.pop(ENROLLING, None)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    security_log.record(SecurityEventKind.SECOND_FACTOR_ADDED, request=request, user=user)


# --- recovery codes -------------------------------------------------------------------------


def _normalise(code: str) -> str:
    """Recovery codes are shown in capitals in groups; people may type them otherwise,
    and 0, 1 and 8 are never in base32, so they can only mean O, I and B."""
    text = "".join(code.split()).replace("-", "").upper()
    return text.translate(str.maketrans("018", "OIB"))


def stored_form(code: str) -> str:
    """What is stored for a recovery code: 80 bits of its SHA-256 digest, in base32 (the
    static token column holds 16 characters)."""
    digest = hashlib.sha256(_normalise(code).encode("ascii", "ignore")).digest()
    return base64.b32encode(digest[:10]).decode("ascii").lower()


def make_recovery_codes(request: HttpRequest, user: Viewer) -> list[str]:
    """Ten new recovery codes for the user, replacing any earlier ones. Only their digests
    are kept: the codes returned are shown once and never again."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        text = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode("ascii")
        codes.append("-".join(text[i : i + 4] for i in range(0, len(text), 4)))
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=stored_form(code)) for code in codes
        )
    security_log.record(
        SecurityEventKind.RECOVERY_CODES_CREATED, request=request, user=user, count=len(codes)
    )
    return codes


def keep_fresh_codes(request: HttpRequest, codes: list[str], then: str) -> None:
    """Hold new codes in the session for the one page that shows them (then forgets)."""
    request.session[FRESH_CODES] = {"codes": codes, "next": then}


def take_fresh_codes(request: HttpRequest) -> tuple[list[str], str] | None:
    """The codes to show now, and where to go after; removed from the session."""
    held = request.session.pop(FRESH_CODES, None)
    if not isinstance(held, dict) or not held.get("codes"):
        return None
    return list(held["codes"]), str(held.get("next") or reverse("account"))


# --- checking a code ---------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join(code.split())


@dataclass(frozen=True)
class Checked:
    """The device that accepted a code (None if none did), or the message to show."""

    device: Device | None
    error: str = ""


WRONG_CODE = (
    "The code is wrong or has expired. Enter the code your app shows now, or a recovery code"
)
NO_CODE = "Enter the 6-digit code from your authenticator app, or a recovery code"
WRONG_NEW_CODE = "The code is wrong or has expired. Enter the code the app shows now"


def _check(
    request: HttpRequest,
    user: Viewer,
    device: Device | None,
    token: str,
    *,
    method: str,
    wrong: str = WRONG_CODE,
) -> str:
    """Check one token against one device under django-otp's throttling (each wrong code
    doubles the wait before the next is tried); record each refusal."""
    if device is None:
        security_log.record(
            SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, method=method
        )
        return wrong
    allowed, data = device.verify_is_allowed()
    if not allowed:
        security_log.record(
            SecurityEventKind.SECOND_FACTOR_FAILED,
            request=request,
            user=user,
            method=method,
            throttled=True,
        )
        until = (data or {}).get("locked_until")
        if isinstance(until, datetime.datetime):
            at = timezone.localtime(until).strftime("%H:%M:%S")
            return f"You have entered too many wrong codes. Wait until {at}, then try again"
        return "You have entered too many wrong codes. Wait a minute, then try again"
    if django_otp.verify_token(user, device.persistent_id, token) is None:
        security_log.record(
            SecurityEventKind.SECOND_FACTOR_FAILED, request=request, user=user, method=method
        )
        return wrong
    return ""


def check_code(request: HttpRequest, user: Viewer, code: str) -> Checked:
    """A 6-digit code is checked against the user's app, anything else as a recovery code
    (used up as it is accepted)."""
    digits = _digits(code)
    if digits.isdigit() and len(digits) == 6:
        app = app_of(user)
        error = _check(request, user, app, digits, method="authenticator app")
        return Checked(None if error else app, error)
    codes = codes_of(user)
    error = _check(request, user, codes, stored_form(code), method="recovery code")
    if error:
        return Checked(None, error)
    security_log.record(
        SecurityEventKind.RECOVERY_CODE_USED,
        request=request,
        user=user,
        recovery_codes_left=recovery_codes_left(user),
    )
    return Checked(codes)


def remove(request: HttpRequest, user: Viewer) -> None:
    """Remove the user's app and recovery codes (the view refuses anyone who must keep
    them), and forget that this session passed a second factor."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.cycle_key()
    security_log.record(SecurityEventKind.SECOND_FACTOR_REMOVED, request=request, user=user)


def verified_now(request: HttpRequest, device: Device) -> None:
    """Mark this signed-in session as having passed `device`, in a new session key (a
    change of privilege)."""
    request.session.cycle_key()
    django_otp.login(request, device)


# --- confirming it is you before a change -------------------------------------------------


def mark_confirmed(request: HttpRequest) -> None:
    """The signed-in user has just given their password (and code): trust this session
    with changes to how they sign in for CONFIRMED_FOR."""
    request.session[CONFIRMED] = clock.now().isoformat()


def recently_confirmed(request: HttpRequest) -> bool:
    held = request.session.get(CONFIRMED)
    try:
        at = datetime.datetime.fromisoformat(str(held))
    except ValueError:
        return False
    return at <= clock.now() < at + CONFIRMED_FOR


# --- the two-step sign-in ----------------------------------------------------------------


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it is a place on this site to go after signing in, else ""."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def after_sign_in(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after signing in: a safe `candidate`, else the home page."""
    return safe_next(request, candidate) or resolve_url(settings.LOGIN_REDIRECT_URL)


@dataclass(frozen=True)
class Pending:
    """A sign-in whose password was right, waiting for its second factor."""

    user: User
    backend: str
    next: str


def sign_in(request: HttpRequest, user: User, next_url: str) -> str:
    """After the right password: sign in at once if no second factor is asked for, else
    hold the sign-in as pending. Returns where to go next."""
    backend = getattr(user, "backend", "django.contrib.auth.backends.ModelBackend")
    if not has_second_factor(user) and not required_for(user):
        auth.login(request, user, backend=backend)
        return next_url
    request.session.cycle_key()  # nothing set before the password carries over
    until = clock.now() + datetime.timedelta(minutes=settings.SECOND_FACTOR_TIMEOUT_MINUTES)
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "until": until.isoformat(),
        "hash": user.get_session_auth_hash(),
    }
    if has_second_factor(user):
        return reverse("sign-in-code")
    return reverse("sign-in-set-up")


def pending(request: HttpRequest) -> Pending | None:
    """This session's pending sign-in, if it has one that has not expired and whose user
    is still active with the same password."""
    held = request.session.get(PENDING)
    if not isinstance(held, dict):
        return None
    try:
        until = datetime.datetime.fromisoformat(str(held["until"]))
        user = User.objects.get(pk=held["user"], is_active=True)
    except (KeyError, ValueError, User.DoesNotExist):
        forget_pending(request)
        return None
    if clock.now() >= until or user.get_session_auth_hash() != held.get("hash"):
        forget_pending(request)
        return None
    return Pending(user=user, backend=str(held["backend"]), next=str(held["next"]))


def forget_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)
    request.session.pop(ENROLLING, None)


def finish(request: HttpRequest, held: Pending, device: Device) -> None:
    """Sign the pending user in (a new session key) as having passed `device`."""
    forget_pending(request)
    user = held.user
    user.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it at login
    request.session[SIGN_IN_METHOD] = "second factor"  # for the list of sessions
    auth.login(request, user, backend=held.backend)
    django_otp.login(request, device)
