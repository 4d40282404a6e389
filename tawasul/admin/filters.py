"""The queue's side filters."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tawasul import desk_selectors, sla
from tawasul.admin.base import agents_queryset
from tawasul.models import Section


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"
    BUCKETS = {
        "1d": (None, 1),
        "1-3d": (1, 3),
        "3-7d": (3, 7),
        "7-30d": (7, 30),
        "30d+": (30, None),
    }

    def lookups(self, request, model_admin):
        return [
            ("1d", _("Less than a day")),
            ("1-3d", _("1 to 3 days")),
            ("3-7d", _("3 to 7 days")),
            ("7-30d", _("7 to 30 days")),
            ("30d+", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.BUCKETS:
            return queryset
        younger, older = self.BUCKETS[self.value()]
        now = timezone.now()
        if younger is not None:
            queryset = queryset.filter(created_at__lte=now - timedelta(days=younger))
        if older is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=older))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assignee"
    template = "admin/dropdown_filter.html"  # one line per agent: folded

    def lookups(self, request, model_admin):
        choices = [("me", _("Me")), ("none", _("Nobody"))]
        choices += [(str(agent.pk), str(agent)) for agent in agents_queryset()]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class AnswerByFilter(admin.SimpleListFilter):
    title = _("answer-by date")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("today", _("Due today"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(sla.overdue_q(today))
        if self.value() == "today":
            return queryset.filter(status__in=sla.WAITING_FOR_STAFF, answer_by=today)
        return queryset


class SectionFilter(admin.SimpleListFilter):
    """The request's section, and «my sections»: those whose agents group (SectionSettings) the
    viewer belongs to."""

    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [("mine", _("My sections")), *Section.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(section__in=desk_selectors.sections_of(user=request.user))
        if value in Section.values:
            return queryset.filter(section=value)
        return queryset
