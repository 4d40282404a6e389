from django.conf import settings
from django.db.models import QuerySet

from notifications.models import OutboundEmail


def emails_stale_pending(*, now) -> QuerySet[OutboundEmail]:
    cutoff = now - settings.NOTIFICATIONS_RESEND_AFTER
    return OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING, enqueued_at__lt=cutoff
    ).order_by("created_at")
