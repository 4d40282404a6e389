"""Arabic that reads right: counted phrases in all six plural forms, dates in Arabic order."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timesince import TIME_STRINGS

from eservices.forms import _months_label, _years_label

# One number for each Arabic plural category: zero, one, two, few (3–10), many (11–99),
# other (100+), and the hundreds that fall back into few and many.
NUMBERS = [0, 1, 2, 3, 10, 11, 99, 100, 103, 111]


def arabic(function, *args):
    with translation.override("ar"):
        return str(function(*args))


MONTHS = {
    0: "0 شهر",
    1: "شهر واحد",
    2: "شهران",
    3: "3 أشهر",
    10: "10 أشهر",
    11: "11 شهرًا",
    99: "99 شهرًا",
    100: "100 شهر",
    103: "103 أشهر",
    111: "111 شهرًا",
}
YEARS = {
    0: "0 سنة",
    1: "سنة واحدة",
    2: "سنتان",
    3: "3 سنوات",
    10: "10 سنوات",
    11: "11 سنة",
    99: "99 سنة",
    100: "100 سنة",
    103: "103 سنوات",
    111: "111 سنة",
}
# Bytes stay invariant after a number, as the issue asks ("303 بايت", never "303 بايتان").
BYTES = {
    0: "0 بايت",
    1: "بايت واحد",
    2: "بايتان",
    3: "3 بايت",
    10: "10 بايت",
    11: "11 بايت",
    99: "99 بايت",
    100: "100 بايت",
    103: "103 بايت",
    111: "111 بايت",
}
DAYS = {
    0: "0 يوم",
    1: "يوم واحد",
    2: "يومان",
    3: "3 أيام",
    10: "10 أيام",
    11: "11 يومًا",
    99: "99 يومًا",
    100: "100 يوم",
    103: "103 أيام",
    111: "111 يومًا",
}


@pytest.mark.parametrize("months", NUMBERS)
def test_the_visa_duration_reads_right_for_every_count(months):
    assert arabic(_months_label, months) == MONTHS[months]


@pytest.mark.parametrize("years", NUMBERS)
def test_the_iqama_renewal_years_read_right_for_every_count(years):
    assert arabic(_years_label, years) == YEARS[years]


@pytest.mark.parametrize("size", NUMBERS)
def test_file_sizes_in_bytes_read_right(size):
    # Django's own catalogue says "103 بايتان"; ours overrides it.
    assert arabic(filesizeformat, size).replace("\xa0", " ") == BYTES[size]


def test_303_bytes_is_not_a_dual():
    assert arabic(filesizeformat, 303).replace("\xa0", " ") == "303 بايت"


@pytest.mark.parametrize("days", NUMBERS)
def test_waiting_days_read_right(days):
    # Django's timesince strings: the staff queue's "age" column counts whole days with them.
    assert arabic(lambda: TIME_STRINGS["day"] % {"num": days}) == DAYS[days]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لم يُسند إليك أي طلب."),
        (1, "أُسند إليك طلب واحد."),
        (2, "أُسند إليك طلبان."),
        (3, "أُسندت إليك 3 طلبات."),
        (11, "أُسند إليك 11 طلبًا."),
        (100, "أُسند إليك 100 طلب."),
    ],
)
def test_request_counts_read_right(count, expected):
    def message():
        return translation.ngettext(
            "%(count)d request assigned to you.", "%(count)d requests assigned to you.", count
        ) % {"count": count}

    assert arabic(message) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (1, "ولمدة ساعة واحدة."),
        (2, "ولمدة ساعتين."),
        (3, "ولمدة 3 ساعات."),
        (24, "ولمدة 24 ساعة."),
        (100, "ولمدة 100 ساعة."),
    ],
)
def test_the_link_lifetime_in_e_mails_reads_right(hours, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count hours=hours %}The link works once and for "
        "{{ hours }} hour.{% plural %}The link works once and for {{ hours }} hours."
        "{% endblocktranslate %}"
    )
    with translation.override("ar"):
        assert template.render(Context({"hours": hours})).endswith(expected)


def test_every_plural_message_in_the_arabic_catalogue_has_six_filled_forms():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/ar/LC_MESSAGES/django.po"))
    plurals = [entry for entry in catalogue if entry.msgid_plural and not entry.obsolete]
    assert plurals
    for entry in plurals:
        forms = [entry.msgstr_plural.get(i, "") for i in range(6)]
        assert all(forms), entry.msgid


def test_dates_read_in_arabic_order():
    with translation.override("ar"):
        assert date_format(date(2026, 12, 2)) == "2 ديسمبر 2026"
        moment = datetime(2026, 12, 2, 15, 5, tzinfo=ZoneInfo("Asia/Riyadh"))
        assert date_format(moment, "DATETIME_FORMAT").startswith("2 ديسمبر 2026، ")
    with translation.override("en"):
        assert date_format(date(2026, 12, 2)) == "Dec. 2, 2026"
