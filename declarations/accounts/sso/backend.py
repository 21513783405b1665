"""Signs in through an employer's identity provider (OpenID Connect code flow, from
mozilla-django-oidc) as the officer the identity matches (matching.py): never a new user.

There is no global provider: the callback view puts the key of the provider the sign-in
started with in the session, and `authenticate` reads that provider's settings from
settings.SSO_PROVIDERS (`get_settings` answers from them first)."""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import (
    OIDCAuthenticationBackend,
)
from mozilla_django_oidc.utils import (
    import_from_settings,
)

from declarations.accounts.sso import matching, providers

# The session key naming the provider of the sign-in under way (the callback sets it).
SESSION_PROVIDER = "sso_provider"
NO_SUBJECT = "the provider sent no subject"


class OfficerOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc,unused-ignore]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Provider settings are read per employer at sign-in, not from global settings.
        self.UserModel = get_user_model()
        self.provider: providers.ProviderSettings | None = None
        self.provider_settings: dict[str, Any] = {}

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr in self.provider_settings:
            return self.provider_settings[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """Finish a single sign-on: only the callback passes `nonce`, so a password
        sign-in passes straight through. Raises matching.SignInRefused for an identity
        that may not sign in."""
        if request is None or "nonce" not in kwargs:
            return None
        key = request.session.get(SESSION_PROVIDER)
        provider = providers.find(key) if isinstance(key, str) else None
        if provider is None:
            return None
        self.provider = provider
        self.provider_settings = providers.oidc_settings(provider)
        super().__init__()  # the library's attributes, now from this provider's settings
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature (RS256, the provider's JWKS) and the nonce;
        this also checks the token is from this provider and for this client."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        assert self.provider is not None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if len(audiences) > 1 and payload.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("The ID token was issued to another party.")
        return payload

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's key for this token: by its key id, as the library does, or for a
        token naming no key (the id is optional, RFC 7515 4.1.4) the provider's only
        signing key; a provider with several cannot say which, so that token fails."""
        if "kid" in jwt.get_unverified_header(token):
            key: jwt.PyJWK = super().retrieve_matching_jwk(token)
            return key
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            timeout=self.get_settings("OIDC_TIMEOUT", None),
        )
        response.raise_for_status()
        keys = [
            each
            for each in response.json().get("keys", [])
            if each.get("use", "sig") == "sig" and each.get("alg", "RS256") == "RS256"
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key and the provider has several.")
        return jwt.PyJWK(keys[0])

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, with the userinfo endpoint's added only when they are
        about the same subject (OpenID Connect Core 1.0, 5.3.2)."""
        userinfo: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            return dict(payload)
        return {**payload, **userinfo}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get("sub"):
            raise matching.SignInRefused(NO_SUBJECT, organisation=None)
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        """The user of the one officer this identity matches (matching.officer_for)."""
        assert self.provider is not None
        identity = matching.Identity.from_claims(self.provider.issuer, claims)
        officer = matching.officer_for(self.provider.key, identity)
        users: QuerySet[User] = self.UserModel.objects.filter(pk=officer.user_id)
        return users

    def create_user(self, claims: dict[str, Any]) -> User:
        """Never: only officers already in the register can sign in."""
        raise matching.SignInRefused(matching.NO_OFFICER, organisation=None)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """The register's own record of the person stands; the provider's names do not
        overwrite it."""
        return user

    def store_tokens(self, access_token: str, id_token: str) -> None:
        """Never keep a provider's token in the session."""

    def get_user(self, user_id: int) -> User | None:
        """The signed-in user on each request, while they and their officer are active:
        a leaver's single sign-on session ends at their next request."""
        user = (
            self.UserModel.objects.select_related("officer")
            .filter(pk=user_id, is_active=True, officer__active=True)
            .first()
        )
        return user if isinstance(user, User) else None
