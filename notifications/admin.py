import re

from django.contrib import admin, messages
from django.db.models import Q
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import selectors, services
from notifications.models import OutboundEmail, OutboundSms

MESSAGE_ID = re.compile(r"<(?P<uuid>[0-9a-f-]{36})@[^>]+>", re.IGNORECASE)


class OverdueFilter(admin.SimpleListFilter):
    """E-mails whose delivery is late: the sweep should have picked them up, or they failed."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue (pending past its next attempt)")),
            ("retrying", _("Retrying after an error")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            overdue = selectors.emails_overdue(now=timezone.now())
            return queryset.filter(pk__in=overdue.values("pk"))
        if self.value() == "retrying":
            return queryset.filter(status=OutboundEmail.Status.PENDING).filter(~Q(last_error=""))
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox, read-only: staff see what was sent, what waits and why, and can send again."""

    list_display = [
        "created_at",
        "to",
        "template",
        "subject",
        "language",
        "status",
        "attempts",
        "waiting",
        "last_error_short",
        "sent_at",
    ]
    list_filter = [OverdueFilter, "status", "template", "language", "created_at"]
    search_fields = ["to", "subject", "template", "=uuid"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        # A Message-ID pasted from a mail header, "<uuid@domain>", finds its e-mail.
        match = MESSAGE_ID.fullmatch(search_term.strip())
        if match:
            return queryset.filter(uuid=match["uuid"]), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "outbox_health": selectors.outbox_health(now=timezone.now()),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("waiting"))
    def waiting(self, email: OutboundEmail) -> str:
        """How long a pending e-mail has waited since it was queued."""
        if email.status != OutboundEmail.Status.PENDING:
            return "—"
        return timesince(email.created_at)

    @admin.display(description=_("last error"))
    def last_error_short(self, email: OutboundEmail) -> str:
        return truncatechars(email.last_error, 80)

    @admin.action(description=_("Send the selected e-mails again"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = services.emails_retry_now(emails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(OutboundSms)
class OutboundSmsAdmin(admin.ModelAdmin):
    """The text messages of the outbox, read-only, beside the e-mails."""

    list_display = ["created_at", "to", "template", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language", "created_at"]
    search_fields = ["to", "template", "=uuid"]
    readonly_fields = [f.name for f in OutboundSms._meta.fields]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
