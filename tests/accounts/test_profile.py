"""The account page ("حسابي") and editing one's contact details."""

import pytest
from django.urls import reverse

from accounts.services import user_update_profile
from tests.factories import UserFactory, establishment_with_primary_user

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
EDIT_URL = reverse("accounts:profile_edit")


def test_account_page_needs_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={PROFILE_URL}"


def test_primary_user_sees_their_details_and_establishment(client, django_assert_max_num_queries):
    establishment = establishment_with_primary_user(
        username="demo", full_name="عبدالله بن محمد القحطاني", national_id="1000000008"
    )
    client.force_login(establishment.primary_user)
    with django_assert_max_num_queries(4):
        response = client.get(PROFILE_URL)
    page = response.content.decode()
    assert "<h1" in page and "حسابي" in page
    assert "عبدالله بن محمد القحطاني" in page
    assert "<bdi>demo</bdi>" in page
    assert "<bdi>1000000008</bdi>" in page
    assert establishment.primary_user.mobile in page
    assert establishment.primary_user.email in page
    assert establishment.name in page
    assert f"<bdi>{establishment.unified_number}</bdi>" in page
    assert "الرياض" in page
    assert "مستخدم رئيسي (يدير المنشأة)" in page
    assert "العربية" in page  # preferred language
    assert reverse("accounts:password_change") in page


def test_sub_user_is_shown_as_a_sub_user(client):
    establishment = establishment_with_primary_user()
    sub_user = UserFactory(establishment=establishment)
    client.force_login(sub_user)
    page = client.get(PROFILE_URL).content.decode()
    assert "مستخدم فرعي" in page
    assert "مستخدم رئيسي" not in page


def test_individual_user_has_no_establishment(client, user):
    client.force_login(user)
    page = client.get(PROFILE_URL).content.decode()
    assert "هذا الحساب غير مرتبط بمنشأة: إنه حساب فردي." in page


def test_user_edits_mobile_and_language(client, user, django_assert_max_num_queries):
    # A new e-mail address needs the password and a confirmation: see test_email_change.py.
    client.force_login(user)
    with django_assert_max_num_queries(3):
        assert client.get(EDIT_URL).status_code == 200
    response = client.post(
        EDIT_URL,
        {"mobile": "٠٥٥ ١٢٣ ٤٥٦٧", "email": user.email, "preferred_language": "en"},
    )
    assert response.url == PROFILE_URL
    assert response.cookies["muqeem_language"].value == "en"
    user.refresh_from_db()
    assert (user.mobile, user.preferred_language) == ("+966551234567", "en")
    page = client.get(PROFILE_URL).content.decode()
    assert "Your account details have been saved." in page
    assert '<html lang="en" dir="ltr">' in page


def test_bad_mobile_is_explained_in_arabic_and_the_typing_kept(client, user):
    client.force_login(user)
    response = client.post(
        EDIT_URL, {"mobile": "0521234567", "email": "new@example.com", "preferred_language": "ar"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "أدخل رقم جوال سعوديًا صحيحًا، مثل 0501234567." in page
    assert 'value="0521234567"' in page
    assert 'value="new@example.com"' in page
    user.refresh_from_db()
    assert user.email != "new@example.com"


def test_update_profile_service_validates_the_model_rules(user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        user_update_profile(
            user=user, mobile="0501234567", email="a@example.com", preferred_language="ar"
        )
    assert "mobile" in excinfo.value.message_dict  # not E.164: forms normalise before calling
