from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_tools import ReadOnlyMixin
from ratings import selectors
from ratings.models import PageFeedback, Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Ratings, read-only, filterable by section and by the agent the request was assigned to."""

    list_display = ["request", "score", "section", "assignee", "comment", "created_at"]
    list_filter = ["score", "request__section", "request__assignee"]
    list_select_related = ["request", "request__assignee"]
    search_fields = ["request__number"]
    readonly_fields = ["request", "score", "comment", "created_at"]

    @admin.display(description=_("section"))
    def section(self, rating: Rating) -> str:
        return rating.request.get_section_display()

    @admin.display(description=_("assigned to"))
    def assignee(self, rating: Rating):
        return rating.request.assignee or "—"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PageFeedback)
class PageFeedbackAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The answers to «هل كانت هذه الصفحة مفيدة؟»: above the list, per page, the yes and no and
    the share useful of the rows the filters leave (all days, or the days and language chosen);
    below, the counters themselves. Nobody adds, changes or deletes them."""

    list_display = ["day", "page", "answer", "reason", "language", "count"]
    list_filter = ["page", "answer", "reason", "language"]
    date_hierarchy = "day"
    list_per_page = 100

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:  # not a redirect for a wrong filter
            response.context_data["usefulness"] = selectors.page_usefulness(
                counters=changelist.queryset
            )
        return response
