"""Cells of the queue, drawn 25 times a page: cached per value and language."""

import functools
from datetime import date

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tawasul import sla
from tawasul.templatetags.tawasul_tags import (
    arabic_date,
    hijri,
    service_type_label,
    status_label,
)


@functools.lru_cache(maxsize=64)
def _status_badge(status: str, language: str | None) -> str:
    """A status as a coloured label; six statuses × two languages, drawn once each."""
    # Colours in static/css/admin.css: the Content-Security-Policy allows no style="…".
    return format_html(
        '<span class="admin-status admin-status-{}">{}</span>', status, status_label(status)
    )


def _age_label(minutes: int) -> str:
    """How long a request has waited: whole days, or hours / minutes on its first day."""
    if minutes >= 24 * 60:
        return _age_text("day", minutes // (24 * 60), get_language())
    if minutes >= 60:
        return _age_text("hour", minutes // 60, get_language())
    return _age_text("minute", max(minutes, 0), get_language())


@functools.lru_cache(maxsize=512)
def _age_text(unit: str, count: int, language: str | None) -> str:
    # Django's own plural strings of timesince, already translated into Arabic.
    return TIME_STRINGS[unit] % {"num": count}


def answer_by_cell(tawasul_request, today: date) -> str:
    """The answer-by date, with a worded marker (not colour alone) once it has passed."""
    day = tawasul_request.answer_by
    if day is None:
        return "—"
    text = arabic_date(day)
    waiting = tawasul_request.status in sla.WAITING_FOR_STAFF
    if waiting and day < today:
        return format_html(
            '<time datetime="{}">{}</time> <span class="admin-overdue">{}</span>',
            day.isoformat(),
            text,
            gettext("Overdue"),
        )
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), text)


def ltr(value: str) -> str:
    """A phone number, ID or e-mail kept left to right inside Arabic text (not «966501234567+»)."""
    return format_html('<bdi dir="ltr">{}</bdi>', value) if value else "—"


class QueueColumnsMixin:
    """The request admin's cells: the queue's columns and the change page's isolated values."""

    def action_checkbox(self, obj):
        # The admin's own renders a CheckboxInput through the template engine, once per row.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), obj.number),
        )

    @admin.display(description=_("applicant"), ordering="requester_name")
    def applicant(self, obj):
        return format_html(
            '{}<span class="admin-quiet">{}</span>', obj.requester_name, ltr(obj.national_id)
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return _status_badge(obj.status, get_language())

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj):
        """The date in Arabic order, and how long ago beneath it."""
        local = timezone.localtime(obj.created_at)
        minutes = int((timezone.now() - obj.created_at).total_seconds() // 60)
        return format_html(
            '<time datetime="{}">{}</time><span class="admin-quiet">{}</span>',
            local.isoformat(),
            arabic_date(local.date()),
            _age_label(minutes),
        )

    @admin.display(description=_("answer by"), ordering="answer_by")
    def answer_by_display(self, obj):
        return answer_by_cell(obj, timezone.localdate())

    @admin.display(description=_("received"))
    def received_full(self, obj):
        """A date shown alone: Gregorian with the time, and the Hijri date."""
        local = timezone.localtime(obj.created_at)
        return format_html(
            '<time datetime="{}">{} {}</time> <span class="admin-quiet">{}</span>',
            local.isoformat(),
            arabic_date(local.date()),
            f"{local:%H:%M}",
            hijri(local.date()),
        )

    @admin.display(description=_("national ID / iqama number"))
    def national_id_ltr(self, obj):
        return ltr(obj.national_id)

    @admin.display(description=_("unified national number"))
    def unified_number_ltr(self, obj):
        return ltr(obj.establishment_unified_number)

    @admin.display(description=_("mobile number"))
    def mobile_ltr(self, obj):
        return ltr(obj.mobile)

    @admin.display(description=_("e-mail address"))
    def email_ltr(self, obj):
        return ltr(obj.email)

    @admin.display(description=_("resident iqama"))
    def resident_iqama_ltr(self, obj):
        return ltr(obj.resident_iqama)

    @admin.display(description=_("service"))
    def service_name(self, obj):
        return service_type_label(obj.service) if obj.service else "—"
