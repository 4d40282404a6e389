"""What every Tawasul admin shares: who may see it, the read-only history, the queue's paginator."""

import re

from accounts.roles import TAWASUL_AGENTS, users_holding_role
from core.admin_tools import EstimatedCountPaginator, ReadOnlyMixin
from tawasul import selectors

__all__ = ["NUMBER_PATTERN", "AgentOnlyMixin", "QueuePaginator", "ReadOnlyMixin", "agents_queryset"]

NUMBER_PATTERN = re.compile(r"^TW-\d{4}-\d{7}$")


def agents_queryset():
    """Every Tawasul agent (and superuser), by name."""
    return users_holding_role(TAWASUL_AGENTS)


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


class QueuePaginator(EstimatedCountPaginator):
    """The queue's paginator: its cap and estimate threshold are the queue's own to tune."""
