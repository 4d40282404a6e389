"""Writes of the text-message outbox: the same rules as the e-mail outbox (notifications.services).

1. `sms_queue` writes a pending row in the caller's transaction; once it commits, `deliver_sms`
   is published (a broker that is down leaves the row to the sweep).
2. `sms_deliver` locks the row (SKIP LOCKED), skips it unless still pending, renders it in the
   recipient's language, hands it to the backend and marks it sent, all under the lock: a task
   that runs twice sends once.
3. A failure leaves it pending with the attempt counted and retried with the e-mails' backoff up
   to NOTIFICATIONS_MAX_ATTEMPTS; a permanent refusal (4xx) marks it failed at once.
4. `sms_requeue_stale` (run by the same beat sweep as the e-mails) enqueues overdue rows again.
"""

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from notifications.models import OutboundSms
from notifications.services import Delivery, DeliveryOutcome, email_retry_delay, task_publish
from notifications.sms_backends import Sms, SmsError, sms_backend

logger = logging.getLogger(__name__)


def sms_queue(*, to: str, template: str, context: dict, language: str) -> OutboundSms | None:
    """Record a text message to `to` (E.164) from `templates/sms/<template>.txt`; none without a
    number. `context` holds plain JSON values only: no link with a token ever reaches the row."""
    if not to:
        return None
    get_template(f"sms/{template}.txt")  # a missing template fails the caller, not the worker
    sms = OutboundSms(
        to=to, template=template, context=context, language=language, next_attempt_at=timezone.now()
    )
    sms.full_clean(validate_unique=False)
    sms.save()
    transaction.on_commit(functools.partial(sms_enqueue, sms_id=sms.pk))
    return sms


def sms_queue_for_user(*, user, template: str, context: dict) -> OutboundSms | None:
    return sms_queue(
        to=user.mobile or "", template=template, context=context, language=user.preferred_language
    )


def sms_enqueue(*, sms_id: int) -> bool:
    # Imported here: notifications.tasks imports this module.
    from notifications.tasks import deliver_sms

    return task_publish(deliver_sms, [sms_id], what=f"outbox SMS {sms_id}, left to the sweep")


def sms_render(*, template: str, context: dict, language: str) -> str:
    """The text in `language`, on one line (line breaks would cost characters)."""
    with translation.override(language):
        return " ".join(render_to_string(f"sms/{template}.txt", context).split())


def sms_deliver(*, sms_id: int) -> DeliveryOutcome:
    """Send one outbox text message unless it has been sent already (see the module's rules)."""
    with transaction.atomic():
        sms = (
            OutboundSms.objects.select_for_update(skip_locked=True)
            .filter(pk=sms_id, status=OutboundSms.Status.PENDING)
            .first()
        )
        if sms is None:
            return DeliveryOutcome(Delivery.ALREADY_HANDLED)
        sms.attempts += 1
        fields = ["attempts", "last_error", "status", "next_attempt_at", "body"]
        try:
            sms.body = sms_render(template=sms.template, context=sms.context, language=sms.language)
            sms_backend().send(Sms(to=sms.to, body=sms.body, reference=str(sms.uuid)))
        except SmsError as exc:
            sms.last_error = str(exc)[:2000]
            if exc.permanent or sms.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                sms.status = OutboundSms.Status.FAILED
                sms.next_attempt_at = None
                sms.save(update_fields=fields)
                logger.error("Outbox SMS %s failed for good: %s", sms_id, sms.last_error)
                return DeliveryOutcome(Delivery.GAVE_UP)
            retry_in = email_retry_delay(attempts=sms.attempts)
            sms.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
            sms.save(update_fields=fields)
            logger.warning("Outbox SMS %s not sent, retry in %.1fs: %s", sms_id, retry_in, exc)
            return DeliveryOutcome(Delivery.RETRY_LATER, retry_in=retry_in)
        except Exception as exc:  # a broken template will not mend itself: no retry
            logger.exception("Outbox SMS %s cannot be rendered", sms_id)
            sms.status = OutboundSms.Status.FAILED
            sms.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            sms.next_attempt_at = None
            sms.save(update_fields=fields)
            return DeliveryOutcome(Delivery.GAVE_UP)
        sms.status = OutboundSms.Status.SENT
        sms.sent_at = timezone.now()
        sms.next_attempt_at = None
        sms.last_error = ""
        sms.save(update_fields=[*fields, "sent_at"])
    return DeliveryOutcome(Delivery.SENT)


def sms_requeue_stale(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Enqueue again every pending text message whose attempt is overdue; return how many."""
    now = now or timezone.now()
    cutoff = now - settings.NOTIFICATIONS_RESEND_AFTER
    sms_ids = list(
        OutboundSms.objects.filter(
            Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True),
            status=OutboundSms.Status.PENDING,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not sms_ids:
        return 0
    OutboundSms.objects.filter(pk__in=sms_ids, status=OutboundSms.Status.PENDING).update(
        next_attempt_at=now
    )
    enqueued = 0
    for sms_id in sms_ids:
        if not sms_enqueue(sms_id=sms_id):
            break
        enqueued += 1
    return enqueued
