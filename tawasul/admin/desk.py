"""The desk's settings in the admin: sections (answer target, supervisors, agents), holidays and
canned replies."""

from django.contrib import admin

from tawasul.desk_models import CannedReply, PublicHoliday, SectionSettings


@admin.register(SectionSettings)
class SectionSettingsAdmin(admin.ModelAdmin):
    list_display = ["section", "answer_days", "supervisors", "agents"]
    list_select_related = ["supervisors", "agents"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "is_active"]
    list_filter = ["section", "is_active"]
    search_fields = ["title", "body"]
