"""Cells of the queue, drawn 25 times a page: cached per value and language."""

import functools
from datetime import date

from django.utils.html import format_html
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import get_language, gettext

from tawasul import sla
from tawasul.templatetags.tawasul_tags import arabic_date, status_label


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
