from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staffauth.models import Authenticator, BackupCodeSet

# django-otp's own device pages are in English and can show keys: replaced by the two below.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class _DeviceAdmin(admin.ModelAdmin):
    """Who has a second factor, since when, when last used, wrong codes in a row. Nothing to
    edit; deleting one is the reset (superusers only: no role is given these permissions)."""

    list_display = ("member", "is_set_up", "added", "last_used", "wrong_codes")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name", "user__email")
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("staff member"), ordering="user__username")
    def member(self, obj):
        return obj.user

    @admin.display(description=_("set up"), boolean=True)
    def is_set_up(self, obj) -> bool:
        return obj.confirmed

    @admin.display(description=_("added"), ordering="created_at")
    def added(self, obj):
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    @admin.display(description=_("wrong codes in a row"))
    def wrong_codes(self, obj) -> int:
        return obj.throttling_failure_count


@admin.register(Authenticator)
class AuthenticatorAdmin(_DeviceAdmin):
    pass


@admin.register(BackupCodeSet)
class BackupCodeSetAdmin(_DeviceAdmin):
    list_display = (*_DeviceAdmin.list_display, "codes_left")
    fields = list_display
    readonly_fields = list_display

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unused=Count("token_set"))

    @admin.display(description=_("unused codes"))
    def codes_left(self, obj) -> int:
        return obj.unused
