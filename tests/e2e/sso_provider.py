"""A real OpenID Connect provider for the single sign-on tests: oidc-provider-mock 0.3.4
(Flask and Authlib) in a thread, on 127.0.0.1 at a free port, stopped when the block ends.

How it signs someone in (its source, oidc_provider_mock/_app.py): the authorization
endpoint shows a form with a "sub" box; posting a subject authorises that user, with the
claims stored for them by `PUT /users/<sub>` (or, for a subject never stored, only
{"email": sub}). Without `require_client_registration` it accepts any client id, secret
and redirect URI, so the register needs no registration step. It signs ID tokens with
RS256 and publishes the key at its JWKS endpoint, as Entra ID does.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

with warnings.catch_warnings():  # Authlib warns of its own deprecations on import
    import authlib.deprecate  # noqa: F401  (it sets its own warnings to "always" first)

    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

CLIENT_ID = "conduct-register"
CLIENT_SECRET = "not-a-real-secret"


@dataclass(frozen=True)
class IdentityProvider:
    issuer: str  # http://127.0.0.1:<port>

    def add_user(self, subject: str, **claims: object) -> None:
        """Store the claims the provider gives for `subject` (email, email_verified...)."""
        response = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=5)
        response.raise_for_status()

    def settings(self, **overrides: str) -> dict[str, str]:
        """One entry of settings.SSO_PROVIDERS pointing at this provider (discovery)."""
        return {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "label": "",
            "authorization_endpoint": "",
            "token_endpoint": "",
            "userinfo_endpoint": "",
            "jwks_uri": "",
            **overrides,
        }

    def authorise(self, authorization_url: str, subject: str) -> str:
        """Sign `subject` in at the provider's form, as a person would; the address the
        provider sends the browser back to (the register's callback, with code and state)."""
        assert urlsplit(authorization_url).netloc == urlsplit(self.issuer).netloc
        response = requests.post(
            authorization_url, data={"sub": subject}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


@contextmanager
def running_provider() -> Iterator[IdentityProvider]:
    """Start the provider on 127.0.0.1 (a free port), yield it, stop it."""
    with oidc_provider_mock.run_server_in_thread(port=0, require_nonce=True) as server:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1", f"the provider must listen on 127.0.0.1 only, not {host}"
        yield IdentityProvider(issuer=f"http://127.0.0.1:{port}")
