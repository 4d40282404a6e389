"""The desk's settings in the admin: sections (answer target, supervisors, agents) and holidays."""

from django.contrib import admin

from tawasul.desk_models import PublicHoliday, SectionSettings


@admin.register(SectionSettings)
class SectionSettingsAdmin(admin.ModelAdmin):
    list_display = ["section", "answer_days", "supervisors", "agents"]
    list_select_related = ["supervisors", "agents"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]
