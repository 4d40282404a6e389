"""Writes of the staff desk: answer-by dates as a request moves, and the overdue e-mails.

Kept beside tawasul/services.py (the request's lifecycle), which calls `sla_fields_on_status`
inside its own transactions.
"""

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.services import email_queue_for_user
from tawasul import sla
from tawasul.desk_models import InternalNote, SectionSettings
from tawasul.models import TawasulRequest

logger = logging.getLogger(__name__)

Status = TawasulRequest.Status
ANSWERED = (Status.PROCESSED, Status.CLOSED)


def sla_fields_on_status(*, tawasul_request: TawasulRequest, to_status: str) -> list[str]:
    """Move the answer-by date for a status change (the rule in tawasul/sla.py); the fields it
    changed, for the caller's save(update_fields=…)."""
    today = timezone.localdate()
    from_status = tawasul_request.status
    changed: list[str] = []
    if to_status == Status.RETURNED_TO_APPLICANT and tawasul_request.answer_by:
        holidays = sla.holidays_from(today, days=90)
        tawasul_request.sla_days_left = sla.working_days_between(
            today, tawasul_request.answer_by, holidays
        )
        changed.append("sla_days_left")
    elif from_status == Status.RETURNED_TO_APPLICANT and to_status in sla.WAITING_FOR_STAFF:
        days = max(tawasul_request.sla_days_left or 0, 1)
        tawasul_request.answer_by = sla.answer_by_from(today, days)
        tawasul_request.sla_days_left = None
        # A new date: if it passes too, the supervisors hear of it again.
        tawasul_request.overdue_notified_at = None
        changed += ["answer_by", "sla_days_left", "overdue_notified_at"]
    if to_status in ANSWERED and tawasul_request.answered_at is None:
        tawasul_request.answered_at = timezone.now()
        changed.append("answered_at")
    return changed


def overdue_recipients(*, tawasul_request: TawasulRequest) -> list:
    """The section's supervisors (their group in SectionSettings) and the assigned agent."""
    User = get_user_model()
    group_id = (
        SectionSettings.objects.filter(section=tawasul_request.section)
        .values_list("supervisors_id", flat=True)
        .first()
    )
    people = {}
    if group_id:
        for user in User.objects.filter(groups=group_id, is_active=True, is_staff=True):
            people[user.pk] = user
    assignee = tawasul_request.assignee
    if assignee is not None and assignee.is_active:
        people[assignee.pk] = assignee
    return list(people.values())


def requests_notify_overdue(*, today: date | None = None, limit: int = 200) -> int:
    """E-mail the supervisors and the assignee of each request that has become overdue, once.

    Each request is marked in the same transaction that queues its e-mails (the outbox rows), and
    only unmarked rows are taken, locked and skipped when another run holds them: a rerun, a second
    worker or a restart mid-way queues nothing twice.
    """
    today = today or timezone.localdate()
    due = TawasulRequest.objects.filter(sla.overdue_q(today), overdue_notified_at__isnull=True)
    notified = 0
    for pk in list(due.order_by("answer_by").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            tawasul_request = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("assignee")
                .filter(pk=pk)
                .first()
            )
            if tawasul_request is None:
                continue
            tawasul_request.overdue_notified_at = timezone.now()
            tawasul_request.save(update_fields=["overdue_notified_at"])
            context = {
                "number": tawasul_request.number,
                "section": tawasul_request.section,
                "answer_by": tawasul_request.answer_by.isoformat(),
                "admin_path": reverse(
                    "admin:tawasul_tawasulrequest_change", args=[tawasul_request.pk]
                ),
            }
            for user in overdue_recipients(tawasul_request=tawasul_request):
                email_queue_for_user(user=user, template="tawasul/overdue", context=context)
        notified += 1
    if notified:
        logger.info("Overdue Tawasul requests notified: %d", notified)
    return notified


def note_create_internal(*, tawasul_request: TawasulRequest, author, body: str) -> InternalNote:
    """A note for staff only: no e-mail is queued, and the request's `updated_at` (the key of the
    applicant's cached pages) is left alone, as nothing the applicant sees changed."""
    note = InternalNote(request=tawasul_request, author=author, body=body.strip())
    note.full_clean()
    note.save()
    return note
