"""Dates as the portal writes them: the Hijri date (Umm al-Qura) and the Gregorian date in Arabic
reading order, in the active language. Plain functions, so that every app's template filters
(Jinja2 pages, Django e-mails and PDFs) and lists share one implementation and its caches."""

from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone, translation
from django.utils.dates import MONTHS
from hijridate import Gregorian


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


def hijri(value) -> str:
    """«16 جمادى الآخرة 1448 هـ» (Umm al-Qura) for a date or an aware datetime (in Riyadh time),
    in the active language; empty outside the calendar's range."""
    day = _as_date(value) if value else None
    if day is None:
        return ""
    return hijri_text(day, calendar_language())


def calendar_language() -> str:
    return "ar" if (translation.get_language() or "ar").startswith("ar") else "en"


# A date's Hijri text never changes: lists and timelines show the same few days on every row.
@lru_cache(maxsize=2048)
def hijri_text(value: date, language: str) -> str:
    try:
        hijri_date = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return (
        f"{hijri_date.day} {hijri_date.month_name(language)} {hijri_date.year} "
        f"{hijri_date.notation(language)}"
    )


def arabic_date(value) -> str:
    """«2 ديسمبر 2026»: day, month name, year (Arabic reading order; English the same)."""
    day = _as_date(value) if value else None
    if day is None:
        return ""
    return _arabic_date(day, translation.get_language())


@lru_cache(maxsize=2048)
def _arabic_date(day: date, language: str | None) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"
