"""Start and finish a single sign-on at an employer's identity provider: mozilla-django-oidc's
views, told per sign-in which provider to use (the start view keeps its key in the session
beside the state and nonce; the callback hands it to the backend)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.generic import View
from mozilla_django_oidc.utils import (
    import_from_settings,
)
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from declarations import security_log
from declarations.accounts.sso import matching, providers
from declarations.accounts.sso.backend import SESSION_PROVIDER
from declarations.choices import SecurityEventKind
from declarations.models import Organisation

# How this session signed in (the sessions page shows it; single sign-on skips the
# register's own second factor, as the employer's provider asks for its own).
SIGN_IN_METHOD = "sign_in_method"
SSO = "sso"
UNKNOWN_STATE = "the sign-in was not started here, or has already finished"
PROVIDER_UNAVAILABLE = "the provider could not be reached"
PROVIDER_ERROR = "the provider answered with an error"  # say, the person cancelled
TOKEN_REFUSED = "the provider refused to exchange the code for a token"
# What the refusal page tells the person, by the reason refused (matching.py).
NO_ACCOUNT = "The register has no account with the email address {email} at {employer}."
WHY = {
    matching.NO_EMAIL: "{employer}'s sign-in service did not give the register your email address.",
    matching.EMAIL_NOT_VERIFIED: (
        "{employer}'s sign-in service has not confirmed your email address, "
        "so the register cannot find your account."
    ),
    matching.SEVERAL_OFFICERS: (
        "More than one account in the register has the email address {email}, "
        "so the register cannot tell which one is yours."
    ),
    matching.LINKED_ELSEWHERE: (
        "Your account in the register is already linked to a different {employer} sign-in."
    ),
    matching.LEAVER: "Your account in the register has been closed.",
}


class StartView(OIDCAuthenticationRequestView):  # type: ignore[misc,unused-ignore]
    """Send the browser to the provider of the employer named in the address."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # no global provider: get() picks it
        self.provider_settings: dict[str, Any] = {}

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr in self.provider_settings:
            return self.provider_settings[attr]
        return import_from_settings(attr, *args)

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        found = providers.find(provider)
        if found is None:
            raise Http404("No identity provider is set up for that employer.")
        try:
            self.provider_settings = providers.oidc_settings(found)
        except providers.ProviderUnavailable as error:
            return _failed(request, found.key, PROVIDER_UNAVAILABLE, str(error), status=503)
        self.OIDC_OP_AUTH_ENDPOINT = self.provider_settings["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = found.client_id
        response: HttpResponse = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = found.key
        request.session.modified = True
        return response


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc,unused-ignore]
    """Finish the sign-in the provider sends back: the officer is signed in, or told why
    not (403), or that the sign-in did not finish (400)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        started = request.session.get("oidc_states")
        state = request.GET.get("state", "")
        entry = started.get(state) if isinstance(started, dict) else None
        key = entry.get("provider") if isinstance(entry, dict) else None
        if not isinstance(key, str) or providers.find(key) is None:
            error = request.GET.get("error", "")[:60]
            return _failed(request, "", PROVIDER_ERROR if error else UNKNOWN_STATE, error)
        request.session[SESSION_PROVIDER] = key
        try:
            response: HttpResponse = super().get(request)
        except matching.SignInRefused as refusal:
            return _refused(request, key, refusal)
        except providers.ProviderUnavailable as error:
            return _failed(request, key, PROVIDER_UNAVAILABLE, str(error), status=503)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            return _failed(request, key, "the provider's answer did not check out", str(error))
        except requests.HTTPError as error:  # say, a code already used, or a wrong secret
            status = error.response.status_code if error.response is not None else ""
            return _failed(request, key, TOKEN_REFUSED, f"HTTP {status}")
        except requests.RequestException as error:
            return _failed(request, key, PROVIDER_UNAVAILABLE, type(error).__name__, status=503)
        finally:
            request.session.pop(SESSION_PROVIDER, None)
        return response

    def login_success(self) -> HttpResponse:
        """Sign in, marking the session as signed in through the provider."""
        request = self.request
        next_url = self.success_url
        if request.user.is_authenticated and request.user != self.user:
            auth.logout(request)
        request.session[SIGN_IN_METHOD] = SSO  # before login(), for its receivers
        auth.login(request, self.user)
        request.session[SIGN_IN_METHOD] = SSO
        request.session.pop("oidc_login_next", None)
        return HttpResponseRedirect(next_url)

    def login_failure(self) -> HttpResponse:
        """The provider answered with an error (say the person cancelled), or Django's
        sign-in refused (django-axes' lockout, which logs itself)."""
        error = self.request.GET.get("error", "")
        if error:
            key = self.request.session.get(SESSION_PROVIDER, "")
            return _failed(self.request, key, PROVIDER_ERROR, error[:60])
        return render(self.request, "accounts/sso/failed.html", status=400)


def _refused(request: HttpRequest, key: str, refusal: matching.SignInRefused) -> HttpResponse:
    identity = refusal.identity
    security_log.record(
        SecurityEventKind.SIGN_IN_REFUSED,
        request=request,
        user=refusal.user,
        username=(identity.email if identity is not None else "") or "",
        organisation=refusal.organisation,
        reason=refusal.reason,
        provider=key,
        subject=identity.subject if identity is not None else "",
    )
    organisation = refusal.organisation
    employer = organisation.name if organisation is not None else "your employer"
    email = identity.email if identity is not None else ""
    why = WHY.get(refusal.reason, NO_ACCOUNT).format(employer=employer, email=email)
    context = {
        "organisation": organisation,
        "contact": matching.contact_for(organisation),
        "leaver": refusal.leaver,
        "why": why[:1].upper() + why[1:],
    }
    return render(request, "accounts/sso/not_set_up.html", context, status=403)


def _failed(
    request: HttpRequest, key: str, reason: str, detail: str, *, status: int = 400
) -> HttpResponse:
    security_log.record(
        SecurityEventKind.SIGN_IN_FAILED,
        request=request,
        organisation=Organisation.objects.filter(code=key).first() if key else None,
        reason=reason,
        provider=key,
        detail=detail,
    )
    context = {"unavailable": status == 503}
    return render(request, "accounts/sso/failed.html", context, status=status)
