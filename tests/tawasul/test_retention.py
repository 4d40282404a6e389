"""PDPL retention: documents of requests closed more than the retention period ago are deleted,
with a note in the request's history; nothing else of any request is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tawasul import tasks
from tawasul.models import Attachment, StatusChange, TawasulRequest
from tests.tawasul.factories import (
    AttachmentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
)

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status


def request_closed(days_ago: int | None, status=Status.CLOSED) -> TawasulRequest:
    tawasul_request = TawasulRequestFactory(status=status)
    if days_ago is not None:
        change = StatusChangeFactory(
            request=tawasul_request, from_status=Status.PROCESSED, to_status=Status.CLOSED
        )
        StatusChange.objects.filter(pk=change.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    ReplyFactory(request=tawasul_request)
    AttachmentFactory(request=tawasul_request)
    return tawasul_request


def test_only_documents_of_requests_closed_past_the_period_are_deleted(
    settings, django_capture_on_commit_callbacks
):
    settings.TAWASUL_DOCUMENT_RETENTION_DAYS = 730
    old = request_closed(days_ago=731)
    recent = request_closed(days_ago=700)
    reopened = request_closed(days_ago=900, status=Status.UNDER_PROCESSING)
    never_closed = request_closed(days_ago=None, status=Status.NEW)
    old_file = old.attachments.get().file
    old_path = old_file.path

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_documents() == 1

    assert not Attachment.objects.filter(request=old).exists()
    assert not old_file.storage.exists(old_file.name), old_path
    for kept in (recent, reopened, never_closed):
        attachment = kept.attachments.get()
        assert attachment.file.storage.exists(attachment.file.name)
    # Nothing else of the old request is lost, and its history says what happened.
    old.refresh_from_db()
    assert old.status == Status.CLOSED
    assert old.replies.count() == 1
    note = old.status_changes.order_by("created_at").last()
    assert note.note == (
        "حُذفت المستندات بعد انقضاء مدة الاحتفاظ بمستندات الطلبات المغلقة: جواز السفر.pdf"
    )
    assert (note.from_status, note.to_status, note.changed_by) == (
        Status.CLOSED,
        Status.CLOSED,
        None,
    )


def test_the_period_is_configurable(settings):
    settings.TAWASUL_DOCUMENT_RETENTION_DAYS = 30
    request_closed(days_ago=31)
    assert tasks.purge_expired_documents() == 1
    assert tasks.purge_expired_documents() == 0  # nothing left to delete: no second note
    assert StatusChange.objects.filter(note__startswith="حُذفت المستندات").count() == 1


def test_the_daily_task_is_scheduled(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "tawasul.tasks.purge_expired_documents" in schedule
