"""Writes of the notification outbox. Every feature that e-mails someone calls `email_queue`."""

import enum
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import OutboundEmail

logger = logging.getLogger(__name__)


class Delivery(enum.Enum):
    SENT = "sent"
    ALREADY_HANDLED = "already_handled"
    RETRY_LATER = "retry_later"
    GAVE_UP = "gave_up"


def email_queue(*, to: str, template: str, context: dict, language: str) -> OutboundEmail:
    """Record an e-mail in the outbox and have a worker deliver it once the caller's transaction commits.

    `template` names three files under templates/emails/: `<template>_subject.txt`, `<template>.txt`
    and `<template>.html`. `context` must be JSON-serialisable: it is rendered by the worker, in
    `language`, the recipient's own.
    """
    email = OutboundEmail.objects.create(
        to=to, template=template, context=context, language=language, enqueued_at=timezone.now()
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
    return email


def email_queue_for_user(*, user, template: str, context: dict) -> OutboundEmail | None:
    """Queue an e-mail to a user in their preferred language; users without an address get none."""
    if not user.email:
        return None
    return email_queue(
        to=user.email, template=template, context=context, language=user.preferred_language
    )


def email_enqueue(*, email_id: int) -> bool:
    """Hand the e-mail to the broker. A broker that is down is not the user's problem: the outbox row
    stays pending and the periodic sweep enqueues it again."""
    from notifications.tasks import deliver_email  # imported here to prevent an import cycle

    try:
        deliver_email.delay(email_id)
    except Exception:  # kombu raises several connection error types depending on the transport
        logger.warning("Broker unreachable; outbox e-mail %s left for the sweep", email_id)
        return False
    return True


def email_render(email: OutboundEmail) -> EmailMultiAlternatives:
    context = {**email.context, "site_url": settings.SITE_URL}
    with translation.override(email.language):
        subject = render_to_string(f"emails/{email.template}_subject.txt", context)
        text = render_to_string(f"emails/{email.template}.txt", context)
        html = render_to_string(f"emails/{email.template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[email.to],
        headers={"Message-ID": email.message_id, "Content-Language": email.language},
    )
    message.attach_alternative(html, "text/html")
    return message


def email_deliver(*, email_id: int) -> Delivery:
    """Send one outbox e-mail unless it has been sent already.

    The row stays locked while the SMTP conversation runs, so a second task for the same e-mail
    (a broker redelivery, the sweep) waits and then finds it sent: a task that runs twice never
    sends twice.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.PENDING:
            return Delivery.ALREADY_HANDLED
        message = email_render(email)
        email.subject = message.subject[:255]
        email.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            gave_up = email.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
            if gave_up:
                email.status = OutboundEmail.Status.FAILED
            email.save(update_fields=["subject", "attempts", "last_error", "status"])
            return Delivery.GAVE_UP if gave_up else Delivery.RETRY_LATER
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["subject", "attempts", "last_error", "status", "sent_at"])
    return Delivery.SENT


def emails_requeue_stale(*, now=None) -> int:
    """Enqueue again every e-mail still pending a while after it was last enqueued."""
    from notifications.selectors import emails_stale_pending  # imported here to prevent a cycle

    now = now or timezone.now()
    email_ids = list(emails_stale_pending(now=now).values_list("pk", flat=True)[:1000])
    if email_ids:
        OutboundEmail.objects.filter(pk__in=email_ids).update(enqueued_at=now)
    for email_id in email_ids:
        email_enqueue(email_id=email_id)
    return len(email_ids)


def email_retry_now(*, email: OutboundEmail) -> None:
    """Staff action: put a failed e-mail back in the queue."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.PENDING, enqueued_at=timezone.now()
    )
    transaction.on_commit(lambda: email_enqueue(email_id=email.pk))
