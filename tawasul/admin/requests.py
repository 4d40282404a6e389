"""The queue of requests and each request's page, for Tawasul agents.

Every write goes through tawasul.services (status changes, assignment, replies), so the applicant
is e-mailed and the audit trail is written whatever screen the agent used.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.identifiers import to_ascii_digits
from audit.services import AuditAction, audit_record
from tawasul import desk_services, services
from tawasul.admin.base import NUMBER_PATTERN, AgentOnlyMixin, QueuePaginator
from tawasul.admin.display import QueueColumnsMixin
from tawasul.admin.export import QueueExportMixin
from tawasul.admin.filters import AgeFilter, AnswerByFilter, AssigneeFilter, SectionFilter
from tawasul.admin.forms import RequestAdminForm
from tawasul.admin.inlines import (
    AssignmentChangeInline,
    AttachmentInline,
    InternalNoteInline,
    ReplyAddInline,
    ReplyHistoryInline,
    StatusChangeInline,
)
from tawasul.models import InternalNote, Reply, TawasulRequest

Status = TawasulRequest.Status


@admin.register(TawasulRequest)
class TawasulRequestAdmin(QueueExportMixin, QueueColumnsMixin, AgentOnlyMixin, admin.ModelAdmin):
    form = RequestAdminForm
    # Eight short columns that fit beside the filters at 1280 px: the ID under the name, the age
    # under the date received.
    list_display = [
        "number",
        "applicant",
        "section",
        "status_badge",
        "assignee",
        "received",
        "answer_by_display",
    ]
    list_filter = ["status", SectionFilter, AnswerByFilter, AgeFilter, AssigneeFilter]
    list_select_related = ["assignee"]
    search_fields = ["number", "national_id", "requester_name", "establishment_name"]
    search_help_text = _(
        "Request number (TW-…), national ID / iqama, unified number, name or establishment."
    )
    ordering = ["-created_at"]
    date_hierarchy = None
    list_per_page = 25
    show_full_result_count = False
    paginator = QueuePaginator
    actions = ["assign_to_me", "mark_under_processing", "mark_processed", "mark_closed"]
    fieldsets = [
        (
            _("Handling"),
            {
                "fields": [
                    "status",
                    "status_note",
                    "assignee",
                    "assignment_reason",
                    "answer_by_display",
                ]
            },
        ),
        (
            _("Request"),
            {
                "fields": [
                    "number",
                    "received_full",
                    "section",
                    "service_type",
                    "description",
                ]
            },
        ),
        (
            _("Main data"),
            {
                "fields": [
                    "requester_name",
                    "national_id_ltr",
                    "establishment_name",
                    "unified_number_ltr",
                    "mobile_ltr",
                    "email_ltr",
                ]
            },
        ),
        (
            _("Error"),
            {
                "fields": [
                    "incident_reference",
                    "service_name",
                    "error_code",
                    "error_message",
                    "resident_iqama_ltr",
                    "resident_name",
                ]
            },
        ),
    ]
    readonly_fields = [
        "answer_by_display",
        "number",
        "received_full",
        "section",
        "service_type",
        "description",
        "requester_name",
        "national_id_ltr",
        "establishment_name",
        "unified_number_ltr",
        "mobile_ltr",
        "email_ltr",
        "incident_reference",
        "service_name",
        "error_code",
        "error_message",
        "resident_iqama_ltr",
        "resident_name",
    ]
    inlines = [
        ReplyHistoryInline,
        ReplyAddInline,
        InternalNoteInline,
        AttachmentInline,
        StatusChangeInline,
        AssignmentChangeInline,
    ]

    class Media:
        # css/admin.css comes with every admin page (templates/admin/base_site.html).
        js = ["js/canned_replies.js"]

    # -- list columns: drawn 25 times a page, so each is a dictionary look-up or a format -------

    def get_search_results(self, request, queryset, search_term):
        """Numbers and IDs match exactly (indexed, fast on a million rows); other words search
        names and establishments."""
        term = to_ascii_digits(search_term.strip()).upper()
        if NUMBER_PATTERN.match(term):
            return queryset.filter(number=term), False
        if term.isdigit() and len(term) == 10:
            # Unified numbers start with 7, national IDs with 1 and iqamas with 2: one field, one
            # index (an OR of both lets PostgreSQL walk the whole queue by date instead).
            if term.startswith("7"):
                return queryset.filter(establishment_unified_number=term), False
            if term[0] in "12":
                return queryset.filter(national_id=term), False
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            # An agent read an applicant's request: kept in the audit log.
            audit_record(
                action=AuditAction.REQUEST_VIEWED, target=response.context_data["original"]
            )
        return response

    # -- writes, all through the services ------------------------------------------------------

    def save_model(self, request, obj, form, change):
        current = TawasulRequest.objects.select_related("requester").get(pk=obj.pk)
        if "assignee" in form.changed_data:
            services.request_assign(
                tawasul_request=current,
                assignee=obj.assignee,
                assigned_by=request.user,
                reason=form.cleaned_data.get("assignment_reason", ""),
            )
        if "status" in form.changed_data and obj.status != current.status:
            services.request_change_status(
                tawasul_request=current,
                to_status=obj.status,
                changed_by=request.user,
                note=form.cleaned_data.get("status_note", ""),
            )

    def save_formset(self, request, form, formset, change):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is InternalNote:
            for note_form in formset.extra_forms:
                body = (note_form.cleaned_data or {}).get("body", "").strip()
                if note_form.has_changed() and body:
                    formset.new_objects.append(
                        desk_services.note_create_internal(
                            tawasul_request=form.instance, author=request.user, body=body
                        )
                    )
            return
        if formset.model is not Reply:
            return
        for reply_form in formset.forms:
            data = reply_form.cleaned_data or {}
            body = data.get("body", "").strip()
            if not reply_form.has_changed() or not body:
                continue
            reply = services.reply_create_by_staff(
                tawasul_request=form.instance,
                author=request.user,
                body=body,
                files=data.get("attachments") or [],
            )
            formset.new_objects.append(reply)

    # -- actions -------------------------------------------------------------------------------

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        count, refused = 0, []
        for tawasul_request in queryset:
            try:
                services.request_assign(
                    tawasul_request=tawasul_request, assignee=request.user, assigned_by=request.user
                )
                count += 1
            except ValidationError:
                # Another agent's request (a reassignment needs its reason, on the request's
                # page) or another section's.
                refused.append(tawasul_request.number)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request assigned to you.",
                    "%(count)d requests assigned to you.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Not assigned to you (another agent's, or another section's): %(numbers)s")
                % {"numbers": ", ".join(refused)},
                messages.WARNING,
            )

    def _bulk_status(self, request, queryset, to_status):
        changed, refused = 0, []
        for tawasul_request in queryset.select_related("requester"):
            try:
                services.request_change_status(
                    tawasul_request=tawasul_request, to_status=to_status, changed_by=request.user
                )
                changed += 1
            except ValidationError:
                refused.append(tawasul_request.number)
        label = Status(to_status).label
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d request is now “%(status)s”.",
                    "%(count)d requests are now “%(status)s”.",
                    changed,
                )
                % {"count": changed, "status": label},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("These requests cannot become “%(status)s” from their status: %(numbers)s")
                % {"status": label, "numbers": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as under processing"))
    def mark_under_processing(self, request, queryset):
        self._bulk_status(request, queryset, Status.UNDER_PROCESSING)

    @admin.action(description=_("Mark as processed"))
    def mark_processed(self, request, queryset):
        self._bulk_status(request, queryset, Status.PROCESSED)

    @admin.action(description=_("Close"))
    def mark_closed(self, request, queryset):
        self._bulk_status(request, queryset, Status.CLOSED)
