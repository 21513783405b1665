"""The client's address behind a proxy (conduct_register/proxies.py): X-Forwarded-For is
believed from the trusted proxies alone, so throttling and the logs see each client."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from conduct_register.proxies import ClientAddressMiddleware, client_address, networks
from declarations.choices import SecurityEventKind
from declarations.models import SecurityEvent

BALANCER = networks(["10.0.0.0/24"])


def test_a_trusted_proxy_passes_on_the_clients_address():
    assert client_address("10.0.0.5", "203.0.113.7", BALANCER) == "203.0.113.7"


def test_an_untrusted_connection_keeps_its_own_address_whatever_it_claims():
    assert client_address("198.51.100.9", "203.0.113.7", BALANCER) == "198.51.100.9"


def test_an_address_the_client_made_up_is_left_of_the_one_the_proxy_saw():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the balancer appended what it saw.
    assert client_address("10.0.0.5", "1.2.3.4, 203.0.113.7", BALANCER) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_client():
    trusted = networks(["10.0.0.0/24", "192.0.2.10"])
    assert client_address("10.0.0.5", "203.0.113.7, 192.0.2.10", trusted) == "203.0.113.7"


def test_something_that_is_not_an_address_stops_the_walk():
    assert client_address("10.0.0.5", "1.2.3.4, garbage", BALANCER) == "10.0.0.5"


def test_no_header_from_a_proxy_leaves_the_proxys_address():
    assert client_address("10.0.0.5", "", BALANCER) == "10.0.0.5"


def test_ipv6_clients_and_proxies():
    assert client_address("fd00::1", "2001:db8::7", networks(["fd00::/8"])) == "2001:db8::7"


def test_the_middleware_sets_remote_addr_for_the_rest(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    ClientAddressMiddleware(view)(request)
    assert seen["address"] == "203.0.113.7"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    ClientAddressMiddleware(view)(request)
    assert seen["address"] == "10.0.0.5"


@pytest.mark.django_db
def test_a_failed_sign_in_behind_the_balancer_is_logged_with_the_clients_address(
    settings, client, officer
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    client.post(
        "/sign-in/",
        {"username": officer.user.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert failed.ip_address == "203.0.113.7"
