"""The identity providers configured from the environment: one per employer, named by the
employer's code (settings.SSO_PROVIDERS, read in conduct_register/settings.py), and their
endpoints, from the provider's discovery document unless given explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from declarations.models import Organisation

# A provider's endpoints change rarely; a day keeps a rotated endpoint from lasting long.
DISCOVERY_CACHE_SECONDS = 24 * 60 * 60
ENDPOINT_NAMES = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


@dataclass(frozen=True)
class Provider:
    key: str  # the employer's code, e.g. "thurrock"
    label: str  # "Sign in with Thurrock Council"
    url: str  # where the button goes


@dataclass(frozen=True)
class ProviderSettings:
    """One employer's identity provider, as configured in the environment."""

    key: str
    issuer: str
    client_id: str
    client_secret: str
    label: str = ""  # the button's words when the environment gives them
    endpoints: tuple[tuple[str, str], ...] = ()  # those given explicitly, by name


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or does not fit."""


def find(key: str) -> ProviderSettings | None:
    """The provider configured for this employer's code, or None."""
    values: dict[str, str] | None = settings.SSO_PROVIDERS.get(key)
    if values is None:
        return None
    endpoints = tuple((name, values[name]) for name in ENDPOINT_NAMES if values.get(name))
    return ProviderSettings(
        key=key,
        issuer=values["issuer"],
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        label=values.get("label", ""),
        endpoints=endpoints,
    )


def configured(next_url: str = "") -> list[Provider]:
    """The sign-in buttons to offer, one per configured provider whose employer is in the
    register (none by default). `next_url` rides along so the officer lands where they
    were going."""
    keys = list(settings.SSO_PROVIDERS)
    if not keys:
        return []
    names = dict(Organisation.objects.filter(code__in=keys).values_list("code", "name"))
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    buttons = []
    for key in keys:
        provider = find(key)
        if provider is None or key not in names:
            continue
        label = provider.label or f"Sign in with {names[key]}"
        buttons.append(Provider(key=key, label=label, url=reverse("sso-start", args=[key]) + query))
    return buttons


def endpoints(provider: ProviderSettings) -> Endpoints:
    """The provider's endpoints: those configured explicitly, the rest from its discovery
    document (fetched once a day per issuer and cached)."""
    given = dict(provider.endpoints)
    if not all(name in given for name in ENDPOINT_NAMES):
        given = {**discover(provider.issuer), **given}
    return Endpoints(
        authorization=given["authorization_endpoint"],
        token=given["token_endpoint"],
        userinfo=given["userinfo_endpoint"],
        jwks=given["jwks_uri"],
    )


def discover(issuer: str) -> dict[str, str]:
    """The endpoints named in the issuer's OpenID Connect discovery document. The document
    must name the same issuer (OpenID Connect Discovery 1.0, section 4.3)."""
    cache_key = f"sso-discovery:{issuer}"
    found: dict[str, str] | None = cache.get(cache_key)
    if found is not None:
        return found
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Could not read {url}: {type(error).__name__}") from error
    if document.get("issuer") != issuer:
        raise ProviderUnavailable(f"{url} names another issuer: {document.get('issuer')!r}")
    missing = [name for name in ENDPOINT_NAMES if not isinstance(document.get(name), str)]
    if missing:
        raise ProviderUnavailable(f"{url} does not name {', '.join(missing)}")
    found = {name: document[name] for name in ENDPOINT_NAMES}
    cache.set(cache_key, found, DISCOVERY_CACHE_SECONDS)
    return found


def oidc_settings(provider: ProviderSettings) -> dict[str, Any]:
    """mozilla-django-oidc's settings for this provider (its views and backend read them
    through get_settings, so nothing global is needed)."""
    found = endpoints(provider)
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": found.authorization,
        "OIDC_OP_TOKEN_ENDPOINT": found.token,
        "OIDC_OP_USER_ENDPOINT": found.userinfo,
        "OIDC_OP_JWKS_ENDPOINT": found.jwks,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": "RS256",
    }
