"""The client address every per-address limit counts (core/http.py)."""

import pytest
from django.test import RequestFactory

from core.http import client_address


def address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # A dual-stack socket shows IPv4 clients as IPv4-mapped IPv6 addresses.
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("::ffff:cb00:7107", "203.0.113.7"),
        # Real IPv6 clients: one bucket per /64, the block one subscriber usually holds.
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
    ],
)
def test_the_address_counted_for_a_direct_client(remote, expected):
    assert address(remote) == expected


def test_ipv4_clients_on_a_dual_stack_socket_each_count_apart():
    assert address("::ffff:203.0.113.7") != address("::ffff:198.51.100.9")


def test_behind_one_proxy_the_entry_the_proxy_added_counts(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert address("10.0.0.254", "203.0.113.7") == "203.0.113.7"
    # What the client wrote itself, left of the proxy's entry, is ignored.
    assert address("10.0.0.254", "192.0.2.1, 203.0.113.7") == "203.0.113.7"
    assert address("10.0.0.254", "::ffff:203.0.113.7") == "203.0.113.7"


def test_without_trusted_proxies_the_header_is_ignored():
    assert address("203.0.113.7", "192.0.2.1") == "203.0.113.7"


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_peer(settings):
    # django-axes stores the address in an `inet` column on PostgreSQL: never anything else.
    settings.TRUSTED_PROXY_HOPS = 1
    assert address("10.0.0.254", "unknown") == "10.0.0.254"
