"""What the local-accounts tests share (a plain module, not a conftest): signing in
through the pages as a person would, and real authenticator-app codes.

Codes come from django_otp.oath.totp with the device's own key: no mocking. A code
already used cannot be used again, so a second sign-in in one test takes the next
time step's code (`ahead=1`), which the device accepts (its tolerance is one step).
"""

from __future__ import annotations

from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations.accounts import second_factor

PASSWORD = "correct horse battery staple"
STEP = 30


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    """Post the sign-in form (extra: next=..., REMOTE_ADDR=...)."""
    data = {"username": username, "password": password}
    if "next" in extra:
        data["next"] = extra.pop("next")
    return client.post(reverse("login"), data, **extra)


def code(device: TOTPDevice, ahead: int = 0) -> str:
    """The code the app shows now (or `ahead` time steps from now)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - ahead * STEP):06d}"


def give_app(user) -> TOTPDevice:
    """A confirmed authenticator app, as if the user had set one up."""
    return TOTPDevice.objects.create(user=user, name=second_factor.APP_NAME, confirmed=True)


def give_recovery_codes(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return second_factor.make_recovery_codes(request, user)


def signed_in_username(client: Client) -> str | None:
    """Who the client's session belongs to (None when signed out)."""
    response = client.get(reverse("account"))
    if response.status_code != 200:
        return None
    return response.wsgi_request.user.get_username()
