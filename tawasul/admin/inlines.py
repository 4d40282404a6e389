"""What the request's page shows beside it: the conversation, the files and the history."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tawasul import desk_selectors, selectors
from tawasul.admin.base import ReadOnlyMixin
from tawasul.admin.forms import CannedReplyTextarea, ReplyAddForm
from tawasul.models import AssignmentChange, Attachment, InternalNote, Reply, StatusChange


class ReplyHistoryInline(ReadOnlyMixin, admin.StackedInline):
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
    form = ReplyAddForm
    verbose_name = _("new reply")
    verbose_name_plural = _("Reply to the applicant")
    fields = ["body", "attachments"]
    extra = 1
    max_num = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return obj is not None and selectors.user_is_tawasul_agent(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The section's canned replies, filled in for this request, above the text.
            field = formset.form.base_fields["body"]
            field.widget = CannedReplyTextarea(
                attrs=field.widget.attrs,
                replies=desk_selectors.canned_replies_for(tawasul_request=obj),
            )
        return formset


class InternalNoteInline(admin.StackedInline):
    """Notes between staff: earlier ones read-only, one empty form for a new one. Never shown to
    the applicant nor e-mailed (tawasul.desk_models.InternalNote)."""

    model = InternalNote
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    max_num = None
    can_delete = False
    classes = ["internal-notes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_view_permission(self, request, obj=None):
        return selectors.user_is_tawasul_agent(request.user)

    def has_add_permission(self, request, obj=None):
        return obj is not None and selectors.user_is_tawasul_agent(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StatusChange
    verbose_name_plural = _("Status history")
    fields = ["created_at", "changed_by", "from_status", "to_status", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class AssignmentChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = AssignmentChange
    fields = ["created_at", "assignee", "assigned_by", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee", "assigned_by")


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    fk_name = "request"
    fields = ["download", "size_display", "content_type", "uploaded_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("tawasul:attachment_download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)

    @admin.display(description=_("size"))
    def size_display(self, attachment):
        # «10,0 م.ب» (Django's Arabic units), not 10485760.
        return filesizeformat(attachment.size)
