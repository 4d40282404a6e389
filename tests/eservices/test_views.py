import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from eservices.models import EstablishmentAccount, Service, Visa
from tawasul.models import Incident
from tests.eservices.factories import ResidentFactory, ServicePermissionFactory, VisaFactory
from tests.factories import UserFactory
from tests.pages import links_to

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def visa_url(resident) -> str:
    return reverse("eservices:visa_create", args=[resident.pk])


def renewal_url(resident) -> str:
    return reverse("eservices:iqama_renewal_create", args=[resident.pk])


# --- residents list -----------------------------------------------------------------------------


def test_the_list_shows_the_establishments_residents_and_balance_only(
    primary_client, establishment
):
    ours = ResidentFactory(establishment=establishment, full_name="سانجاي شارما")
    ResidentFactory(full_name="مقيم منشأة أخرى")

    response = primary_client.get(reverse("eservices:index"))

    assert response.status_code == 200
    page = text_of(response)
    assert "إدارة المقيمين" in page
    assert "سانجاي شارما" in page
    assert ours.iqama_number in page
    assert "مقيم منشأة أخرى" not in page
    assert "10,000.00" in page


def test_search_by_iqama_accepts_arabic_indic_digits(primary_client, establishment):
    wanted = ResidentFactory(establishment=establishment, full_name="المطلوب")
    ResidentFactory(establishment=establishment, full_name="غيره", iqama_number="2000000006")
    arabic_digits = wanted.iqama_number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = primary_client.get(reverse("eservices:index"), {"q": arabic_digits})

    page = text_of(response)
    assert "المطلوب" in page
    assert "غيره" not in page
    assert f'value="{arabic_digits}"' in page  # the search box keeps what was typed


def test_search_by_name_and_a_search_that_finds_nothing(primary_client, establishment):
    ResidentFactory(establishment=establishment, full_name="جون سانتوس")
    ResidentFactory(establishment=establishment, full_name="عمران خان")

    by_name = text_of(primary_client.get(reverse("eservices:index"), {"q": "سانتوس"}))
    nothing = text_of(primary_client.get(reverse("eservices:index"), {"q": "2999"}))

    assert "جون سانتوس" in by_name
    assert "عمران خان" not in by_name
    assert "لا يوجد مقيم يطابق «2999»." in nothing


def test_the_list_is_paginated_and_the_search_kept_across_pages(primary_client, establishment):
    for number in range(25):
        ResidentFactory(establishment=establishment, full_name=f"مقيم {number:02d}")

    first = text_of(primary_client.get(reverse("eservices:index")))
    second = text_of(primary_client.get(reverse("eservices:index"), {"page": 2}))
    searched = text_of(primary_client.get(reverse("eservices:index"), {"q": "مقيم"}))

    assert "مقيم 00" in first
    assert "مقيم 24" not in first
    assert "الصفحة 1 من 2" in first
    assert "مقيم 24" in second
    assert "مقيم 00" not in second
    assert "?q=%D9%85%D9%82%D9%8A%D9%85&amp;page=2" in searched


def test_a_user_without_an_establishment_is_told_why_and_where_to_subscribe(client):
    client.force_login(UserFactory(establishment=None))

    response = client.get(reverse("eservices:index"))

    page = text_of(response)
    assert "الخدمات الإلكترونية مخصصة للمنشآت" in page
    assert reverse("subscriptions:start") in page


def test_the_eservices_need_a_log_in(client):
    response = client.get(reverse("eservices:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- a resident -------------------------------------------------------------------------------


def test_the_resident_page_shows_the_record_and_the_services(primary_client, resident):
    VisaFactory(resident=resident, kind=Visa.Kind.MULTIPLE)

    response = primary_client.get(reverse("eservices:resident_detail", args=[resident.pk]))

    page = text_of(response)
    assert resident.passport_number in page
    assert "خروج وعودة متعددة" in page
    assert visa_url(resident) in page
    assert renewal_url(resident) in page


@pytest.mark.parametrize("page", ["eservices:resident_detail", "eservices:visa_create"])
def test_another_establishments_resident_is_not_found(primary_client, page):
    stranger = ResidentFactory()

    response = primary_client.get(reverse(page, args=[stranger.pk]))

    assert response.status_code == 404
    assert stranger.full_name not in text_of(response)


def test_posting_a_visa_for_another_establishments_resident_changes_nothing(primary_client):
    stranger = ResidentFactory()

    response = primary_client.post(visa_url(stranger), {"kind": "single", "duration_months": 2})

    assert response.status_code == 404
    assert not Visa.objects.exists()


# --- requesting services ------------------------------------------------------------------------


def test_requesting_a_visa_issues_it_and_says_so(primary_client, resident):
    response = primary_client.post(
        visa_url(resident), {"kind": "single", "duration_months": 3}, follow=True
    )

    visa = Visa.objects.get(resident=resident)
    assert visa.fee == Decimal("300")
    page = text_of(response)
    assert response.redirect_chain[-1][0] == reverse(
        "eservices:resident_detail", args=[resident.pk]
    )
    assert "صدرت تأشيرة خروج وعودة مفردة للمقيم راجيش كومار" in page
    assert EstablishmentAccount.objects.get().balance == Decimal("9700.00")


def test_an_incomplete_visa_form_keeps_what_was_chosen(primary_client, resident):
    response = primary_client.post(visa_url(resident), {"kind": "multiple"})

    page = text_of(response)
    assert "اختر المدة." in page
    assert re.search(r'value="multiple"[^>]*checked', page)
    assert not Visa.objects.exists()


def test_a_refused_visa_shows_the_message_and_the_tawasul_link(primary_client, establishment):
    resident = ResidentFactory(
        establishment=establishment,
        full_name="جون سانتوس",
        traffic_violations_amount=Decimal("1500"),
    )

    response = primary_client.post(visa_url(resident), {"kind": "single", "duration_months": 2})

    incident = Incident.objects.get()
    assert incident.code == "traffic_violations"
    assert incident.service == Service.EXIT_REENTRY_VISA
    assert (incident.resident_iqama, incident.resident_name) == (
        resident.iqama_number,
        "جون سانتوس",
    )
    assert incident.user == establishment.primary_user
    assert incident.path == visa_url(resident)
    page = text_of(response)
    assert incident.message in page
    assert "على المقيم مخالفات مرورية غير مسددة بمبلغ 1,500.00 ريال." in incident.message
    assert incident.reference in page
    assert f"?incident={incident.reference}" in page
    tawasul = reverse("tawasul:request_create") + f"?incident={incident.reference}"
    assert links_to(page, tawasul) == ["تواصل"]  # the link beside the message, named in Arabic
    assert not Visa.objects.exists()


def test_a_sub_user_without_permission_is_refused_as_soon_as_the_page_opens(
    client, sub_user, resident
):
    client.force_login(sub_user)

    response = client.get(visa_url(resident))

    incident = Incident.objects.get()
    assert incident.code == "no_permission"
    page = text_of(response)
    assert "ليس لدى مستخدمك صلاحية خدمة «تأشيرة خروج وعودة»." in page
    assert incident.reference in page
    assert 'name="kind"' not in page  # no form to fill in for nothing


def test_a_sub_user_with_permission_sees_the_form_and_no_incident(client, sub_user, resident):
    ServicePermissionFactory(user=sub_user, service=Service.IQAMA_RENEWAL)
    client.force_login(sub_user)

    response = client.get(renewal_url(resident))

    assert 'name="years"' in text_of(response)
    assert not Incident.objects.exists()


def test_renewing_an_iqama(primary_client, resident):
    response = primary_client.post(renewal_url(resident), {"years": 1}, follow=True)

    resident.refresh_from_db()
    assert resident.iqama_expiry > timezone.localdate()
    assert "جُدّدت إقامة راجيش كومار" in text_of(response)


def test_a_renewal_the_balance_cannot_pay_is_refused_with_the_link(primary_client, establishment):
    resident = ResidentFactory(establishment=establishment, dependants_count=5)

    response = primary_client.post(renewal_url(resident), {"years": 2})

    incident = Incident.objects.get()
    assert incident.code == "balance_too_low"
    assert incident.service == Service.IQAMA_RENEWAL
    page = text_of(response)
    assert "رصيد المنشأة (10,000.00 ريال) لا يغطي رسوم الخدمة" in page
    assert incident.reference in page
    assert 'value="2" checked' in page or re.search(r'value="2"[^>]*checked', page)


def test_a_too_long_search_is_refused_in_arabic_and_kept(primary_client, establishment):
    ResidentFactory(establishment=establishment, full_name="سانجاي شارما")
    typed = "س" * 51

    page = text_of(primary_client.get(reverse("eservices:index"), {"q": typed}))

    assert "أدخل 50 حرفًا على الأكثر." in page
    assert f'value="{typed}"' in page
    assert "سانجاي شارما" in page  # the list stays, unfiltered
