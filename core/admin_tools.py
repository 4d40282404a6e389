"""Admin helpers every app may use (no app imported here)."""

from django.contrib import admin


class ChoicesDropdownFilter(admin.ChoicesFieldListFilter):
    """A filter with many choices (40 cities) folded like a drop-down, instead of a long list
    down the side. Use as `list_filter = [("city", ChoicesDropdownFilter)]`."""

    template = "admin/dropdown_filter.html"


class ReadOnlyMixin:
    """Records kept as a trail (history inlines, audit entries): never added, changed or deleted
    from the admin, even by superusers (who otherwise hold every permission). One mixin for inlines
    and model admins alike: their permission hooks share names, and `obj` is optional in both."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
