"""Starting a single sign-on: /sign-in/sso/<employer>/ sends the browser to that
employer's provider, keeping the provider's key in the session beside state and nonce."""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlsplit

from django.core.cache import cache
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_employer_with_no_provider_is_not_found(client, thurrock, thurrock_sso):
    response = client.get(reverse("sso-start", args=["ecc"]))

    assert response.status_code == 404


def test_with_no_providers_configured_every_start_is_not_found(client, thurrock):
    response = client.get(reverse("sso-start", args=["thurrock"]))

    assert response.status_code == 404


def test_it_sends_the_browser_to_the_providers_authorization_endpoint(client, thurrock_sso):
    response = client.get(reverse("sso-start", args=["thurrock"]))

    assert response.status_code == 302
    address = urlsplit(response["Location"])
    asked = {name: values[0] for name, values in parse_qs(address.query).items()}
    assert f"{address.scheme}://{address.netloc}" == thurrock_sso.issuer
    assert asked["client_id"] == "conduct-register"
    assert asked["scope"] == "openid email profile"
    assert asked["response_type"] == "code"
    assert asked["redirect_uri"] == "http://testserver/sign-in/sso/callback/"
    assert asked["code_challenge_method"] == "S256"
    started = client.session["oidc_states"][asked["state"]]
    assert started["provider"] == "thurrock"
    assert started["nonce"] == asked["nonce"]


def test_it_reads_the_discovery_document_once_and_keeps_it(client, thurrock_sso):
    client.get(reverse("sso-start", args=["thurrock"]))
    kept = cache.get(f"sso-discovery:{thurrock_sso.issuer}")
    assert kept["authorization_endpoint"] == f"{thurrock_sso.issuer}/oauth2/authorize"
    cache.set(
        f"sso-discovery:{thurrock_sso.issuer}",
        {**kept, "authorization_endpoint": f"{thurrock_sso.issuer}/kept"},
    )

    response = client.get(reverse("sso-start", args=["thurrock"]))

    assert response["Location"].startswith(f"{thurrock_sso.issuer}/kept?")


def test_endpoints_given_in_the_environment_need_no_discovery(
    client, settings, thurrock, identity_provider
):
    nowhere = f"http://127.0.0.1:{closed_port()}"
    settings.SSO_PROVIDERS = {
        "thurrock": identity_provider.settings(
            issuer=nowhere,
            authorization_endpoint=f"{identity_provider.issuer}/oauth2/authorize",
            token_endpoint=f"{identity_provider.issuer}/oauth2/token",
            userinfo_endpoint=f"{identity_provider.issuer}/userinfo",
            jwks_uri=f"{identity_provider.issuer}/jwks",
        )
    }

    response = client.get(reverse("sso-start", args=["thurrock"]))

    assert response.status_code == 302
    assert response["Location"].startswith(f"{identity_provider.issuer}/oauth2/authorize?")


def test_a_provider_that_cannot_be_reached_gets_a_page_saying_so(
    client, settings, thurrock, identity_provider
):
    nowhere = f"http://127.0.0.1:{closed_port()}"
    settings.SSO_PROVIDERS = {"thurrock": identity_provider.settings(issuer=nowhere)}

    response = client.get(reverse("sso-start", args=["thurrock"]))

    assert response.status_code == 503
    assert "sign-in service is not available" in response.content.decode()
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.organisation == thurrock
    assert failed.detail["reason"] == "the provider could not be reached"


def test_it_returns_the_officer_to_where_they_were_going(
    client, officer, thurrock_sso, subject, identity_provider
):
    identity_provider.add_user(subject, email=officer.user.email)
    started = client.get(reverse("sso-start", args=["thurrock"]) + "?next=/declarations/new/")

    back = identity_provider.authorise(started["Location"], subject)
    response = client.get(back)

    assert response["Location"] == "/declarations/new/"


def test_it_ignores_a_next_address_on_another_site(
    client, officer, thurrock_sso, subject, identity_provider
):
    identity_provider.add_user(subject, email=officer.user.email)
    started = client.get(
        reverse("sso-start", args=["thurrock"]) + "?next=https://evil.example/steal"
    )

    response = client.get(identity_provider.authorise(started["Location"], subject))

    assert response["Location"] == reverse("home")
