"""Writes of the notification outbox. Every feature that e-mails someone calls `email_queue`.

The life of an e-mail:
1. `email_queue` writes a pending row in the caller's transaction and, once that commits, hands the
   row's id to the broker (`deliver_email`). If the broker is down, the publish fails fast and the
   row simply stays pending: the caller's request never fails because of the broker.
2. The task (`email_deliver`) locks the row, skips it unless it is still pending, renders it in the
   recipient's language, sends it and marks it sent, all under the lock: a task that runs twice (a
   broker redelivery, the sweep) finds the row sent or locked and sends nothing.
3. An SMTP failure leaves the row pending with the attempt counted and `next_attempt_at` set; the
   task retries itself with exponential backoff until `NOTIFICATIONS_MAX_ATTEMPTS`, then the row is
   marked failed (staff can send it again from the admin).
4. `emails_requeue_stale`, run every minute by Celery beat, enqueues again every pending row whose
   attempt is overdue by `NOTIFICATIONS_RESEND_AFTER` (lost broker message, killed worker).

Limit, inherent to SMTP: a worker killed after the SMTP server accepted the message but before the
row was marked sent leaves the row pending, and it is sent again. Its Message-ID is the same, so the
receiving side can recognise the repeat.
"""

import contextlib
import enum
import functools
import logging
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from notifications.links import LinkUnavailable, email_links_build
from notifications.models import OutboundEmail
from notifications.selectors import emails_overdue


class Recipient(Protocol):
    """Whom `email_queue_for_user` writes to: any user with an address and a preferred language
    (accounts.User). Typed by shape: notifications sits below accounts and imports none of it."""

    email: str
    preferred_language: str


logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = ("_subject.txt", ".txt", ".html")


class Delivery(enum.Enum):
    SENT = "sent"
    ALREADY_HANDLED = "already_handled"
    RETRY_LATER = "retry_later"
    GAVE_UP = "gave_up"


@dataclass(frozen=True)
class DeliveryOutcome:
    status: Delivery
    retry_in: float | None = None  # seconds, when status is RETRY_LATER


def email_queue(
    *, to: str, template: str, context: dict, language: str, links: dict | None = None
) -> OutboundEmail:
    """Record an e-mail in the outbox; a worker delivers it once the caller's transaction commits.

    `template` names three files under templates/emails/: `<template>_subject.txt`, `<template>.txt`
    and `<template>.html`. `context` must be JSON-serialisable: it is rendered by the worker, in
    `language`, the recipient's own. `links` names the links made only when the e-mail is sent,
    each from `notifications.links.email_link(kind, **params)`: a token never reaches the row.
    """
    for suffix in TEMPLATE_SUFFIXES:
        # A missing template is a programming error: fail the caller now, not the worker later.
        get_template(f"emails/{template}{suffix}")
    email = OutboundEmail(
        to=to,
        template=template,
        context=context,
        links=links or {},
        language=language,
        next_attempt_at=timezone.now(),
    )
    # The only unique field is a fresh uuid4 (and the database enforces it): no query to check it.
    email.full_clean(validate_unique=False)
    email.save()
    transaction.on_commit(functools.partial(email_enqueue, email_id=email.pk))
    return email


def email_queue_for_user(*, user: Recipient, template: str, context: dict) -> OutboundEmail | None:
    """Queue an e-mail to a user in their preferred language; users without an address get none."""
    if not user.email:
        return None
    return email_queue(
        to=user.email, template=template, context=context, language=user.preferred_language
    )


class _BrokerState:
    """After a failed publish, this process stops trying for NOTIFICATIONS_BROKER_PAUSE, so during
    an outage (a hung Redis costs ~2 s per publish) only one request pays for finding out."""

    paused_until = 0.0


_broker = _BrokerState()


def email_enqueue(*, email_id: int) -> bool:
    """Hand the e-mail to the broker. A broker that is down is not the user's problem: the outbox
    row stays pending and the periodic sweep enqueues it again."""
    # Imported here: notifications.tasks imports this module, so importing it at the top would
    # fail whenever the tasks module is the one loaded first (as the Celery worker does).
    from notifications.tasks import deliver_email

    return task_publish(
        deliver_email, [email_id], what=f"outbox e-mail {email_id}, left to the sweep"
    )


def task_publish(task, args: list, *, what: str) -> bool:
    """Publish a Celery task, failing fast (CELERY_TASK_PUBLISH_RETRY_POLICY,
    CELERY_BROKER_TRANSPORT_OPTIONS); False, never an exception, when the broker is down or was
    found down within NOTIFICATIONS_BROKER_PAUSE. `what` names the work in the log."""
    if time.monotonic() < _broker.paused_until:
        return False  # it just failed: spare this request the wait
    try:
        task.apply_async(args=args)
    except (BrokerError, OSError) as exc:
        pause = settings.NOTIFICATIONS_BROKER_PAUSE.total_seconds()
        _broker.paused_until = time.monotonic() + pause
        logger.warning("Broker unreachable (%s): %s", exc, what)
        return False
    except Exception:
        logger.exception("Could not enqueue %s", what)
        return False
    return True


def email_render(email: OutboundEmail) -> EmailMultiAlternatives:
    """The message for an outbox row, rendered in the recipient's language, with its links (and
    their tokens) made now. Raises LinkUnavailable when a link can no longer be made."""
    context = {
        **email.context,
        **email_links_build(email.links),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(email.language):
        subject = render_to_string(f"emails/{email.template}_subject.txt", context)
        text = render_to_string(f"emails/{email.template}.txt", context)
        html = render_to_string(f"emails/{email.template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={
            "Message-ID": email.message_id,
            "Content-Language": email.language,
            # RFC 3834: an automatic notification; auto-responders should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_REUSE_SECONDS = 30  # idle servers drop connections after minutes; stay well below
SMTP_REUSE_MESSAGES = 100


class _ReusedSmtp(threading.local):
    """One SMTP connection per worker thread, kept open between e-mails: a busy worker saves the
    connect, EHLO and QUIT round trips of every message."""

    connection = None
    key: tuple = ()
    last_used = 0.0
    sent = 0

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None


_smtp = _ReusedSmtp()


def _smtp_send(message: EmailMultiAlternatives) -> None:
    """Send through the thread's open SMTP connection (other backends: as usual)."""
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        message.send()
        return
    key = (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)
    stale = (
        _smtp.key != key
        or time.monotonic() - _smtp.last_used > SMTP_REUSE_SECONDS
        or _smtp.sent >= SMTP_REUSE_MESSAGES
    )
    if stale:
        _smtp.close()
    reused = _smtp.connection is not None
    if not reused:
        connection = get_connection(SMTP_BACKEND)
        connection.open()  # raises when the server is down: nothing kept
        _smtp.connection, _smtp.key, _smtp.sent = connection, key, 0
    try:
        _smtp.connection.send_messages([message])
    except (smtplib.SMTPServerDisconnected, ConnectionError):
        _smtp.close()
        if not reused:
            raise
        _smtp_send(message)  # the server had closed the idle connection: once more, on a new one
        return
    except BaseException:
        _smtp.close()
        raise
    _smtp.sent += 1
    _smtp.last_used = time.monotonic()


def email_retry_delay(*, attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: base, 2×base, 4×base … capped."""
    base = float(settings.NOTIFICATIONS_RETRY_BACKOFF)
    return min(base * 2 ** max(attempts - 1, 0), float(settings.NOTIFICATIONS_RETRY_BACKOFF_MAX))


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer (unknown mailbox, message refused) will be the same next time."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def email_deliver(*, email_id: int) -> DeliveryOutcome:
    """Send one outbox e-mail unless it has been sent already.

    The row stays locked while the SMTP conversation runs, so a second task for the same e-mail
    skips it while it is being sent (SKIP LOCKED) and finds it sent afterwards: a task that runs
    twice never sends twice.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return DeliveryOutcome(Delivery.ALREADY_HANDLED)
        email.attempts += 1
        fields = ["attempts", "last_error", "status", "next_attempt_at"]
        try:
            message = email_render(email)
        except Exception as exc:  # a broken template or context will not mend itself: no retry
            if isinstance(exc, LinkUnavailable):  # e.g. the account was deactivated since
                logger.info("Outbox e-mail %s not sent: %s", email_id, exc)
            else:
                logger.exception("Outbox e-mail %s cannot be rendered", email_id)
            email.status = OutboundEmail.Status.FAILED
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.next_attempt_at = None
            email.save(update_fields=fields)
            return DeliveryOutcome(Delivery.GAVE_UP)
        email.subject = message.subject[:255]
        fields.append("subject")
        try:
            _smtp_send(message)
        except (smtplib.SMTPException, OSError) as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if _is_permanent(exc) or email.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                email.next_attempt_at = None
                email.save(update_fields=fields)
                logger.error("Outbox e-mail %s failed for good: %s", email_id, email.last_error)
                return DeliveryOutcome(Delivery.GAVE_UP)
            retry_in = email_retry_delay(attempts=email.attempts)
            email.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
            email.save(update_fields=fields)
            logger.warning("Outbox e-mail %s not sent, retry in %.1fs: %s", email_id, retry_in, exc)
            return DeliveryOutcome(Delivery.RETRY_LATER, retry_in=retry_in)
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        email.last_error = ""
        email.save(update_fields=[*fields, "sent_at"])
    return DeliveryOutcome(Delivery.SENT)


def emails_requeue_stale(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Enqueue again every pending e-mail whose attempt is overdue; return how many."""
    now = now or timezone.now()
    email_ids = list(emails_overdue(now=now).values_list("pk", flat=True)[:limit])
    if not email_ids:
        return 0
    # Marked first: if the broker is still down, they wait another NOTIFICATIONS_RESEND_AFTER.
    OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.PENDING).update(
        next_attempt_at=now
    )
    enqueued = 0
    for email_id in email_ids:
        if not email_enqueue(email_id=email_id):
            break  # the broker is down: do not wait on it once per e-mail
        enqueued += 1
    return enqueued


def emails_retry_now(*, emails: QuerySet[OutboundEmail]) -> int:
    """Staff action: put failed (or stuck) e-mails back in the queue for a fresh round of attempts.
    Sent e-mails are left alone. Returns how many were queued again."""
    email_ids = list(emails.exclude(status=OutboundEmail.Status.SENT).values_list("pk", flat=True))
    # The status is checked again by the UPDATE itself: one sent meanwhile by a worker stays sent.
    count = (
        OutboundEmail.objects.filter(pk__in=email_ids)
        .exclude(status=OutboundEmail.Status.SENT)
        .update(status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    )
    for email_id in email_ids:
        transaction.on_commit(functools.partial(email_enqueue, email_id=email_id))
    return count
