"""Admin helpers every app may use (no app imported here)."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property


class ChoicesDropdownFilter(admin.ChoicesFieldListFilter):
    """A filter with many choices (40 cities) folded like a drop-down, instead of a long list
    down the side. Use as `list_filter = [("city", ChoicesDropdownFilter)]`."""

    template = "admin/dropdown_filter.html"


class ReadOnlyMixin:
    """Records kept as a trail (history inlines, audit entries): never added, changed or deleted
    from the admin, even by superusers (who otherwise hold every permission). One mixin for inlines
    and model admins alike: their permission hooks share names, and `obj` is optional in both."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """Counting millions of rows on every changelist page costs more than the page itself.

    Without a filter or search, PostgreSQL's own estimate of the table size is used (the count
    then reads "about N"). With one, at most COUNT_CAP + 1 matching rows are counted, through the
    filter's index (a few milliseconds even when half the table matches); past the cap the count
    reads "more than 10,000" and the pages stop there: staff narrow the filter instead. The
    changelist's pagination template says which (`count_estimated`, `count_capped`).
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
        self.count_capped = counted > self.COUNT_CAP
        return counted
