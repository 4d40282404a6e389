import pytest

from accounts import identifiers


@pytest.mark.parametrize("national_id", ["1000000008", "2000000006", "1034567899", "2456789011"])
def test_national_ids_with_a_correct_check_digit_are_valid(national_id):
    assert identifiers.national_id_is_valid(national_id)


@pytest.mark.parametrize(
    ("national_id", "why"),
    [
        ("1000000000", "check digit wrong (domain.md example)"),
        ("2000000007", "check digit off by one"),
        ("3000000004", "first digit must be 1 or 2, even with a good Luhn sum"),
        ("100000008", "nine digits"),
        ("10000000080", "eleven digits"),
        ("10000000a8", "a letter"),
        ("", "empty"),
    ],
)
def test_other_national_ids_are_refused(national_id, why):
    assert not identifiers.national_id_is_valid(national_id), why


def test_arabic_indic_digits_are_read_as_western_digits():
    assert identifiers.normalize_national_id("١٠٠٠٠٠٠٠٠٨") == "1000000008"
    assert identifiers.normalize_national_id("۲۰۰۰۰۰۰۰۰۶") == "2000000006"
    assert identifiers.national_id_is_valid(identifiers.normalize_national_id("٢٠٠٠٠٠٠٠٠٦"))


def test_spaces_and_dashes_typed_in_a_national_id_are_ignored():
    assert identifiers.normalize_national_id("1000 000 008") == "1000000008"
    assert identifiers.normalize_national_id("1000-000-008") == "1000000008"


@pytest.mark.parametrize(
    "typed",
    [
        "0501234567",
        "501234567",
        "+966501234567",
        "966501234567",
        "00966501234567",
        "050 123 4567",
        "050-123-4567",
        "٠٥٠١٢٣٤٥٦٧",
        "+٩٦٦٥٠١٢٣٤٥٦٧",
    ],
)
def test_every_usual_spelling_of_a_saudi_mobile_is_stored_in_e164(typed):
    assert identifiers.normalize_mobile(typed) == "+966501234567"


@pytest.mark.parametrize("prefix", ["050", "053", "054", "055", "056", "057", "058", "059"])
def test_assigned_mobile_ranges_are_accepted(prefix):
    assert identifiers.normalize_mobile(f"{prefix}1234567") == f"+966{prefix[1:]}1234567"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("0521234567", "052 is not assigned"),
        ("0112345678", "a Riyadh landline"),
        ("050123456", "one digit short"),
        ("05012345678", "one digit too many"),
        ("+971501234567", "a UAE mobile"),
        ("mobile", "not a number"),
        ("", "empty"),
    ],
)
def test_numbers_that_are_not_saudi_mobiles_are_refused(typed, why):
    assert identifiers.normalize_mobile(typed) is None, why


def test_unified_number_is_ten_digits_starting_with_seven():
    assert identifiers.unified_number_is_valid("7001234567")
    assert identifiers.unified_number_is_valid(identifiers.normalize_unified_number("٧٠٠١٢٣٤٥٦٧"))
    assert not identifiers.unified_number_is_valid("1010123456")  # a legacy CR number
    assert not identifiers.unified_number_is_valid("700123456")
    assert not identifiers.unified_number_is_valid("70012345678")


def test_stored_identifiers_must_use_ascii_digits():
    # The forms convert Arabic-Indic digits first; what reaches the database must be plain 0-9.
    assert not identifiers.national_id_is_valid("١٠٠٠٠٠٠٠٠٨")
    assert not identifiers.unified_number_is_valid("٧٠٠١٢٣٤٥٦٧")


def test_a_prefix_is_completed_into_a_valid_national_id():
    assert identifiers.national_id_with_check_digit("100000000") == "1000000008"
    assert identifiers.national_id_with_check_digit("200000000") == "2000000006"
    with pytest.raises(ValueError):
        identifiers.national_id_with_check_digit("300000000")
