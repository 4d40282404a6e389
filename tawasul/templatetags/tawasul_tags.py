"""Template filters for Tawasul pages and e-mails: Hijri dates, status badges, choice labels."""

from functools import lru_cache

from django import template
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.dates import arabic_date, calendar_language, hijri, hijri_text
from tawasul.models import Section, ServiceType, TawasulRequest
from tawasul.selectors import INCIDENT_SERVICE_ALIASES

register = template.Library()

Status = TawasulRequest.Status

# Colour always with text and an icon; Bootstrap's text-bg-* pairs keep WCAG AA contrast.
STATUS_STYLE = {
    Status.NEW: ("text-bg-primary", "bi-envelope"),
    Status.UNDER_PROCESSING: ("text-bg-warning", "bi-hourglass-split"),
    Status.RETURNED_TO_APPLICANT: ("text-bg-danger", "bi-arrow-return-left"),
    Status.RETURNED_BY_APPLICANT: ("text-bg-info", "bi-reply"),
    Status.PROCESSED: ("text-bg-success", "bi-check-circle"),
    Status.CLOSED: ("text-bg-secondary", "bi-lock"),
}


# Shared with the other apps' templates (core/dates.py); registered here for Tawasul's.
register.filter("hijri", hijri)
register.filter("arabic_date", arabic_date)


@register.filter
def both_dates(value, with_time: bool = False) -> str:
    """Gregorian (numeric, local time) and Hijri dates of an aware datetime, one under the other.

    Cheaper than Django's `date` filter with month names: lists draw it once per row. Built as a
    string (digits, and the calendar's own month names, escaped): format_html cost as much again.
    """
    if not value:
        return ""
    local = timezone.localtime(value)
    gregorian = f"{local:%Y/%m/%d %H:%M}" if with_time else f"{local:%Y/%m/%d}"
    hijri_day = escape(hijri_text(local.date(), calendar_language()))
    return mark_safe(  # noqa: S308 (digits and an escaped month name)
        f'<time datetime="{local.isoformat()}"><bdi>{gregorian}</bdi></time>'
        f'<span class="d-block small text-body-secondary">{hijri_day}</span>'
    )


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


@register.filter
def status_label(value) -> str:
    return _label(Status, value)


@register.filter
def section_label(value) -> str:
    return _label(Section, value)


@register.filter
def service_type_label(value) -> str:
    """A service type's label; also for the e-services' own service names in incidents."""
    value = INCIDENT_SERVICE_ALIASES.get(value, value)
    return _label(ServiceType, value)


@register.simple_tag
def status_badge(value) -> str:
    """The status as a coloured badge with an icon and its words (built here, not from a template:
    it is drawn once per row of the lists)."""
    return _status_badge(value, translation.get_language())


@lru_cache(maxsize=64)
def _status_badge(value, language: str) -> str:
    css, icon = STATUS_STYLE.get(value, ("text-bg-secondary", "bi-circle"))
    return format_html(
        '<span class="badge {} fs-6 fw-medium"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        status_label(value),
    )
