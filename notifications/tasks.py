from celery import shared_task

from notifications import services


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver_email(self, email_id: int) -> str:
    result = services.email_deliver(email_id=email_id)
    if result is services.Delivery.RETRY_LATER:
        # Exponential backoff: 5 s, 10 s, 20 s … capped at 5 minutes.
        raise self.retry(countdown=min(5 * 2**self.request.retries, 300))
    return result.value


@shared_task
def sweep_unsent_emails() -> int:
    return services.emails_requeue_stale()
