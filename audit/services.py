"""Writing the audit log (audit_record) and keeping it to its retention (audit_purge_expired).

The domain apps call audit_record() from their service functions, inside the same transaction as
the change it records: an action that rolls back leaves no entry, and an entry that cannot be
written stops the action.
"""

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from audit import conf
from audit.context import current
from audit.models import AuditEntry

AuditAction = AuditEntry.Action

_PURGE_BATCH = 5000


def audit_record(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    target_repr: str = "",
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    address: str | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `target`, with `changes` as {field: (before, after)}.

    `actor` None means the signed-in user of the current request (if any); `address` None means
    the current request's client address (core.http.client_address), or none outside a request.
    Model instances in `changes` are stored as text (a user by their user name), so the entry
    reads the same after they change.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    context = current()
    if actor is None and context is not None:
        actor = context.user
    if actor is not None and not actor.is_authenticated:
        actor = None
    if address is None:
        address = context.address if context is not None else ""
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_repr=actor.get_username()[:150] if actor is not None else "",
        address=address[:64],
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk)[:64] if target is not None else "",
        object_repr=(target_repr or (plain(target) if target is not None else ""))[:200],
        changes={
            field: [plain(before), plain(after)]
            for field, (before, after) in (changes or {}).items()
        },
    )
    entry.save()
    return entry


def plain(value: Any) -> Any:
    """A value as the log keeps it: JSON, and text for objects (a user by their user name)."""
    if isinstance(value, enum.Enum):  # before str: a TextChoices member is a str too
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        get_username = getattr(value, "get_username", None)
        return get_username() if callable(get_username) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def audit_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the entries older than the retention period (at least a year); the count deleted.

    In batches, so a first purge of a large backlog holds no long lock and no huge transaction.
    """
    cutoff = (now or timezone.now()) - conf.retention()
    deleted = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(created_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:_PURGE_BATCH]
        )
        if not batch:
            return deleted
        # A queryset delete (one DELETE … WHERE id IN): AuditEntry.delete() refuses single rows.
        deleted += AuditEntry.objects.filter(pk__in=batch).delete()[0]
