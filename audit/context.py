"""The request being served, for audit entries written deep inside a service or a signal.

Services are called from views, admin pages and Celery tasks alike; passing the request down every
call chain only to learn the client's address would change every signature. The middleware puts
the request here for the time of the request; outside a request (a task, the shell) there is none,
and entries have no address.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.http import HttpRequest

from core.http import client_address


@dataclass
class AuditContext:
    request: HttpRequest
    # Entries of this request that a later change in the same request completes, by key (several
    # many-to-many operations of one admin save become one entry).
    open_entries: dict = field(default_factory=dict)

    @property
    def address(self) -> str:
        return client_address(self.request)

    @property
    def user(self):
        """The signed-in user, or None (read when an entry is written: log-in changes it)."""
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def request_context(request: HttpRequest) -> Iterator[AuditContext]:
    token = _current.set(AuditContext(request=request))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
