"""The staff side of Tawasul in the Django admin, one module per part:

- base: who may see it (agents), the read-only mixin, the queue's paginator
- filters, forms, inlines, display: the queue's filters, the change form, what sits beside
  a request, the cells of the list
- requests: the request admin (queue and change page); history: status trail and incidents
"""

from tawasul.admin import desk  # noqa: F401  (registers the desk settings)
from tawasul.admin.base import QueuePaginator
from tawasul.admin.filters import AgeFilter
from tawasul.admin.history import IncidentAdmin, StatusChangeAdmin
from tawasul.admin.requests import TawasulRequestAdmin

__all__ = [
    "AgeFilter",
    "IncidentAdmin",
    "QueuePaginator",
    "StatusChangeAdmin",
    "TawasulRequestAdmin",
]
