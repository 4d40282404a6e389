"""The audit log in the admin: read by staff holding «Can view audit entry» (the `auditors` group,
superusers); nobody can add, change or delete an entry there, superusers included."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from core.admin_tools import ReadOnlyMixin


class ActorFilter(admin.SimpleListFilter):
    """Who acted: the staff accounts (the ones privileged actions come from), or nobody (failed
    log-ins). Any other account's id works in the address (?actor=<id>), e.g. from a user's page."""

    title = _("by")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        staff = (
            get_user_model()
            ._default_manager.filter(is_staff=True)
            .order_by("username")
            .values_list("pk", "username")
        )
        return [("none", _("Nobody signed in")), *((str(pk), name) for pk, name in staff)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(actor__isnull=True)
        if value and value.isdigit():
            return queryset.filter(actor_id=int(value))
        return queryset


class AuditPaginator(Paginator):
    """Twelve months of log-ins are millions of rows: counting them all on every page costs more
    than the page. Without a filter PostgreSQL's own estimate of the table size is shown ("about
    N"); with one, at most COUNT_CAP + 1 matching rows are counted."""

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
        counted = queryset.order_by()[: self.COUNT_CAP + 1].count()
        self.count_capped = counted > self.COUNT_CAP
        return counted


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only for everyone (ReadOnlyMixin), superusers included."""

    list_display = ["created_at", "action", "actor_repr", "address_ltr", "target", "changes_list"]
    list_filter = [ActorFilter, "action", ("created_at", admin.DateFieldListFilter)]
    # The search box; the search itself is get_search_results (a prefix of the object's text).
    search_fields = ["object_repr"]
    search_help_text = _(
        "The beginning of the object's name: a request number (TW-…, SUB-…) or a user name."
    )
    ordering = ["-pk"]
    # Sorting millions of rows by an unindexed column would take seconds: by date only.
    sortable_by = ["created_at"]
    list_per_page = 50
    show_full_result_count = False
    paginator = AuditPaginator
    actions = None
    fields = [
        "created_at",
        "action",
        "actor_repr",
        "address_ltr",
        "target",
        "object_id",
        "changes_list",
    ]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Prefixes only (indexed): "tw-2026-00001" finds TW-2026-0000123's entries too.
        return queryset.filter(
            Q(object_repr__startswith=term) | Q(object_repr__startswith=term.upper())
        ), False

    @admin.display(description=_("client address"))
    def address_ltr(self, entry):
        return format_html('<bdi dir="ltr">{}</bdi>', entry.address) if entry.address else "—"

    @admin.display(description=_("object"))
    def target(self, entry):
        if not entry.object_type:
            return entry.object_repr or "—"
        try:
            kind = apps.get_model(entry.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            kind = entry.object_type
        return format_html("{}: <bdi>{}</bdi>", kind, entry.object_repr)

    @admin.display(description=_("changes"))
    def changes_list(self, entry):
        if not entry.changes:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            "{}: <bdi>{}</bdi> → <bdi>{}</bdi>",
            (
                (field, _value_text(before), _value_text(after))
                for field, (before, after) in entry.changes.items()
            ),
        )


def _value_text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
