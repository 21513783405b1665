"""Matches a signed-in identity to its Officer (single sign-on work fills this in)."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OfficerOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Provider settings are read per employer at sign-in, not from global settings.
        pass

    def authenticate(self, request: Any, **kwargs: Any) -> None:
        return None
