"""Celery tasks of the outbox. Run by `celery -A muqeem worker`; `celery -A muqeem beat` runs the
sweep every minute (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from notifications import services, sms


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_email(self, email_id: int) -> str:
    """Send one outbox e-mail; after an SMTP failure, try again later with exponential backoff.

    The attempt count lives in the row (NOTIFICATIONS_MAX_ATTEMPTS), not in Celery's retry count,
    so a task re-enqueued by the sweep continues the same schedule.
    """
    outcome = services.email_deliver(email_id=email_id)
    if outcome.status is services.Delivery.RETRY_LATER and not self.request.is_eager:
        # Eager mode (the embedded default) runs inside the web request: no waiting there; the row
        # stays pending for the sweep or the admin's "send again".
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status.value


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_sms(self, sms_id: int) -> str:
    """Send one outbox text message, with the same retry rules as the e-mails."""
    outcome = sms.sms_deliver(sms_id=sms_id)
    if outcome.status is services.Delivery.RETRY_LATER and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status.value


@shared_task(ignore_result=True)
def sweep_unsent_emails() -> int:
    """Enqueue again the pending e-mails and text messages whose task was lost (the broker was
    down at commit)."""
    return services.emails_requeue_stale() + sms.sms_requeue_stale()
