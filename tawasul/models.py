"""Tawasul: incidents, requests, drafts, replies, attachments and the status audit trail.

Design notes
- The new-request flow keeps its work in a Draft row (not the session): uploaded files are checked
  once, stored through the storage API as the draft's attachments, and survive "back" from the
  review page, a reload or a second tab; confirming turns the draft into a request in one
  transaction. Drafts never confirmed are purged with their files (tawasul.tasks).
- Request numbers come from RequestNumberCounter, one row per year, incremented by an UPDATE that
  locks the row until the submitting transaction commits: distinct and gap-free on PostgreSQL
  and SQLite alike, and readable (TW-2026-0000123).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Incident(models.Model):
    """An error message the portal showed someone. Its reference travels in the Tawasul link beside
    the message, so the request opened from it is pre-filled with what actually happened.

    The resident's iqama and name are a snapshot: the incident records the moment, not the resident.
    """

    reference = models.CharField(_("incident reference"), max_length=16, unique=True)
    code = models.CharField(_("error code"), max_length=50)
    message = models.TextField(_("error message"))
    service = models.CharField(_("service"), max_length=50, blank=True)
    resident_iqama = models.CharField(_("resident iqama"), max_length=10, blank=True)
    resident_name = models.CharField(_("resident name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incidents",
    )
    path = models.CharField(_("path"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class Section(models.TextChoices):
    """The department a request goes to (Absher's «القسم»)."""

    RESIDENTS_AFFAIRS = "residents_affairs", _("Residents affairs")
    VISAS = "visas", _("Visas")
    IQAMA = "iqama", _("Iqama")
    ESTABLISHMENT = "establishment", _("Establishment services")
    TECHNICAL = "technical", _("Technical support")


class ServiceType(models.TextChoices):
    """What the request is about, within its section. SERVICE_TYPE_SECTION says which section."""

    EXIT_REENTRY_VISA = "exit_reentry_visa", _("Exit/re-entry visa")
    FINAL_EXIT_VISA = "final_exit_visa", _("Final exit visa")
    VISIT_VISA_EXTENSION = "visit_visa_extension", _("Visit visa extension")
    IQAMA_ISSUE = "iqama_issue", _("Iqama issue")
    IQAMA_RENEWAL = "iqama_renewal", _("Iqama renewal")
    PASSPORT_UPDATE = "passport_update", _("Passport information update")
    TRANSFER_OF_SERVICES = "transfer_of_services", _("Transfer of services")
    RESIDENT_REPORT = "resident_report", _("Resident report")
    ESTABLISHMENT_BALANCE = "establishment_balance", _("Establishment balance and fees")
    USER_PERMISSIONS = "user_permissions", _("Users and permissions")
    SUBSCRIPTION = "subscription", _("Muqeem subscription")
    PORTAL_ERROR = "portal_error", _("Portal error")
    OTHER = "other", _("Other enquiry")


SERVICE_TYPE_SECTION: dict[str, str] = {
    ServiceType.EXIT_REENTRY_VISA: Section.VISAS,
    ServiceType.FINAL_EXIT_VISA: Section.VISAS,
    ServiceType.VISIT_VISA_EXTENSION: Section.VISAS,
    ServiceType.IQAMA_ISSUE: Section.IQAMA,
    ServiceType.IQAMA_RENEWAL: Section.IQAMA,
    ServiceType.PASSPORT_UPDATE: Section.RESIDENTS_AFFAIRS,
    ServiceType.TRANSFER_OF_SERVICES: Section.RESIDENTS_AFFAIRS,
    ServiceType.RESIDENT_REPORT: Section.RESIDENTS_AFFAIRS,
    ServiceType.ESTABLISHMENT_BALANCE: Section.ESTABLISHMENT,
    ServiceType.USER_PERMISSIONS: Section.ESTABLISHMENT,
    ServiceType.SUBSCRIPTION: Section.ESTABLISHMENT,
    ServiceType.PORTAL_ERROR: Section.TECHNICAL,
    ServiceType.OTHER: Section.TECHNICAL,
}


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """A path nobody can guess and that says nothing about the request: the random key, and the
    extension of the type the content was sniffed as (never the name the browser sent)."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    now = timezone.now()
    return f"tawasul/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class TawasulRequest(TimeStampedModel):
    """A request to the Passports directorate, with a snapshot of who sent it and what went wrong.

    The main data is copied from the account and the incident when the request is sent, so staff see
    what the applicant saw even if the account or the establishment change later.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_PROCESSING = "under_processing", _("Under processing")
        RETURNED_TO_APPLICANT = "returned_to_applicant", _("Returned to applicant")
        RETURNED_BY_APPLICANT = "returned_by_applicant", _("Returned by applicant")
        PROCESSED = "processed", _("Processed")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (
        Status.NEW,
        Status.UNDER_PROCESSING,
        Status.RETURNED_TO_APPLICANT,
        Status.RETURNED_BY_APPLICANT,
    )

    # Unique through Meta.constraints, not unique=True: on PostgreSQL that would add a second,
    # LIKE-pattern index on the number, which no query uses (search by number is exact).
    number = models.CharField(_("request number"), max_length=20)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="tawasul_requests",
        db_index=False,  # tawasul_req_requester_idx leads with it
    )
    # Snapshot of the main data (seed step 4).
    requester_name = models.CharField(_("name"), max_length=150)
    national_id = models.CharField(_("national ID / iqama number"), max_length=10, blank=True)
    establishment_name = models.CharField(_("establishment name"), max_length=200, blank=True)
    establishment_unified_number = models.CharField(
        _("unified national number"), max_length=10, blank=True
    )
    mobile = models.CharField(_("mobile number"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # What went wrong, from the incident (seed step 2).
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tawasul_requests",
    )
    incident_reference = models.CharField(_("incident reference"), max_length=16, blank=True)
    service = models.CharField(_("service"), max_length=50, blank=True)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    resident_iqama = models.CharField(_("resident iqama"), max_length=10, blank=True)
    resident_name = models.CharField(_("resident name"), max_length=150, blank=True)
    # What the applicant chose and wrote (seed step 5).
    section = models.CharField(_("section"), max_length=32, choices=Section.choices)
    service_type = models.CharField(_("service type"), max_length=32, choices=ServiceType.choices)
    description = models.TextField(_("description of the problem"))
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tawasul_requests",
        limit_choices_to={"is_staff": True},
        db_index=False,  # tawasul_req_assignee_idx leads with it
    )
    # Answer-by date (tawasul/sla.py): set on receipt, kept while the request waits for the
    # applicant (the working days left are remembered) and moved on from the day it comes back.
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    sla_days_left = models.PositiveSmallIntegerField(
        _("working days left while returned"), null=True, blank=True, editable=False
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    # Set in the transaction that queues the overdue e-mails: they go once, whatever reruns.
    overdue_notified_at = models.DateTimeField(
        _("overdue e-mail sent at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Tawasul request")
        verbose_name_plural = _("Tawasul requests")
        ordering = ["-created_at"]
        indexes = [
            # "My requests", newest first.
            models.Index(fields=["requester", "-created_at"], name="tawasul_req_requester_idx"),
            # The staff queue filtered by status, oldest or newest first.
            models.Index(fields=["status", "-created_at"], name="tawasul_req_status_idx"),
            models.Index(fields=["section", "-created_at"], name="tawasul_req_section_idx"),
            models.Index(fields=["assignee", "-created_at"], name="tawasul_req_assignee_idx"),
            models.Index(fields=["national_id"], name="tawasul_req_national_id_idx"),
            # Overdue lists and the overdue e-mail sweep: open requests by answer-by date only.
            models.Index(
                fields=["answer_by"],
                name="tawasul_req_answer_by_idx",
                condition=models.Q(status__in=["new", "under_processing", "returned_by_applicant"]),
            ),
            models.Index(
                fields=["establishment_unified_number"], name="tawasul_req_unified_no_idx"
            ),
            # The staff dashboard (desk_selectors.dashboard_for): every column its open-requests
            # query reads, for open requests only, so it is an index-only scan that never reads
            # the table; and this month's answered requests by time answered.
            models.Index(
                fields=["status", "section", "assignee", "created_at", "answer_by"],
                name="tawasul_req_open_dash_idx",
                condition=models.Q(
                    status__in=[
                        "new",
                        "under_processing",
                        "returned_to_applicant",
                        "returned_by_applicant",
                    ]
                ),
            ),
            models.Index(
                fields=["answered_at"],
                include=["answer_by"],
                name="tawasul_req_answered_idx",
                condition=models.Q(answered_at__isnull=False),
            ),
            # "You already have an open request for this error" reads one user's requests through
            # tawasul_req_requester_idx (about a hundred rows at most): no index of its own, as
            # every index is written again by every submission.
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="tawasul_req_number_uniq"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def waits_for_staff(self) -> bool:
        """New, under processing or answered by the applicant: the answer-by date runs."""
        return self.status in (
            self.Status.NEW,
            self.Status.UNDER_PROCESSING,
            self.Status.RETURNED_BY_APPLICANT,
        )

    @property
    def awaits_applicant(self) -> bool:
        return self.status == self.Status.RETURNED_TO_APPLICANT


class RequestNumberCounter(models.Model):
    """The last request number given in a year. Its row is locked by the UPDATE that takes the next
    number, so two submissions at the same moment get consecutive numbers, never the same one."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("request number counter")
        verbose_name_plural = _("request number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Draft(TimeStampedModel):
    """A new request between the form and the confirmation: what was typed and the files already
    checked and stored, so going back from the review page loses nothing (and survives a reload)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="tawasul_drafts",
    )
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.SET_NULL, null=True, blank=True
    )
    section = models.CharField(_("section"), max_length=32, choices=Section.choices)
    service_type = models.CharField(_("service type"), max_length=32, choices=ServiceType.choices)
    description = models.TextField(_("description of the problem"))

    class Meta:
        verbose_name = _("draft request")
        verbose_name_plural = _("draft requests")

    def __str__(self) -> str:
        return str(self.id)


class Reply(models.Model):
    """A message on a request: staff answering, or the applicant answering a returned request."""

    request = models.ForeignKey(
        TawasulRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="replies",
        db_index=False,  # tawasul_reply_req_idx leads with it
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="tawasul_replies",
    )
    body = models.TextField(_("reply"), blank=True)
    is_staff = models.BooleanField(_("from staff"), default=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["request", "created_at"], name="tawasul_reply_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A document checked by its content and stored privately. It belongs to a draft until the
    request is sent, then to the request (and to the reply it came with, if any)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        TawasulRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    draft = models.ForeignKey(
        Draft,
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("reply"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="tawasul_attachments",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=False) | models.Q(draft__isnull=False),
                name="tawasul_attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


# The trails of each request (statuses, assignments) and the desk settings (sections, holidays,
# canned replies) live in modules of their own, imported here so Django registers them in this app.
from tawasul.desk_models import (  # noqa: E402, F401
    CannedReply,
    InternalNote,
    PublicHoliday,
    SectionSettings,
)
from tawasul.history_models import AssignmentChange, StatusChange  # noqa: E402, F401
