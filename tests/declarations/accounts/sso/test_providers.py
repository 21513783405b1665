"""The sign-in page's single sign-on buttons: one per configured provider whose employer
is in the register, worded from the employer's name unless the environment says."""

from __future__ import annotations

from django.template.loader import render_to_string

from declarations.accounts.sso import providers


def test_there_are_none_by_default(settings, thurrock):
    settings.SSO_PROVIDERS = {}

    assert providers.configured() == []


def test_each_button_names_the_employer(thurrock_sso):
    assert providers.configured() == [
        providers.Provider(
            key="thurrock", label="Sign in with Thurrock Council", url="/sign-in/sso/thurrock/"
        )
    ]


def test_the_environment_can_word_a_button(settings, thurrock, identity_provider):
    settings.SSO_PROVIDERS = {
        "thurrock": identity_provider.settings(label="Use your Thurrock login")
    }

    assert [each.label for each in providers.configured()] == ["Use your Thurrock login"]


def test_an_employer_not_in_the_register_gets_no_button(settings, thurrock, identity_provider):
    settings.SSO_PROVIDERS = {
        "thurrock": identity_provider.settings(),
        "opcc": identity_provider.settings(),
    }

    assert [each.key for each in providers.configured()] == ["thurrock"]


def test_a_button_carries_where_the_officer_was_going(thurrock_sso):
    (button,) = providers.configured(next_url="/declarations/new/")

    assert button.url == "/sign-in/sso/thurrock/?next=%2Fdeclarations%2Fnew%2F"


def test_the_buttons_are_govuk_links_styled_as_buttons(thurrock_sso):
    html = render_to_string("accounts/sso/buttons.html", {"sso_providers": providers.configured()})

    assert (
        '<a href="/sign-in/sso/thurrock/" role="button" draggable="false" '
        'class="govuk-button govuk-button--secondary" data-module="govuk-button">'
        "Sign in with Thurrock Council</a>"
    ) in html
    assert "<script" not in html and "style=" not in html


def test_with_no_providers_the_buttons_render_nothing(settings, thurrock):
    settings.SSO_PROVIDERS = {}

    html = render_to_string("accounts/sso/buttons.html", {"sso_providers": providers.configured()})

    assert "govuk-button" not in html
