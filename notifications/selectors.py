"""Reads of the notification outbox."""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet

from notifications.models import OutboundEmail


def emails_overdue(*, now: datetime) -> QuerySet[OutboundEmail]:
    """Pending e-mails whose next attempt should have happened more than NOTIFICATIONS_RESEND_AFTER
    ago: their task was lost (broker down at commit time, worker killed), so the sweep sends them
    again. Oldest first."""
    cutoff = now - settings.NOTIFICATIONS_RESEND_AFTER
    return OutboundEmail.objects.filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True),
        status=OutboundEmail.Status.PENDING,
    ).order_by("next_attempt_at", "pk")


def outbox_health(*, now: datetime) -> dict:
    """What staff need at a glance: how many e-mails are pending, overdue, failed, and since when
    the oldest pending one has waited (None when nothing is pending). One query."""
    cutoff = now - settings.NOTIFICATIONS_RESEND_AFTER
    pending = Q(status=OutboundEmail.Status.PENDING)
    return OutboundEmail.objects.aggregate(
        pending=Count("pk", filter=pending),
        overdue=Count("pk", filter=pending & Q(next_attempt_at__lt=cutoff)),
        failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
        oldest_pending_created_at=Min("created_at", filter=pending),
    )


def email_queued_since(*, to: str, template: str, since: datetime) -> bool:
    """Whether an e-mail from `template` was queued for `to` at or after `since` (whatever became
    of it): lets a notice that strangers can trigger go out at most once in a while."""
    return OutboundEmail.objects.filter(to=to, template=template, created_at__gte=since).exists()
