"""The identity providers configured from the environment (single sign-on work fills
this in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    key: str  # the employer's code, e.g. "thurrock"
    label: str  # "Sign in with Thurrock Council"
    url: str  # where the button goes


def configured() -> list[Provider]:
    """The sign-in buttons to offer, one per configured provider (none by default)."""
    return []
