"""The small filters behind the dates and badges the applicant reads."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from tawasul.templatetags.tawasul_tags import both_dates, hijri, status_badge, status_label


def test_hijri_dates_in_arabic_and_english():
    with translation.override("ar"):
        assert hijri(date(2026, 11, 26)) == "16 جمادى الآخرة 1448 هـ"
    with translation.override("en"):
        assert hijri(date(2026, 11, 26)) == "16 Jumada al-Akhirah 1448 AH"


def test_hijri_uses_riyadh_time_for_an_aware_datetime():
    # 22:30 UTC on the 25th is already the 26th in Riyadh.
    moment = datetime(2026, 11, 25, 22, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("ar"):
        assert hijri(moment) == "16 جمادى الآخرة 1448 هـ"


def test_hijri_outside_the_calendar_range_is_empty():
    assert hijri(date(1900, 1, 1)) == ""
    assert hijri(None) == ""


def test_both_dates_shows_gregorian_and_hijri():
    moment = datetime(2026, 11, 26, 9, 5, tzinfo=ZoneInfo("Asia/Riyadh"))
    with translation.override("ar"):
        html = both_dates(moment, True)
    assert "2026/11/26 09:05" in html
    assert "16 جمادى الآخرة 1448 هـ" in html


def test_both_dates_of_a_moment_stored_in_utc_are_riyadhs():
    # The database hands back UTC: 22:30 on the 25th is 01:30 on the 26th in Riyadh.
    moment = datetime(2026, 11, 25, 22, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("ar"):
        html = both_dates(moment, True)
    assert "2026/11/26 01:30" in html
    assert "16 جمادى الآخرة 1448 هـ" in html


def test_a_status_badge_has_colour_icon_and_words():
    with translation.override("ar"):
        html = status_badge("returned_to_applicant")
        assert status_label("processed") == "تمت المعالجة"
    assert "text-bg-danger" in html and "bi-arrow-return-left" in html
    assert "معاد لمقدم الطلب" in html
