from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminUserChangeForm, AdminUserCreationForm, EstablishmentAdminForm
from accounts.models import Establishment, User
from core.admin_tools import ChoicesDropdownFilter

admin.site.site_header = _("Muqeem Tawasul administration")
admin.site.site_title = _("Muqeem Tawasul")
admin.site.index_title = _("Staff workspace")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with one full name instead of first/last, and the Saudi identifiers."""

    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal details"),
            {"fields": ("full_name", "national_id", "mobile", "email", "preferred_language")},
        ),
        (_("Establishment"), {"fields": ("establishment",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "national_id",
                    "mobile",
                    "email",
                    "establishment",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = (
        "username",
        "full_name",
        "national_id",
        "establishment",
        "is_staff",
        "is_active",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    list_select_related = ("establishment",)
    search_fields = ("username", "full_name", "national_id", "email", "mobile")
    ordering = ("username",)
    autocomplete_fields = ("establishment",)
    readonly_fields = ("last_login", "date_joined")


class EstablishmentUserInline(admin.TabularInline):
    """The establishment's users, read-only here: each is edited on its own page."""

    model = User
    fk_name = "establishment"
    fields = ("username", "full_name", "national_id", "mobile", "email", "is_active")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("user")
    verbose_name_plural = _("users of this establishment")


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    form = EstablishmentAdminForm
    list_display = ("name", "unified_number", "city", "primary_user", "created_at")
    list_filter = [("city", ChoicesDropdownFilter)]  # 40 cities: folded like a drop-down
    list_select_related = ("primary_user",)
    search_fields = ("name", "unified_number")
    autocomplete_fields = ("primary_user",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [EstablishmentUserInline]
