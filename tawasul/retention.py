"""PDPL retention: the documents of requests closed long ago are deleted; the request stays.

A request closed more than TAWASUL_DOCUMENT_RETENTION_DAYS ago (by the time of its last move to
"closed") loses its attachments, files and rows; its data, history and replies are kept, and a
note in its history says what was deleted and why.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from tawasul.models import StatusChange, TawasulRequest
from tawasul.services import _delete_file_on_commit

Status = TawasulRequest.Status

# Written in the portal's language (Arabic), like the notes staff write in the history.
RETENTION_NOTE = gettext_noop(
    "Documents deleted after the retention period for closed requests: %(names)s"
)


def documents_purge_expired(*, now: datetime | None = None, batch: int = 200) -> int:
    """Delete the documents of requests closed before the retention cutoff; return how many
    requests lost their documents."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TAWASUL_DOCUMENT_RETENTION_DAYS)
    expired = (
        TawasulRequest.objects.filter(status=Status.CLOSED, attachments__isnull=False)
        .annotate(
            closed_at=Max(
                "status_changes__created_at", filter=Q(status_changes__to_status=Status.CLOSED)
            )
        )
        .filter(closed_at__lt=cutoff)
        .values_list("pk", flat=True)
        .distinct()[:batch]
    )
    purged = 0
    for request_id in list(expired):
        with transaction.atomic():
            tawasul_request = TawasulRequest.objects.select_for_update().get(pk=request_id)
            if tawasul_request.status != Status.CLOSED:
                continue  # reopened meanwhile
            attachments = list(tawasul_request.attachments.all())
            if not attachments:
                continue
            for attachment in attachments:
                _delete_file_on_commit(attachment)
            tawasul_request.attachments.all().delete()
            StatusChange.objects.create(
                request=tawasul_request,
                changed_by=None,
                from_status=Status.CLOSED,
                to_status=Status.CLOSED,
                note=_note(attachments),
            )
        purged += 1
    return purged


def _note(attachments) -> str:
    names = "، ".join(a.original_name for a in attachments)
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(RETENTION_NOTE) % {"names": names}
