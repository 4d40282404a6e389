"""Each identifier field, each of its errors, in the Arabic a user reads next to the field."""

import functools

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.fields import NationalIdField, SaudiMobileField, UnifiedNumberField
from accounts.forms import LoginForm, ProfileForm
from accounts.models import (
    User,
    validate_e164_mobile,
    validate_national_id,
    validate_unified_number,
)


class IdentifiersForm(forms.Form):
    national_id = NationalIdField()
    mobile = SaudiMobileField()
    unified_number = UnifiedNumberField()


VALID = {"national_id": "1000000008", "mobile": "0501234567", "unified_number": "7001234567"}


def errors_in_arabic(form_class, data):
    with translation.override("ar"):
        form = form_class(data=data)
        form.is_valid()
        return {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        }


@pytest.mark.parametrize(
    ("field", "value", "arabic"),
    [
        ("national_id", "", "أدخل رقم الهوية الوطنية أو رقم الإقامة."),
        (
            "national_id",
            "1000000000",
            "أدخل رقم هوية وطنية أو إقامة صحيحًا: 10 أرقام تبدأ بالرقم 1 أو 2.",
        ),
        ("mobile", "", "أدخل رقم الجوال."),
        ("mobile", "0521234567", "أدخل رقم جوال سعوديًا صحيحًا، مثل 0501234567."),
        ("unified_number", "", "أدخل الرقم الوطني الموحد للمنشأة."),
        (
            "unified_number",
            "1010123456",
            "أدخل رقمًا وطنيًا موحدًا صحيحًا: 10 أرقام تبدأ بالرقم 7.",
        ),
    ],
)
def test_each_identifier_field_explains_each_error_in_arabic(field, value, arabic):
    errors = errors_in_arabic(IdentifiersForm, {**VALID, field: value})
    assert errors == {field: [arabic]}


@pytest.mark.parametrize(
    ("field", "value", "validator"),
    [
        ("national_id", "1000000000", validate_national_id),
        ("mobile", "0521234567", validate_e164_mobile),
        ("unified_number", "1010123456", validate_unified_number),
    ],
)
def test_a_field_and_its_model_refuse_a_bad_value_in_the_same_words(field, value, validator):
    with translation.override("ar"):
        with pytest.raises(ValidationError) as caught:
            validator(value)
        model_says = caught.value.messages
    assert errors_in_arabic(IdentifiersForm, {**VALID, field: value})[field] == model_says


def test_identifier_fields_return_normalised_values():
    form = IdentifiersForm(
        data={"national_id": "١٠٠٠٠٠٠٠٠٨", "mobile": "٠٥٠١٢٣٤٥٦٧", "unified_number": "٧٠٠١٢٣٤٥٦٧"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "national_id": "1000000008",
        "mobile": "+966501234567",
        "unified_number": "7001234567",
    }


def test_identifier_field_labels_are_arabic():
    with translation.override("ar"):
        form = IdentifiersForm()
        labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels == {
        "national_id": "رقم الهوية الوطنية / الإقامة",
        "mobile": "رقم الجوال",
        "unified_number": "الرقم الوطني الموحد",
    }


@pytest.mark.parametrize(
    ("field", "arabic"),
    [("username", "أدخل اسم المستخدم."), ("password", "أدخل كلمة المرور.")],
)
def test_login_form_asks_for_each_missing_field_in_arabic(field, arabic):
    data = {"username": "demo", "password": "secret"}
    data[field] = ""
    errors = errors_in_arabic(LoginForm, data)
    assert errors[field] == [arabic]


@pytest.mark.parametrize(
    ("field", "value", "arabic"),
    [
        ("mobile", "", "أدخل رقم الجوال."),
        ("mobile", "12345", "أدخل رقم جوال سعوديًا صحيحًا، مثل 0501234567."),
        ("email", "", "أدخل بريدك الإلكتروني."),
        ("email", "not-an-address", "أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.com."),
        ("preferred_language", "", "اختر اللغة."),
        ("preferred_language", "fr", "اختر اللغة."),
    ],
)
def test_profile_form_explains_each_error_in_arabic(field, value, arabic):
    data = {"mobile": "0501234567", "email": "a@example.com", "preferred_language": "ar"}
    data[field] = value
    # The account already uses this address: no password is asked for.
    form_for_user = functools.partial(ProfileForm, user=User(email="a@example.com"))
    assert errors_in_arabic(form_for_user, data) == {field: [arabic]}
