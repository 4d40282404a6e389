"""Who is asking: the client's address, as every per-address limit of the portal counts it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_HOPS reverse proxies it is the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, which the client cannot
    forge past those proxies); IPv6 clients are grouped by their /64 network."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-min(hops, len(forwarded))]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key callable: one counter per client address."""
    return client_address(request)
