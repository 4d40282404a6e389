"""Writes of Tawasul: incidents, drafts, requests, replies, status changes, attachments."""

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import User
from audit.services import AuditAction, audit_record
from core.numbering import yearly_number_next
from notifications.services import email_queue_for_user
from notifications.sms import sms_queue_for_user
from tawasul import conf, sla
from tawasul.desk_services import sla_fields_on_status
from tawasul.models import (
    AssignmentChange,
    Attachment,
    Draft,
    Incident,
    Reply,
    RequestNumberCounter,
    StatusChange,
    TawasulRequest,
)
from tawasul.rules import (
    ERRORS,
    STAFF_TRANSITIONS,
    answer_content_check,
    attachment_count_check,
    section_check,
)
from tawasul.selectors import main_data_for, section_agents
from tawasul.uploads import CheckedFile

logger = logging.getLogger(__name__)

Status = TawasulRequest.Status

# No 0/O or 1/I: references are read aloud over the phone and typed from screenshots.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

NUMBER_PREFIX = "TW"


def incident_record(
    *,
    code: str,
    message: str,
    user=None,
    service: str = "",
    path: str = "",
    resident_iqama: str = "",
    resident_name: str = "",
) -> Incident:
    """Record an error message shown to someone, to be quoted by the Tawasul link beside it."""
    return Incident.objects.create(
        reference="INC-" + get_random_string(8, _REFERENCE_ALPHABET),
        code=code,
        message=message,
        user=user if user is not None and user.is_authenticated else None,
        service=service,
        path=path[:500],
        resident_iqama=resident_iqama,
        resident_name=resident_name,
    )


def request_number_next(*, now=None) -> str:
    """The next request number, e.g. TW-2026-0000123. Call inside the submitting transaction, last,
    so the counter row stays locked for as short a time as possible."""
    return yearly_number_next(counter=RequestNumberCounter, prefix=NUMBER_PREFIX, digits=7, now=now)


@contextmanager
def _files_removed_on_failure() -> Iterator[list]:
    """Collect the files written to storage inside the block; if the block fails (its transaction
    rolls back), remove them again, so a failed submission leaves nothing half-stored."""
    written: list = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:  # a file that cannot be removed must not hide the original error
                logger.warning("Could not remove orphan attachment file %s", name, exc_info=True)
        raise


def _store_files(
    *,
    files: Sequence[CheckedFile],
    written: list,
    uploaded_by,
    draft=None,
    request=None,
    reply=None,
) -> list[Attachment]:
    """Save checked uploads through the storage API and record them."""
    attachments = []
    for checked in files:
        attachment = Attachment(
            draft=draft,
            request=request,
            reply=reply,
            original_name=checked.name[:255],
            size=checked.size,
            content_type=checked.content_type,
            uploaded_by=uploaded_by,
        )
        # FileField.save streams the temporary file into storage (a move on the file system).
        attachment.file.save(checked.name, checked.upload, save=False)
        written.append((attachment.file.storage, attachment.file.name))
        attachment.full_clean()
        attachment.save()
        attachments.append(attachment)
    return attachments


def draft_save(
    *,
    user,
    section: str,
    service_type: str,
    description: str,
    files: Sequence[CheckedFile] = (),
    incident: Incident | None = None,
    draft: Draft | None = None,
    remove_attachment_ids: Sequence = (),
) -> Draft:
    """Keep what the applicant typed and the files they attached until they confirm on the review
    page. A new draft when `draft` is None, else that draft updated (files removed and added)."""
    section_check(section=section, service_type=service_type)
    with _files_removed_on_failure() as written, transaction.atomic():
        if draft is None:
            draft = Draft(user=user, incident=incident)
        draft.section = section
        draft.service_type = service_type
        draft.description = description.strip()
        draft.full_clean()
        draft.save()
        removed = list(draft.attachments.filter(pk__in=list(remove_attachment_ids)))
        for attachment in removed:
            _delete_file_on_commit(attachment)
            attachment.delete()
        attachment_count_check(count=draft.attachments.count() + len(files))
        _store_files(files=files, written=written, uploaded_by=user, draft=draft)
    return draft


def _delete_file_on_commit(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    transaction.on_commit(lambda: storage.delete(name))


def draft_submit(*, draft: Draft, user) -> TawasulRequest:
    """Turn a confirmed draft into a request with a number, and e-mail the number to the applicant.

    The main data is copied here from the account and the incident, never from the browser.
    A draft confirmed twice at once (a double click) gives one request: the second finds the
    draft gone and raises Draft.DoesNotExist.
    """
    section_check(section=draft.section, service_type=draft.service_type)
    main = main_data_for(user=user, incident=draft.incident)
    with transaction.atomic():
        if not Draft.objects.select_for_update().filter(pk=draft.pk, user=user).exists():
            raise Draft.DoesNotExist
        tawasul_request = TawasulRequest(
            requester=user,
            section=draft.section,
            service_type=draft.service_type,
            description=draft.description,
            incident=draft.incident,
            status=Status.NEW,
            **main,
        )
        # The number last: its counter row stays locked until this transaction commits.
        tawasul_request.answer_by = sla.answer_by_from(
            timezone.localdate(), sla.target_days(draft.section)
        )
        tawasul_request.number = request_number_next()
        # The number comes from the locked counter (and the table's unique constraint guards it);
        # the applicant and the incident are rows just read: checking them again would cost three
        # more SELECTs on every submission.
        tawasul_request.full_clean(exclude=["number", "requester", "incident"])
        tawasul_request.save()
        draft.attachments.update(request=tawasul_request, draft=None)
        draft.delete()
        StatusChange.objects.create(
            request=tawasul_request, changed_by=user, from_status="", to_status=Status.NEW
        )
        _notify_requester(tawasul_request, "tawasul/received")
    return tawasul_request


def _notify_requester(tawasul_request: TawasulRequest, template: str, **extra) -> None:
    """The same event by e-mail and by SMS (one outbox row each); the SMS carries no link."""
    user = tawasul_request.requester
    email_queue_for_user(
        user=user, template=template, context=_email_context(tawasul_request, **extra)
    )
    sms_queue_for_user(
        user=user,
        template=template,
        context={"number": tawasul_request.number, "status": tawasul_request.status},
    )


def _email_context(tawasul_request: TawasulRequest, **extra) -> dict:
    return {
        "number": tawasul_request.number,
        "request_id": tawasul_request.pk,  # the rating link is signed when the e-mail is sent
        "name": tawasul_request.requester_name,
        "section": tawasul_request.section,
        "service_type": tawasul_request.service_type,
        "status": tawasul_request.status,
        "detail_path": reverse("tawasul:request_detail", args=[tawasul_request.number]),
        **extra,
    }


def _status_set(
    *, tawasul_request: TawasulRequest, to_status: str, changed_by, note: str = ""
) -> StatusChange:
    change = StatusChange(
        request=tawasul_request,
        changed_by=changed_by,
        from_status=tawasul_request.status,
        to_status=to_status,
        note=note,
    )
    change.full_clean()
    change.save()
    moved = sla_fields_on_status(tawasul_request=tawasul_request, to_status=to_status)
    tawasul_request.status = to_status
    tawasul_request.save(update_fields=["status", "updated_at", *moved])
    return change


def request_change_status(
    *, tawasul_request: TawasulRequest, to_status: str, changed_by, note: str = ""
) -> StatusChange:
    """Staff move a request to another status; the applicant is e-mailed in their language."""
    with transaction.atomic():
        locked = TawasulRequest.objects.select_for_update().get(pk=tawasul_request.pk)
        if to_status not in STAFF_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(
                ERRORS["transition"],
                code="transition",
                params={"from": Status(locked.status).label, "to": Status(to_status).label},
            )
        change = _status_set(
            tawasul_request=locked, to_status=to_status, changed_by=changed_by, note=note
        )
        audit_record(
            action=AuditAction.STATUS_CHANGED,
            actor=changed_by,
            target=locked,
            changes={
                "status": (change.from_status, to_status),
                **({"note": ("", note)} if note else {}),
            },
        )
        _notify_requester(locked, "tawasul/status_changed", note=note)
    tawasul_request.status = locked.status
    tawasul_request.updated_at = locked.updated_at
    return change


def request_assign(
    *,
    tawasul_request: TawasulRequest,
    assignee: User | None,
    assigned_by: User,
    reason: str = "",
) -> AssignmentChange | None:
    """Give a request to an agent of its section (None: back to the shared queue), recording who
    gave it and, when it moves from one agent to another, why. Nothing is written when it already
    is theirs."""
    with transaction.atomic():
        locked = TawasulRequest.objects.select_related("assignee").select_for_update(of=("self",))
        locked = locked.get(pk=tawasul_request.pk)
        before = locked.assignee
        if locked.assignee_id == (assignee.pk if assignee else None):
            return None
        if assignee is not None:
            if not section_agents(section=locked.section).filter(pk=assignee.pk).exists():
                error = ValidationError(
                    ERRORS["not_section_agent"],
                    code="not_section_agent",
                    params={"name": str(assignee)},
                )
                raise ValidationError({"assignee": error})
            if before is not None and not reason.strip():
                error = ValidationError(
                    ERRORS["reassign_reason"], code="reassign_reason", params={"name": str(before)}
                )
                raise ValidationError({"assignment_reason": error})
        change = AssignmentChange(
            request=locked, assignee=assignee, assigned_by=assigned_by, reason=reason.strip()
        )
        change.full_clean()
        change.save()
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        audit_record(
            action=AuditAction.ASSIGNED,
            actor=assigned_by,
            target=locked,
            changes={
                "assignee": (before, assignee),
                **({"reason": ("", reason.strip())} if reason.strip() else {}),
            },
        )
    tawasul_request.assignee = assignee
    tawasul_request.updated_at = locked.updated_at
    return change


def reply_create_by_staff(
    *,
    tawasul_request: TawasulRequest,
    author,
    body: str,
    files: Sequence[CheckedFile] = (),
) -> Reply:
    """A staff answer on a request, e-mailed to the applicant in their language."""
    if not body.strip():
        raise ValidationError({"body": ERRORS["empty_reply"]}, code="empty_reply")
    with _files_removed_on_failure() as written, transaction.atomic():
        reply = Reply(request=tawasul_request, author=author, body=body.strip(), is_staff=True)
        reply.full_clean()
        reply.save()
        audit_record(
            action=AuditAction.REPLIED,
            actor=author,
            target=tawasul_request,
            changes={"reply": (None, reply.pk), "attachments": (None, len(files))},
        )
        _store_files(
            files=files,
            written=written,
            uploaded_by=author,
            request=tawasul_request,
            reply=reply,
        )
        _notify_requester(tawasul_request, "tawasul/reply", body=reply.body)
    return reply


def request_answer(
    *,
    tawasul_request: TawasulRequest,
    user,
    body: str,
    files: Sequence[CheckedFile] = (),
) -> Reply:
    """The applicant answers a request returned to them; it goes back to staff."""
    answer_content_check(body=body, files=files)
    attachment_count_check(count=len(files))  # the limit is per message
    with _files_removed_on_failure() as written, transaction.atomic():
        locked = TawasulRequest.objects.select_for_update().get(pk=tawasul_request.pk)
        # Someone else's request is refused in the same words: it does not say whether it exists.
        if locked.requester_id != user.pk or not locked.awaits_applicant:
            raise ValidationError(ERRORS["not_returned"], code="not_returned")
        reply = Reply(request=locked, author=user, body=body.strip(), is_staff=False)
        reply.full_clean()
        reply.save()
        _store_files(files=files, written=written, uploaded_by=user, request=locked, reply=reply)
        _status_set(tawasul_request=locked, to_status=Status.RETURNED_BY_APPLICANT, changed_by=user)
    tawasul_request.status = locked.status
    return reply


def drafts_purge_stale(*, now=None) -> int:
    """Remove drafts nobody confirmed within the allowed days, with their files."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.draft_max_age_days())
    purged = 0
    for draft in Draft.objects.filter(updated_at__lt=cutoff).prefetch_related("attachments")[:500]:
        with transaction.atomic():
            for attachment in draft.attachments.all():
                _delete_file_on_commit(attachment)
            draft.delete()
        purged += 1
    return purged
