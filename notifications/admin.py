from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import services
from notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "template", "subject", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language", "created_at"]
    search_fields = ["to", "subject", "template"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["change"])
    def retry_now(self, request, queryset):
        unsent = queryset.exclude(status=OutboundEmail.Status.SENT)
        count = 0
        for email in unsent:
            services.email_retry_now(email=email)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
