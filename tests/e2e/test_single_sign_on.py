"""Single sign-on in a real browser against a real OpenID Connect provider
(oidc-provider-mock on 127.0.0.1, tests/e2e/sso_provider.py): the person types their
subject at the provider's sign-in form, as they would sign in at their employer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from declarations.models import SignInIdentity
from tests.e2e.sso_provider import IdentityProvider, running_provider

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def identity_provider() -> Iterator[IdentityProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture
def thurrock_sso(settings, thurrock, identity_provider) -> IdentityProvider:
    settings.SSO_PROVIDERS = {"thurrock": identity_provider.settings()}
    return identity_provider


def sign_in_at_the_provider(page, subject: str) -> None:
    """Start at the register's sign-in page, then sign in at the provider's own form."""
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Thurrock Council").click()
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_a_matched_officer_signs_in_and_sees_their_declarations(
    page, live_server, officer, thurrock_sso, screenshot
):
    thurrock_sso.add_user("olive-at-thurrock", email=officer.user.email, email_verified=True)

    sign_in_at_the_provider(page, "olive-at-thurrock")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", name="Your declarations").is_visible()
    assert SignInIdentity.objects.get().subject == "olive-at-thurrock"
    screenshot("sso-signed-in")


def test_an_unknown_identity_is_told_the_account_is_not_set_up(
    page, monitoring_officer, thurrock_sso, assert_accessible, screenshot
):
    # A subject the provider has never seen gets only {"email": subject} as claims.
    sign_in_at_the_provider(page, "new.starter@thurrock.example")

    heading = page.get_by_role("heading", name="Your account is not set up in the register")
    assert heading.is_visible()
    assert page.get_by_text(
        "Mona Monitoring, the monitoring officer at Thurrock Council"
    ).is_visible()
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert_accessible()
    screenshot("sso-not-set-up")
    page.goto("/")
    assert "/sign-in/" in page.url


def test_a_leaver_is_refused(page, officer, thurrock_sso):
    thurrock_sso.add_user("olive-has-left", email=officer.user.email)
    SignInIdentity.objects.create(
        officer=officer, issuer=thurrock_sso.issuer, subject="olive-has-left"
    )
    officer.active = False
    officer.save()

    sign_in_at_the_provider(page, "olive-has-left")

    assert page.get_by_role("heading", name="You cannot sign in to the register").is_visible()
    page.goto("/")
    assert "/sign-in/" in page.url
