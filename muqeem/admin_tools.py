"""Admin helpers every app may use (no app imported here)."""

from django.contrib import admin


class ChoicesDropdownFilter(admin.ChoicesFieldListFilter):
    """A filter with many choices (40 cities) folded like a drop-down, instead of a long list
    down the side. Use as `list_filter = [("city", ChoicesDropdownFilter)]`."""

    template = "admin/dropdown_filter.html"
