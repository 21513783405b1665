"""Single sign-on tests run against a real OpenID Connect provider (tests/e2e/sso_provider.py):
the register's views and backend talk HTTP to it, as they would to Entra ID."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.e2e.sso_provider import IdentityProvider, running_provider

_subjects = itertools.count(1)
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The provider's Authlib warns of its own deprecations on each token it issues."""
    quiet = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(quiet)


@pytest.fixture(scope="session")
def identity_provider() -> Iterator[IdentityProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def forget_discovery(identity_provider: IdentityProvider) -> Iterator[None]:
    """Each test reads the provider's discovery document afresh (one test changes it)."""
    cache.delete(f"sso-discovery:{identity_provider.issuer}")
    yield
    cache.delete(f"sso-discovery:{identity_provider.issuer}")


@pytest.fixture
def thurrock_sso(settings, thurrock, identity_provider) -> IdentityProvider:
    """Thurrock's identity provider configured, as SSO_PROVIDERS=thurrock would."""
    settings.SSO_PROVIDERS = {"thurrock": identity_provider.settings()}
    return identity_provider


@pytest.fixture
def subject() -> str:
    """A subject no other test uses (the provider lives for the whole session)."""
    return f"subject-{next(_subjects)}"


SignIn = Callable[..., object]


@pytest.fixture
def sign_in_with_sso(client: Client, identity_provider: IdentityProvider) -> SignIn:
    """Go through the whole sign-in: start at the register, sign in at the provider as
    `subject` with `claims`, come back to the callback. Returns the callback's response."""

    def sign_in(subject: str, provider: str = "thurrock", **claims: object):
        if claims:
            identity_provider.add_user(subject, **claims)
        started = client.get(reverse("sso-start", args=[provider]))
        assert started.status_code == 302, started.content[:300]
        back = identity_provider.authorise(started["Location"], subject)
        return client.get(back)

    return sign_in
