"""The rules of a Tawasul request: numbering, main data, statuses, replies, files."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from notifications.models import OutboundEmail
from tawasul import services
from tawasul.models import (
    Attachment,
    Draft,
    RequestNumberCounter,
    Section,
    ServiceType,
    StatusChange,
    TawasulRequest,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
RIYADH = ZoneInfo("Asia/Riyadh")


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_request_numbers_are_human_readable_and_consecutive():
    now = datetime(2026, 11, 26, 9, 0, tzinfo=RIYADH)
    first = services.request_number_next(now=now)
    second = services.request_number_next(now=now)
    assert (first, second) == ("TW-2026-0000001", "TW-2026-0000002")


def test_request_numbers_start_again_each_year():
    services.request_number_next(now=datetime(2026, 12, 31, 23, 0, tzinfo=RIYADH))
    assert services.request_number_next(now=datetime(2027, 1, 1, 0, 30, tzinfo=RIYADH)) == (
        "TW-2027-0000001"
    )
    assert RequestNumberCounter.objects.get(year=2026).last == 1


def test_a_sent_request_copies_the_main_data_from_the_account_and_the_incident(
    sent_request, applicant, incident
):
    tawasul_request = sent_request()
    assert tawasul_request.number.startswith(f"TW-{timezone.localtime().year}-")
    assert tawasul_request.status == Status.NEW
    assert tawasul_request.requester_name == "سارة أحمد القحطاني"
    assert tawasul_request.national_id == applicant.national_id
    assert tawasul_request.establishment_name == applicant.establishment.name
    assert tawasul_request.establishment_unified_number == applicant.establishment.unified_number
    assert tawasul_request.mobile == applicant.mobile
    assert tawasul_request.email == applicant.email
    assert tawasul_request.incident == incident
    assert tawasul_request.incident_reference == incident.reference
    assert tawasul_request.error_code == "iqama_expired"
    assert tawasul_request.error_message == incident.message
    assert tawasul_request.service == ServiceType.EXIT_REENTRY_VISA


def test_sending_moves_the_draft_files_to_the_request_and_removes_the_draft(sent_request):
    tawasul_request = sent_request()
    attachment = tawasul_request.attachments.get()
    assert attachment.original_name == "passport.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.draft is None
    assert default_storage.exists(attachment.file.name)
    assert not Draft.objects.exists()


def test_stored_files_get_unguessable_names_unrelated_to_the_upload(sent_request):
    attachment = sent_request().attachments.get()
    name = attachment.file.name
    assert "passport" not in name
    assert name.startswith("tawasul/") and name.endswith(".pdf")
    assert len(name.rsplit("/", 1)[1]) == len("0" * 32 + ".pdf")


def test_the_applicant_is_emailed_the_number_in_arabic(
    sent_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tawasul_request = sent_request()
    email = OutboundEmail.objects.get(template="tawasul/received")
    assert email.to == tawasul_request.email
    assert email.context["number"] == tawasul_request.number
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"تم استلام طلب تواصل رقم {tawasul_request.number}"
    assert "تأشيرة خروج وعودة" in mail.outbox[0].body


def test_sending_records_the_first_status_in_the_audit_trail(sent_request, applicant):
    change = sent_request().status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", Status.NEW, applicant)


def test_a_request_without_an_incident_has_no_error_data(sent_request):
    tawasul_request = sent_request(incident=None)
    assert tawasul_request.error_code == ""
    assert tawasul_request.incident is None


def test_a_service_type_from_another_section_is_refused(applicant):
    with pytest.raises(ValidationError) as caught:
        services.draft_save(
            user=applicant,
            section=Section.TECHNICAL,
            service_type=ServiceType.IQAMA_RENEWAL,
            description="وصف طويل بما يكفي للمشكلة التي حدثت.",
        )
    assert "service_type" in caught.value.message_dict


def test_a_draft_holds_at_most_the_allowed_number_of_files(applicant, checked_files, settings):
    settings.TAWASUL_ATTACHMENT_MAX_COUNT = 2
    with pytest.raises(ValidationError):
        services.draft_save(
            user=applicant,
            section=Section.VISAS,
            service_type=ServiceType.EXIT_REENTRY_VISA,
            description="وصف طويل بما يكفي للمشكلة التي حدثت.",
            files=checked_files("a.pdf", "b.png", "c.pdf"),
        )
    assert not Draft.objects.exists()
    assert not Attachment.objects.exists()


def test_a_failure_while_storing_leaves_no_file_behind(
    applicant, checked_files, monkeypatch, settings
):
    original_save = Attachment.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.draft_save(
            user=applicant,
            section=Section.VISAS,
            service_type=ServiceType.EXIT_REENTRY_VISA,
            description="وصف طويل بما يكفي للمشكلة التي حدثت.",
            files=checked_files("a.pdf", "b.png"),
        )
    assert not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_editing_a_draft_keeps_its_files_and_removes_only_those_asked(applicant, checked_files):
    draft = services.draft_save(
        user=applicant,
        section=Section.VISAS,
        service_type=ServiceType.EXIT_REENTRY_VISA,
        description="وصف طويل بما يكفي للمشكلة التي حدثت.",
        files=checked_files("keep.pdf", "drop.png"),
    )
    drop = draft.attachments.get(original_name="drop.png")
    services.draft_save(
        user=applicant,
        draft=draft,
        section=Section.IQAMA,
        service_type=ServiceType.IQAMA_RENEWAL,
        description="وصف آخر طويل بما يكفي للمشكلة.",
        files=checked_files("new.png"),
        remove_attachment_ids=[drop.pk],
    )
    draft.refresh_from_db()
    assert draft.service_type == ServiceType.IQAMA_RENEWAL
    assert sorted(draft.attachments.values_list("original_name", flat=True)) == [
        "keep.pdf",
        "new.png",
    ]


def test_staff_change_the_status_and_the_trail_records_who_when_from_and_to(
    sent_request, agent, django_capture_on_commit_callbacks
):
    tawasul_request = sent_request()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change_status(
            tawasul_request=tawasul_request,
            to_status=Status.UNDER_PROCESSING,
            changed_by=agent,
            note="جارٍ التحقق.",
        )
    change = StatusChange.objects.filter(request=tawasul_request).latest("created_at")
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.NEW,
        Status.UNDER_PROCESSING,
        agent,
    )
    assert change.note == "جارٍ التحقق."
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.UNDER_PROCESSING
    assert mail.outbox[-1].subject == f"طلب تواصل رقم {tawasul_request.number}: تحت المعالجة"


def test_a_closed_request_cannot_be_reopened(sent_request, agent):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.CLOSED, changed_by=agent
    )
    with pytest.raises(ValidationError):
        services.request_change_status(
            tawasul_request=tawasul_request, to_status=Status.UNDER_PROCESSING, changed_by=agent
        )


def test_staff_cannot_mark_a_request_as_answered_by_the_applicant(sent_request, agent):
    with pytest.raises(ValidationError):
        services.request_change_status(
            tawasul_request=sent_request(),
            to_status=Status.RETURNED_BY_APPLICANT,
            changed_by=agent,
        )


def test_an_assignment_records_who_gave_the_request_to_whom(sent_request, agent):
    supervisor = UserFactory(full_name="مشرف تواصل", is_staff=True)
    tawasul_request = sent_request()
    services.request_assign(tawasul_request=tawasul_request, assignee=agent, assigned_by=supervisor)
    # Already theirs: nothing to record.
    assert (
        services.request_assign(tawasul_request=tawasul_request, assignee=agent, assigned_by=agent)
        is None
    )
    services.request_assign(tawasul_request=tawasul_request, assignee=None, assigned_by=agent)
    trail = tawasul_request.assignment_changes.order_by("pk")
    assert list(trail.values_list("assignee", "assigned_by")) == [
        (agent.pk, supervisor.pk),
        (None, agent.pk),
    ]
    tawasul_request.refresh_from_db()
    assert tawasul_request.assignee is None
    # The applicant's timeline is statuses and replies only.
    assert tawasul_request.status_changes.count() == 1


def test_a_staff_reply_is_emailed_in_the_applicants_language(
    sent_request, agent, django_capture_on_commit_callbacks
):
    english = UserFactory(preferred_language="en", full_name="John Smith")
    tawasul_request = sent_request(user=english, incident=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create_by_staff(
            tawasul_request=tawasul_request, author=agent, body="Please attach your passport."
        )
    assert reply.is_staff
    assert OutboundEmail.objects.get(template="tawasul/reply").language == "en"
    assert mail.outbox[0].subject == f"New reply on your Tawasul request {tawasul_request.number}"
    assert "Please attach your passport." in mail.outbox[0].body


def test_an_empty_staff_reply_is_refused(sent_request, agent):
    with pytest.raises(ValidationError):
        services.reply_create_by_staff(tawasul_request=sent_request(), author=agent, body="  ")


def test_the_applicant_answers_a_returned_request_with_documents(
    sent_request, applicant, agent, checked_files
):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request,
        to_status=Status.RETURNED_TO_APPLICANT,
        changed_by=agent,
    )
    reply = services.request_answer(
        tawasul_request=tawasul_request,
        user=applicant,
        body="أرفقت صورة الجواز.",
        files=checked_files("passport-page.png"),
    )
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.RETURNED_BY_APPLICANT
    assert not reply.is_staff
    assert reply.attachments.get().request == tawasul_request
    assert tawasul_request.status_changes.latest("created_at").changed_by == applicant


def test_a_request_not_returned_cannot_be_answered(sent_request, applicant):
    with pytest.raises(ValidationError):
        services.request_answer(tawasul_request=sent_request(), user=applicant, body="رد", files=())


def test_only_its_applicant_answers_a_returned_request(sent_request, agent, checked_files):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.RETURNED_TO_APPLICANT, changed_by=agent
    )
    with pytest.raises(ValidationError) as caught:
        services.request_answer(
            tawasul_request=tawasul_request,
            user=UserFactory(),
            body="رد من شخص آخر",
            files=checked_files("forged.pdf"),
        )
    assert caught.value.code == "not_returned"
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.RETURNED_TO_APPLICANT
    assert not tawasul_request.replies.exists()
    assert list(tawasul_request.attachments.values_list("original_name", flat=True)) == [
        "passport.pdf"
    ]


def test_stale_drafts_are_purged_with_their_files_and_recent_ones_kept(
    applicant, checked_files, settings, django_capture_on_commit_callbacks
):
    def draft_last_touched(days_ago, name):
        draft = services.draft_save(
            user=applicant,
            section=Section.VISAS,
            service_type=ServiceType.EXIT_REENTRY_VISA,
            description="وصف طويل بما يكفي للمشكلة التي حدثت.",
            files=checked_files(name),
        )
        touched = timezone.now() - timedelta(days=days_ago)
        Draft.objects.filter(pk=draft.pk).update(updated_at=touched)
        return draft

    draft_last_touched(8, "stale.pdf")  # older than the 7 days allowed
    kept = {draft_last_touched(6, "last-week.pdf").pk, draft_last_touched(0, "today.pdf").pk}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.drafts_purge_stale() == 1
    assert set(Draft.objects.values_list("pk", flat=True)) == kept
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
        "last-week.pdf",
        "today.pdf",
    ]
    assert len(stored_files(settings.MEDIA_ROOT)) == 2


def test_a_draft_confirmed_twice_gives_one_request(applicant):
    draft = services.draft_save(
        user=applicant,
        section=Section.VISAS,
        service_type=ServiceType.EXIT_REENTRY_VISA,
        description="وصف طويل بما يكفي للمشكلة التي حدثت.",
    )
    services.draft_submit(draft=draft, user=applicant)
    with pytest.raises(Draft.DoesNotExist):
        services.draft_submit(draft=draft, user=applicant)
    assert TawasulRequest.objects.count() == 1


def test_two_requests_never_share_a_number(sent_request):
    from django.db import IntegrityError, transaction

    tawasul_request = sent_request()
    duplicate = TawasulRequest.objects.get(pk=tawasul_request.pk)
    duplicate.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
