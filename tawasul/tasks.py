from celery import shared_task

from tawasul import services


@shared_task
def purge_stale_drafts() -> int:
    """Drafts never confirmed are removed with their files after TAWASUL_DRAFT_MAX_AGE_DAYS."""
    return services.drafts_purge_stale()


@shared_task
def notify_overdue_requests() -> int:
    """E-mail supervisors and assignees once about each request past its answer-by date."""
    from tawasul.desk_services import requests_notify_overdue

    return requests_notify_overdue()


@shared_task
def purge_expired_documents() -> int:
    """PDPL retention: closed requests' documents go after TAWASUL_DOCUMENT_RETENTION_DAYS."""
    from tawasul.retention import documents_purge_expired

    return documents_purge_expired()
