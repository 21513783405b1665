"""The client's address behind a load balancer or reverse proxy.

Behind a proxy every request comes from the proxy: REMOTE_ADDR is its address, and the
client's is in X-Forwarded-For, which the proxy appends to. Sign-in throttling
(django-axes), the security log and the request log all read REMOTE_ADDR, so with
nothing done every user would share the proxy's address: a hundred wrong passwords from
anyone would pause sign-in for everyone. ClientAddressMiddleware (first in MIDDLEWARE)
puts the client's address in REMOTE_ADDR, believing X-Forwarded-For only from the
proxies named in settings.TRUSTED_PROXIES (addresses or networks): reading the header
from the right, the first address that is not a trusted proxy is the client. A request
that does not come from a trusted proxy keeps its own address, whatever it claims.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks: "10.0.0.5" is one address, "10.0.0.0/24" a network."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(remote: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The client's address, given the connection's and the X-Forwarded-For header."""
    if not _trusted(remote, trusted):
        return remote
    client = remote
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not an address: nothing to its left can be believed either
        client = hop
        if not _trusted(hop, trusted):
            break
    return client


class ClientAddressMiddleware:
    """Set REMOTE_ADDR to the client's address (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = networks(getattr(settings, "TRUSTED_PROXIES", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                self.trusted,
            )
        return self.get_response(request)
