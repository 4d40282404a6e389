from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import identifiers
from accounts.roles import SUBSCRIPTION_OFFICERS, user_holds_role
from audit.services import AuditAction, audit_record
from core.admin_tools import ChoicesDropdownFilter
from subscriptions import services
from subscriptions.forms import RejectForm
from subscriptions.models import SubscriptionRequest


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@admin.register(SubscriptionRequest)
class SubscriptionRequestAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "company_name",
        "full_name",
        "city",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = [
        "status",
        "kind",
        ("city", ChoicesDropdownFilter),  # 40 cities: folded like a drop-down
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["number", "full_name", "company_name", "mobile", "email", "unified_number"]
    list_select_related = ["decided_by"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["approve_selected", "reject_selected"]
    fieldsets = [
        (
            gettext_lazy("Request"),
            {"fields": ["number", "kind", "status", "created_at", "language"]},
        ),
        (
            gettext_lazy("Applicant"),
            {
                "fields": [
                    "company_name",
                    "full_name",
                    "national_id",
                    "city",
                    "mobile",
                    "email",
                    "unified_number",
                    "requester",
                ]
            },
        ),
        (
            gettext_lazy("Decision"),
            {
                "fields": [
                    "decided_by",
                    "decided_at",
                    "rejection_reason",
                    "user",
                    "establishment",
                ]
            },
        ),
    ]

    # Requests are the applicants' own words: staff read and decide, they never edit or delete.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        # Asked once per action and per page part; one group query per request is enough.
        return user_holds_role(request.user, SUBSCRIPTION_OFFICERS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Approve / reject buttons under a pending request, for those who may decide.
        extra_context = {
            **(extra_context or {}),
            "can_decide": self.has_decide_permission(request),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            # Staff read an applicant's data: kept in the audit log.
            audit_record(
                action=AuditAction.SUBSCRIPTION_VIEWED, target=response.context_data["original"]
            )
        return response

    def get_search_results(self, request, queryset, search_term):
        """Also find a mobile typed the way people write it (05…, Arabic-Indic digits)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        mobile = identifiers.normalize_mobile(search_term) if search_term else None
        if mobile:
            results |= queryset.filter(mobile=mobile)
        return results, may_have_duplicates

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["decide"])
    def approve_selected(self, request, queryset):
        approved = 0
        for subscription_request in queryset.filter(status=SubscriptionRequest.Status.PENDING):
            try:
                services.subscription_request_approve(
                    subscription_request=subscription_request, decided_by=request.user
                )
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("%(number)s was not approved: %(error)s")
                    % {"number": subscription_request.number, "error": _error_text(exc)},
                    messages.ERROR,
                )
            else:
                approved += 1
        self._report(
            request, queryset, approved, _("Approved: %(count)d. An e-mail went to each applicant.")
        )

    @admin.action(description=gettext_lazy("Reject the selected requests"), permissions=["decide"])
    def reject_selected(self, request, queryset):
        """First show a page asking for the reason (sent to the applicants), then reject."""
        pending = queryset.filter(status=SubscriptionRequest.Status.PENDING)
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            rejected = 0
            for subscription_request in pending:
                try:
                    services.subscription_request_reject(
                        subscription_request=subscription_request,
                        decided_by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    self.message_user(request, _error_text(exc), messages.ERROR)
                else:
                    rejected += 1
            self._report(
                request,
                queryset,
                rejected,
                _("Rejected: %(count)d. An e-mail went to each applicant."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject subscription requests"),
            "opts": self.model._meta,
            "form": form,
            "requests": pending,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/subscriptions/subscriptionrequest/reject_confirmation.html", context
        )

    def _report(self, request, queryset, done: int, text: str) -> None:
        if done:
            self.message_user(request, text % {"count": done}, messages.SUCCESS)
        skipped = queryset.exclude(status=SubscriptionRequest.Status.PENDING).count() - done
        if skipped > 0:
            self.message_user(
                request,
                _("Requests already decided were left as they were: %(count)d.")
                % {"count": skipped},
                messages.WARNING,
            )
