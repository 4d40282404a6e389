"""The status look-up: the number with the mobile or e-mail shows the status; anything else looks
like an unknown number; look-ups are limited."""

import re

import pytest
from django.urls import reverse

from subscriptions.models import SubscriptionRequest
from tests.subscriptions.factories import IndividualRequestFactory

pytestmark = pytest.mark.django_db


STATUS_URL = reverse("subscriptions:status")


def text(response) -> str:
    return response.content.decode()


class TestStatusLookup:
    def test_the_number_and_mobile_show_the_status(self, client):
        request = IndividualRequestFactory(
            mobile="+966501234567",
            status=SubscriptionRequest.Status.REJECTED,
            rejection_reason="السجل التجاري منتهي",
        )
        page = text(client.post(STATUS_URL, {"number": request.number, "contact": "0501234567"}))
        assert "مرفوض" in page
        assert "السجل التجاري منتهي" in page
        # A number and a mobile number found or guessed show no one's personal data.
        for personal in (request.company_name, request.full_name, "جدة", request.email):
            assert personal not in page

    def test_the_e_mail_works_too_in_any_case(self, client):
        request = IndividualRequestFactory(email="sara@example.com")
        page = text(
            client.post(
                STATUS_URL, {"number": request.number.lower(), "contact": "Sara@Example.com"}
            )
        )
        assert "قيد المراجعة" in page
        assert request.number in page

    def test_a_wrong_pair_looks_exactly_like_an_unknown_number(self, client):
        request = IndividualRequestFactory(mobile="+966501234567")
        wrong_pair = client.post(STATUS_URL, {"number": request.number, "contact": "0551234567"})
        unknown = client.post(STATUS_URL, {"number": "SUB-2026-999999", "contact": "0551234567"})

        def normalised(response) -> str:
            page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
            return page.replace(request.number, "N").replace("SUB-2026-999999", "N")

        assert wrong_pair.status_code == unknown.status_code == 200
        assert "لا يوجد طلب يطابق هذا الرقم مع رقم الجوال أو البريد الإلكتروني" in text(unknown)
        assert normalised(wrong_pair) == normalised(unknown)
        assert request.company_name not in text(wrong_pair)

    def test_lookups_are_rate_limited(self, client, settings):
        settings.SUBSCRIPTIONS_LOOKUP_RATE = "3/h"
        request = IndividualRequestFactory(mobile="+966501234567")
        for _ in range(3):
            client.post(STATUS_URL, {"number": "SUB-2026-000001", "contact": "0501234567"})
        response = client.post(STATUS_URL, {"number": request.number, "contact": "0501234567"})
        assert response.status_code == 429
        assert "أُجري عدد كبير من محاولات الاستعلام عن الحالة" in text(response)
        assert request.company_name not in text(response)
