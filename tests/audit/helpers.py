"""Shared by the audit tests of every app: staff signing in to the admin, a client behind a proxy.

`admin_login` is the one place where these tests sign staff in to the admin: if the admin comes to
require a second factor, only this function changes.
"""

from django.test import Client

from audit.models import AuditEntry
from tests.factories import verified_login

PROXY = "10.0.0.2"
CLIENT = "203.0.113.9"
# What a client may write into X-Forwarded-For itself; our one proxy appends the real address.
FORGED = "198.51.100.66"


def admin_login(client: Client, user) -> Client:
    verified_login(client, user)  # as staff are after their second factor
    return client


def behind_one_proxy(client: Client, settings) -> Client:
    """Requests arrive from our reverse proxy, which appended the client's address to a header
    the client had already filled with a forged one."""
    settings.TRUSTED_PROXY_HOPS = 1
    client.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}")
    return client


def entries(action: str, **filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, **filters).order_by("pk"))


def only_entry(action: str, **filters) -> AuditEntry:
    """The single entry of this action: each audited action writes exactly one."""
    found = entries(action, **filters)
    assert len(found) == 1, f"{len(found)} entries for {action}: {found}"
    return found[0]
