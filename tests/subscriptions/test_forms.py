"""Every field's Arabic error message, as the applicant sees it next to the field."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from subscriptions import services
from subscriptions.forms import (
    ActivationForm,
    EstablishmentRequestForm,
    IndividualRequestForm,
    RejectForm,
    StatusLookupForm,
)
from tests.factories import UserFactory
from tests.subscriptions.factories import IndividualRequestFactory

VALID_INDIVIDUAL = {
    "company_name": "مؤسسة الريان للتجارة",
    "full_name": "فهد سعد العتيبي",
    "national_id": "1000000008",
    "city": "riyadh",
    "mobile": "0501234567",
    "email": "fahad@example.com",
}
VALID_ESTABLISHMENT = {
    "company_name": "شركة الأفق",
    "city": "dammam",
    "mobile": "0531234567",
    "email": "info@ufuq.example",
    "unified_number": "7001234567",
}


def errors_of(form_class, data, **kwargs) -> dict[str, list[str]]:
    with translation.override("ar"):
        form = form_class(data=data, **kwargs)
        form.is_valid()
        return {field: list(messages) for field, messages in form.errors.items()}


def test_the_individual_fields_follow_the_seed_order():
    assert list(IndividualRequestForm().fields) == [
        "company_name",
        "full_name",
        "national_id",
        "city",
        "mobile",
        "email",
    ]


def test_a_valid_individual_form_normalises_mobile_and_id():
    form = IndividualRequestForm(
        data={**VALID_INDIVIDUAL, "mobile": "+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "national_id": "١٠٠٠٠٠٠٠٠٨"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+966501234567"
    assert form.cleaned_data["national_id"] == "1000000008"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("company_name", "أدخل اسم الشركة."),
        ("full_name", "أدخل اسمك الكامل."),
        ("national_id", "أدخل رقم الهوية الوطنية أو رقم الإقامة."),
        ("city", "اختر مدينة الفرع الرئيسي."),
        ("mobile", "أدخل رقم الجوال."),
        ("email", "أدخل البريد الإلكتروني."),
    ],
)
def test_each_empty_individual_field_says_what_to_enter(field, message):
    assert errors_of(IndividualRequestForm, {**VALID_INDIVIDUAL, field: ""}) == {field: [message]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("national_id", "1000000000", "أدخل رقم هوية وطنية أو إقامة صحيحًا"),
        ("national_id", "3000000001", "أدخل رقم هوية وطنية أو إقامة صحيحًا"),
        ("city", "london", "اختر مدينة من القائمة."),
        ("mobile", "0521234567", "أدخل رقم جوال سعوديًا صحيحًا"),
        ("mobile", "12345", "أدخل رقم جوال سعوديًا صحيحًا"),
        ("email", "fahad@", "أدخل بريدًا إلكترونيًا صحيحًا"),
        ("company_name", "ش" * 201, "يجب ألا يزيد هذا على 200 حرفًا (كتبت 201)."),
        ("full_name", "ف" * 151, "يجب ألا يزيد هذا على 150 حرفًا (كتبت 151)."),
    ],
)
def test_each_bad_individual_value_has_its_arabic_error(field, value, message):
    errors = errors_of(IndividualRequestForm, {**VALID_INDIVIDUAL, field: value})
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("company_name", "", "أدخل اسم الشركة."),
        ("city", "", "اختر مدينة الفرع الرئيسي."),
        ("mobile", "", "أدخل رقم الجوال."),
        ("email", "", "أدخل البريد الإلكتروني."),
        ("unified_number", "", "أدخل الرقم الوطني الموحد للمنشأة."),
        ("unified_number", "1010123456", "أدخل رقمًا وطنيًا موحدًا صحيحًا"),
    ],
)
def test_each_bad_establishment_value_has_its_arabic_error(field, value, message):
    errors = errors_of(EstablishmentRequestForm, {**VALID_ESTABLISHMENT, field: value})
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)


def test_the_establishment_form_takes_no_personal_data():
    assert "full_name" not in EstablishmentRequestForm().fields
    assert "national_id" not in EstablishmentRequestForm().fields


def test_the_status_form_asks_for_both_values():
    assert errors_of(StatusLookupForm, {}) == {
        "number": ["أدخل رقم الطلب."],
        "contact": ["أدخل رقم الجوال أو البريد الإلكتروني."],
    }


@pytest.mark.django_db
def test_the_activation_form_explains_password_problems_in_arabic():
    user = UserFactory()
    assert errors_of(ActivationForm, {}, user=user) == {
        "new_password1": ["أدخل كلمة المرور."],
        "new_password2": ["أدخل كلمة المرور مرة أخرى."],
    }
    mismatch = errors_of(
        ActivationForm, {"new_password1": "Sahm-2026-Najd", "new_password2": "other"}, user=user
    )
    assert mismatch["new_password2"] == ["حقلا كلمة المرور غير متطابقين."]
    common = errors_of(
        ActivationForm, {"new_password1": "password", "new_password2": "password"}, user=user
    )
    assert common["new_password2"] == ["كلمة المرور هذه شائعة جداً."]


@pytest.mark.django_db
def test_a_rejection_without_a_reason_is_refused_in_the_services_words():
    with translation.override("ar"):
        with pytest.raises(ValidationError) as caught:
            services.subscription_request_reject(
                subscription_request=IndividualRequestFactory(), decided_by=None, reason="  "
            )
        service_says = caught.value.message_dict["reason"]
    assert errors_of(RejectForm, {"reason": "  "}) == {"reason": service_says}
    assert service_says == ["أدخل سبب الرفض؛ سيُرسل إلى مقدم الطلب."]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # A right-to-left override makes the rest read backwards on a staff screen.
        ("فهد\u202e سعد العتيبي", "فهد سعد العتيبي"),
        # Zero-width characters make two names that look the same differ.
        ("Fa\u200bhad\u2060 Al\ufeffOtaibi", "Fahad AlOtaibi"),
        # A line break starts a new line (a header, a paragraph) wherever the name goes.
        ("Fahad\r\nBcc: victim@example.com", "Fahad Bcc: victim@example.com"),
        ("  فهد\t\u2028سعد  ", "فهد سعد"),
    ],
)
@pytest.mark.parametrize("field", ["full_name", "company_name"])
def test_names_lose_control_and_invisible_characters(field, typed, kept):
    form = IndividualRequestForm(data={**VALID_INDIVIDUAL, field: typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == kept


def test_a_name_of_only_invisible_characters_is_missing():
    errors = errors_of(IndividualRequestForm, {**VALID_INDIVIDUAL, "full_name": "\u200b\u202e\r\n"})
    assert errors["full_name"] == ["أدخل اسمك الكامل."]


def test_the_establishment_company_name_is_cleaned_too():
    form = EstablishmentRequestForm(
        data={**VALID_ESTABLISHMENT, "company_name": "شركة\u202e الأفق"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["company_name"] == "شركة الأفق"
