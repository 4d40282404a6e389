"""Celery tasks of accounts. Run by `celery -A muqeem worker`."""

from celery import shared_task

from accounts import services


@shared_task(ignore_result=True)
def password_reset_emails_queue(email: str) -> int:
    """Queue the reset e-mail for every account that uses `email` (none for an unknown address).

    Done here rather than in the web request, so the request costs the same whether or not an
    account uses the address."""
    return services.user_password_reset_emails_queue(email=email)
