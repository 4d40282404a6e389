from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ratings.models import Rating


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
