"""Who is asking: the client's address, as every per-address limit of the portal counts it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_HOPS reverse proxies it is the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, which the client cannot
    forge past those proxies); IPv6 clients are grouped by their /64 network.

    Always a valid IP address (django-axes stores it in an `inet` column on PostgreSQL): a
    forwarded value that is not one falls back to the connecting peer's address."""
    peer = request.META.get("REMOTE_ADDR", "")
    address = peer
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-min(hops, len(forwarded))]
    parsed = _parse(address) or _parse(peer)
    if parsed is None:
        return peer
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    # A dual-stack socket shows IPv4 clients as ::ffff:a.b.c.d; grouped by /64 they would all
    # be "::", one bucket for every IPv4 client in the world.
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key callable: one counter per client address."""
    return client_address(request)
