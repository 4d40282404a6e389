"""Saudi identifiers: normalising what people type and checking it (see shared/docs/domain.md)."""

import phonenumbers
from django.utils.translation import gettext_lazy as _

# What the model validators and the form fields both say when a check below fails.
INVALID_NATIONAL_ID = _(
    "Enter a valid national ID or iqama number: 10 digits starting with 1 or 2."
)
INVALID_MOBILE = _("Enter a valid Saudi mobile number, for example 0501234567.")
INVALID_UNIFIED_NUMBER = _("Enter a valid unified national number: 10 digits starting with 7.")

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian (U+06F0..) digits to ASCII.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = str.maketrans("", "", " -‐‑–—()\u200f\u200e\u00a0")


def to_ascii_digits(value: str) -> str:
    return value.translate(_DIGITS)


def normalize_national_id(value: str) -> str:
    return to_ascii_digits(value).translate(_SEPARATORS)


def national_id_is_valid(value: str) -> bool:
    """Ten digits starting with 1 (citizen) or 2 (resident), Luhn check over all ten."""
    if len(value) != 10 or not (value.isascii() and value.isdigit()) or value[0] not in "12":
        return False
    total = 0
    for position, char in enumerate(value):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def national_id_with_check_digit(prefix: str) -> str:
    """Complete a 9-digit prefix (starting with 1 or 2) with the digit that makes a valid ID.

    Demo data, factories and the bench make their IDs with it.
    """
    for last in "0123456789":
        if national_id_is_valid(prefix + last):
            return prefix + last
    raise ValueError(f"{prefix!r} is not a 9-digit prefix starting with 1 or 2")


def normalize_mobile(value: str) -> str | None:
    """A Saudi mobile number in E.164 (+9665XXXXXXXX), or None when it is not one.

    Accepts 05XXXXXXXX, 5XXXXXXXX, 9665…, +9665…, 009665… and Arabic-Indic digits.
    """
    cleaned = to_ascii_digits(value).translate(_SEPARATORS)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    elif cleaned.startswith("966"):
        cleaned = "+" + cleaned
    try:
        number = phonenumbers.parse(cleaned, "SA")
    except phonenumbers.NumberParseException:
        return None
    if (
        number.country_code != 966
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_unified_number(value: str) -> str:
    return to_ascii_digits(value).translate(_SEPARATORS)


def unified_number_is_valid(value: str) -> bool:
    """The establishment's Unified National Number: ten digits starting with 7."""
    return len(value) == 10 and value.isascii() and value.isdigit() and value.startswith("7")
