"""What every Tawasul admin shares: who may see it, the read-only history, the queue's paginator."""

import re

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property

from accounts.models import User
from accounts.roles import TAWASUL_AGENTS
from core.admin_tools import ReadOnlyMixin
from tawasul import selectors

__all__ = ["NUMBER_PATTERN", "AgentOnlyMixin", "QueuePaginator", "ReadOnlyMixin", "agents_queryset"]

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
