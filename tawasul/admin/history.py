"""The status trail and the incidents, read-only beside the queue."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import to_ascii_digits
from tawasul.admin.base import NUMBER_PATTERN, AgentOnlyMixin, QueuePaginator, ReadOnlyMixin
from tawasul.models import Incident, StatusChange


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyMixin, AgentOnlyMixin, admin.ModelAdmin):
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


@admin.register(Incident)
class IncidentAdmin(ReadOnlyMixin, AgentOnlyMixin, admin.ModelAdmin):
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
