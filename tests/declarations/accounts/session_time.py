"""What the session tests share (a plain module, not a conftest): moving the register's
clock on from now, and asking whether a client is still signed in."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from declarations import clock

MINUTE = datetime.timedelta(minutes=1)


def at(minutes: float):
    """The register's clock set `minutes` from now (a context manager)."""
    return clock.set_to(timezone.now() + minutes * MINUTE)


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200
