"""The staff side of Tawasul: the queue of requests in the Django admin, for Tawasul agents.

Every write goes through tawasul.services (status changes, assignment, replies), so the applicant
is e-mailed and the audit trail is written whatever screen the agent used.
"""

import functools
import re
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import to_ascii_digits
from accounts.models import User
from accounts.roles import TAWASUL_AGENTS
from audit.services import AuditAction, audit_record
from tawasul import selectors, services
from tawasul.models import (
    AssignmentChange,
    Attachment,
    Incident,
    Reply,
    StatusChange,
    TawasulRequest,
)
from tawasul.templatetags.tawasul_tags import service_type_label, status_label

Status = TawasulRequest.Status

NUMBER_PATTERN = re.compile(r"^TW-\d{4}-\d{7}$")


def agents_queryset():
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=TAWASUL_AGENTS) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name")
    )


class AgentOnlyMixin:
    """Only Tawasul agents (and superusers) see or touch these models, whatever other staff
    permissions someone holds."""

    def has_module_permission(self, request):
        return selectors.user_is_tawasul_agent(request.user) and super().has_module_permission(
            request
        )

    def has_view_permission(self, request, obj=None):
        return selectors.user_is_tawasul_agent(request.user) and super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return selectors.user_is_tawasul_agent(request.user) and super().has_change_permission(
            request, obj
        )

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QueuePaginator(Paginator):
    """Counting a million rows on every queue page costs more than the page itself.

    Without a filter or search, PostgreSQL's own estimate of the table size is used (the count
    then reads "about N"). With one, at most COUNT_CAP + 1 matching rows are counted, through the
    filter's index (a few milliseconds even when half the table matches); past the cap the count
    reads "more than 10,000" and the pages stop there: staff narrow the filter instead.
    """

    ESTIMATE_ABOVE = 100_000
    COUNT_CAP = 10_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_estimated = False
        self.count_capped = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not queryset.query.where:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                        [queryset.model._meta.db_table],
                    )
                    row = cursor.fetchone()
                if row and row[0] > self.ESTIMATE_ABOVE:
                    self.count_estimated = True
                    return int(row[0])
            return super().count
        # COUNT(*) over a sub-query with LIMIT: the scan stops after COUNT_CAP + 1 rows.
        counted = queryset.order_by()[: self.COUNT_CAP + 1].count()
        if counted > self.COUNT_CAP:
            self.count_capped = True
        return counted


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"
    BUCKETS = {
        "1d": (None, 1),
        "1-3d": (1, 3),
        "3-7d": (3, 7),
        "7-30d": (7, 30),
        "30d+": (30, None),
    }

    def lookups(self, request, model_admin):
        return [
            ("1d", _("Less than a day")),
            ("1-3d", _("1 to 3 days")),
            ("3-7d", _("3 to 7 days")),
            ("7-30d", _("7 to 30 days")),
            ("30d+", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.BUCKETS:
            return queryset
        younger, older = self.BUCKETS[self.value()]
        now = timezone.now()
        if younger is not None:
            queryset = queryset.filter(created_at__lte=now - timedelta(days=younger))
        if older is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=older))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        choices = [("me", _("Me")), ("none", _("Nobody"))]
        choices += [(str(agent.pk), str(agent)) for agent in agents_queryset()]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class RequestAdminForm(forms.ModelForm):
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the applicant with the new status."),
    )

    class Meta:
        model = TawasulRequest
        fields = ["status", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = agents_queryset()
        if "status" in self.fields and self.instance.pk:
            # Offer only the moves the lifecycle allows from here (the service checks again).
            current = self.instance.status
            allowed = services.STAFF_TRANSITIONS.get(current, set()) | {current}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status
        if status != current and status not in services.STAFF_TRANSITIONS.get(current, set()):
            raise ValidationError(
                services.ERRORS["transition"],
                code="transition",
                params={"from": Status(current).label, "to": Status(status).label},
            )
        return status


class ReadOnlyInline:
    """History shown beside a request: never added, changed or deleted from the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReplyHistoryInline(ReadOnlyInline, admin.StackedInline):
    model = Reply
    verbose_name = _("reply")
    verbose_name_plural = _("Conversation")
    fields = ["author", "is_staff", "created_at", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ReplyAddInline(admin.StackedInline):
    """An empty form for a new staff reply; the service e-mails it to the applicant."""

    model = Reply
    verbose_name = _("new reply")
    verbose_name_plural = _("Reply to the applicant")
    fields = ["body"]
    extra = 1
    max_num = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return obj is not None and selectors.user_is_tawasul_agent(request.user)

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline, admin.TabularInline):
    model = StatusChange
    verbose_name_plural = _("Status history")
    fields = ["created_at", "changed_by", "from_status", "to_status", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class AssignmentChangeInline(ReadOnlyInline, admin.TabularInline):
    model = AssignmentChange
    fields = ["created_at", "assignee", "assigned_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee", "assigned_by")


class AttachmentInline(ReadOnlyInline, admin.TabularInline):
    model = Attachment
    fk_name = "request"
    fields = ["download", "size", "content_type", "uploaded_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("tawasul:attachment_download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


@functools.lru_cache(maxsize=64)
def _status_badge(status: str, language: str | None) -> str:
    """A status as a coloured label; six statuses × two languages, drawn once each."""
    # Colours in static/css/admin.css: the Content-Security-Policy allows no style="…".
    return format_html(
        '<span class="admin-status admin-status-{}">{}</span>', status, status_label(status)
    )


def _age_label(minutes: int) -> str:
    """How long a request has waited: whole days, or hours / minutes on its first day."""
    if minutes >= 24 * 60:
        return _age_text("day", minutes // (24 * 60), get_language())
    if minutes >= 60:
        return _age_text("hour", minutes // 60, get_language())
    return _age_text("minute", max(minutes, 0), get_language())


@functools.lru_cache(maxsize=512)
def _age_text(unit: str, count: int, language: str | None) -> str:
    # Django's own plural strings of timesince, already translated into Arabic.
    return TIME_STRINGS[unit] % {"num": count}


@admin.register(TawasulRequest)
class TawasulRequestAdmin(AgentOnlyMixin, admin.ModelAdmin):
    form = RequestAdminForm
    list_display = [
        "number",
        "requester_name",
        "national_id",
        "section",
        "status_badge",
        "assignee",
        "created_at",
        "age",
    ]
    list_filter = ["status", "section", AgeFilter, AssigneeFilter]
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
        (_("Handling"), {"fields": ["status", "status_note", "assignee"]}),
        (
            _("Request"),
            {
                "fields": [
                    "number",
                    "created_at",
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
                    "national_id",
                    "establishment_name",
                    "establishment_unified_number",
                    "mobile",
                    "email",
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
                    "resident_iqama",
                    "resident_name",
                ]
            },
        ),
    ]
    readonly_fields = [
        "number",
        "created_at",
        "section",
        "service_type",
        "description",
        "requester_name",
        "national_id",
        "establishment_name",
        "establishment_unified_number",
        "mobile",
        "email",
        "incident_reference",
        "service_name",
        "error_code",
        "error_message",
        "resident_iqama",
        "resident_name",
    ]
    inlines = [
        ReplyHistoryInline,
        ReplyAddInline,
        AttachmentInline,
        StatusChangeInline,
        AssignmentChangeInline,
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    # -- list columns: drawn 25 times a page, so each is a dictionary look-up or a format -------

    def action_checkbox(self, obj):
        # The admin's own renders a CheckboxInput through the template engine, once per row.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), obj.number),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return _status_badge(obj.status, get_language())

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return _age_label(int((timezone.now() - obj.created_at).total_seconds() // 60))

    @admin.display(description=_("service"))
    def service_name(self, obj):
        return service_type_label(obj.service) if obj.service else "—"

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
                tawasul_request=current, assignee=obj.assignee, assigned_by=request.user
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
        if formset.model is not Reply:
            return
        for reply_form in formset.forms:
            body = (reply_form.cleaned_data or {}).get("body", "").strip()
            if not reply_form.has_changed() or not body:
                continue
            reply = services.reply_create_by_staff(
                tawasul_request=form.instance, author=request.user, body=body
            )
            formset.new_objects.append(reply)

    # -- actions -------------------------------------------------------------------------------

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        count = 0
        for tawasul_request in queryset:
            services.request_assign(
                tawasul_request=tawasul_request, assignee=request.user, assigned_by=request.user
            )
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d request assigned to you.", "%(count)d requests assigned to you.", count
            )
            % {"count": count},
            messages.SUCCESS,
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


@admin.register(StatusChange)
class StatusChangeAdmin(AgentOnlyMixin, admin.ModelAdmin):
    """The audit trail on its own: every status change, who made it and when."""

    list_display = ["request", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["request", "changed_by"]
    search_fields = ["request__number"]
    search_help_text = _("Request number (TW-…).")
    # Millions of rows: newest first by primary key (its index), counts estimated or capped.
    ordering = ["-pk"]
    paginator = QueuePaginator
    show_full_result_count = False
    list_per_page = 50

    def get_search_results(self, request, queryset, search_term):
        term = to_ascii_digits(search_term.strip()).upper()
        if NUMBER_PATTERN.match(term):
            return queryset.filter(request__number=term), False
        return super().get_search_results(request, queryset, search_term)

    readonly_fields = ["request", "from_status", "to_status", "changed_by", "note", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(AgentOnlyMixin, admin.ModelAdmin):
    list_display = ["reference", "code", "service", "user", "created_at"]
    list_filter = ["code", "service"]
    list_select_related = ["user"]
    search_fields = ["reference", "resident_iqama"]
    readonly_fields = [
        "reference",
        "code",
        "message",
        "service",
        "resident_iqama",
        "resident_name",
        "user",
        "path",
        "created_at",
        "requests",
    ]

    @admin.display(description=_("Tawasul requests"))
    def requests(self, incident):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:tawasul_tawasulrequest_change", args=[r.pk]), r.number)
                for r in incident.tawasul_requests.all()
            ),
        )

    def has_change_permission(self, request, obj=None):
        return False
