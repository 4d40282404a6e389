"""Staff view of the e-services data: residents, balances, visas, renewals and sub-user grants.

Visas and renewals are read-only here: they are issued only through the services, which check the
rules and take the fee.
"""

from django.contrib import admin

from eservices.models import (
    EstablishmentAccount,
    IqamaRenewal,
    Resident,
    ServicePermission,
    Visa,
)


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = (
        "iqama_number",
        "full_name",
        "establishment",
        "nationality",
        "iqama_expiry",
        "passport_expiry",
        "is_outside_kingdom",
    )
    list_filter = ("nationality", "is_outside_kingdom")
    search_fields = ("iqama_number", "full_name", "passport_number", "establishment__name")
    list_select_related = ("establishment",)
    autocomplete_fields = ("establishment",)


@admin.register(EstablishmentAccount)
class EstablishmentAccountAdmin(admin.ModelAdmin):
    list_display = ("establishment", "balance", "updated_at")
    search_fields = ("establishment__name", "establishment__unified_number")
    list_select_related = ("establishment",)
    autocomplete_fields = ("establishment",)


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Visa)
class VisaAdmin(_ReadOnlyAdmin):
    list_display = ("pk", "resident", "kind", "status", "valid_until", "fee", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("resident__iqama_number", "resident__full_name")
    list_select_related = ("resident",)


@admin.register(IqamaRenewal)
class IqamaRenewalAdmin(_ReadOnlyAdmin):
    list_display = ("resident", "years", "previous_expiry", "new_expiry", "fee", "created_at")
    search_fields = ("resident__iqama_number", "resident__full_name")
    list_select_related = ("resident",)


@admin.register(ServicePermission)
class ServicePermissionAdmin(admin.ModelAdmin):
    list_display = ("user", "service")
    list_filter = ("service",)
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
