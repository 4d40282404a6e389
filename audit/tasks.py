from celery import shared_task

from audit import services


@shared_task(ignore_result=True)
def purge_expired_entries() -> int:
    """Run daily by `celery -A muqeem beat`: entries older than AUDIT_RETENTION are deleted."""
    return services.audit_purge_expired()
