import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from notifications.models import OutboundEmail
from subscriptions import services
from subscriptions.models import SubscriptionRequest
from tests.factories import UserFactory, establishment_with_primary_user
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

INDIVIDUAL = {
    "company_name": "مؤسسة الريان للتجارة",
    "full_name": "فهد سعد العتيبي",
    "national_id": "1000000008",
    "city": "riyadh",
    "mobile": "050 123 4567",
    "email": "fahad@example.com",
}
ESTABLISHMENT = {
    "company_name": "شركة الأفق",
    "city": "dammam",
    "mobile": "0531234567",
    "email": "info@ufuq.example",
    "unified_number": "7001234567",
}
INDIVIDUAL_URL = reverse("subscriptions:individual")
ESTABLISHMENT_URL = reverse("subscriptions:establishment")
STATUS_URL = reverse("subscriptions:status")


def text(response) -> str:
    return response.content.decode()


class TestStartPage:
    def test_a_visitor_gets_the_individual_form_with_the_seed_labels(self, client):
        response = client.get(reverse("subscriptions:start"))
        page = text(response)
        assert response.status_code == 200
        for label in ["طلب اشتراك", "اسم الشركة", "الاسم", "مدينة الفرع الرئيسي", "رقم الجوال"]:
            assert label in page
        assert "البريد الإلكتروني" in page
        assert "إرسال الطلب" in page
        assert 'action="/subscriptions/individual/"' in page
        assert "csrfmiddlewaretoken" in page
        assert (
            page.index("اسم الشركة")
            < page.index("مدينة الفرع الرئيسي")
            < page.index('name="email"')
        )

    def test_the_cached_empty_form_follows_the_language(self, client):
        assert "اسم الشركة" in text(client.get(reverse("subscriptions:start")))
        client.cookies["muqeem_language"] = "en"
        page = text(client.get(reverse("subscriptions:start")))
        assert "Company name" in page
        assert "اسم الشركة" not in page

    def test_a_logged_in_user_gets_the_establishment_form_pre_filled(self, client):
        user = UserFactory(full_name="نورة عبدالرحمن", mobile="+966541234567")
        client.force_login(user)
        page = text(client.get(reverse("subscriptions:start")))
        assert "نورة عبدالرحمن" in page
        assert user.national_id in page
        assert 'value="+966541234567"' in page
        assert 'name="unified_number"' in page
        assert 'name="national_id"' not in page
        assert 'action="/subscriptions/establishment/"' in page

    def test_the_establishment_form_needs_a_log_in(self, client):
        response = client.get(ESTABLISHMENT_URL)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


class TestIndividualRequest:
    def test_sending_shows_the_number_all_the_data_and_the_next_step(
        self, client, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INDIVIDUAL_URL, INDIVIDUAL)
        request = SubscriptionRequest.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("subscriptions:detail", args=[request.number])
        page = text(client.get(response.url))
        assert f'<bdi class="fw-bold">{request.number}</bdi>' in page
        for value in ["مؤسسة الريان للتجارة", "فهد سعد العتيبي", "1000000008", "الرياض"]:
            assert value in page
        assert "+966501234567" in page
        assert "fahad@example.com" in page
        assert "الخطوة التالية" in page
        assert "تم إرسال طلب الاشتراك." in page
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["fahad@example.com"]
        assert request.number in mailoutbox[0].body

    def test_a_rejected_form_keeps_what_was_typed_and_explains_in_arabic(self, client):
        response = client.post(INDIVIDUAL_URL, {**INDIVIDUAL, "mobile": "0521234567"})
        page = text(response)
        assert response.status_code == 200
        assert "أدخل رقم جوال سعوديًا صحيحًا" in page
        assert 'value="0521234567"' in page
        assert 'value="مؤسسة الريان للتجارة"' in page
        assert 'value="fahad@example.com"' in page
        assert '<option value="riyadh" selected>' in page
        assert not SubscriptionRequest.objects.exists()

    def test_a_duplicate_is_refused_without_its_number_or_anything_of_it(self, client):
        existing = IndividualRequestFactory(mobile="+966501234567")
        response = client.post(INDIVIDUAL_URL, INDIVIDUAL)
        page = text(response)
        assert response.status_code == 200
        assert "يوجد طلب اشتراك بهذه البيانات قيد المراجعة" in page
        for secret in (existing.number, existing.full_name, existing.company_name, existing.email):
            assert secret not in page
        assert 'value="مؤسسة الريان للتجارة"' in page  # what was typed is kept
        assert SubscriptionRequest.objects.count() == 1
        # The number goes to the address given in the pending request.
        notice = OutboundEmail.objects.get(template="subscriptions/already_pending")
        assert (notice.to, notice.context["number"]) == (existing.email, existing.number)

    def test_too_many_requests_from_one_address_are_refused(self, client, settings):
        settings.SUBSCRIPTIONS_SUBMIT_RATE = "2/h"
        for n in range(2):
            data = {
                **INDIVIDUAL,
                "national_id": f"200000000{6 if n == 0 else 0}",
                "mobile": f"05012345{60 + n}",
                "email": f"a{n}@example.com",
            }
            client.post(INDIVIDUAL_URL, data)
        response = client.post(
            INDIVIDUAL_URL, {**INDIVIDUAL, "mobile": "0509999999", "email": "z@example.com"}
        )
        assert response.status_code == 429
        assert "أُرسل عدد كبير من طلبات الاشتراك من عنوان شبكتك" in text(response)
        assert 'value="مؤسسة الريان للتجارة"' in text(response)
        assert not SubscriptionRequest.objects.filter(email="z@example.com").exists()

    def test_the_limit_counts_per_address(self, settings):
        settings.SUBSCRIPTIONS_SUBMIT_RATE = "1/h"
        Client(REMOTE_ADDR="10.0.0.1").post(INDIVIDUAL_URL, INDIVIDUAL)
        response = Client(REMOTE_ADDR="10.0.0.2").post(
            INDIVIDUAL_URL,
            {
                **INDIVIDUAL,
                "national_id": "2000000006",
                "mobile": "0551112223",
                "email": "b@example.com",
            },
        )
        assert response.status_code == 302
        assert SubscriptionRequest.objects.count() == 2

    def test_behind_a_proxy_the_limit_counts_the_real_client(self, settings):
        settings.SUBSCRIPTIONS_SUBMIT_RATE = "1/h"
        settings.TRUSTED_PROXY_HOPS = 1
        proxy = {"REMOTE_ADDR": "10.0.0.254"}
        Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").post(INDIVIDUAL_URL, INDIVIDUAL)
        other = {
            **INDIVIDUAL,
            "national_id": "2000000006",
            "mobile": "0551112223",
            "email": "b@example.com",
        }
        # Another client behind the same proxy is not blocked by the first one's request…
        response = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.9").post(INDIVIDUAL_URL, other)
        assert response.status_code == 302
        # …and the first cannot escape its limit by putting an address of its own in the header.
        spoofed = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
        assert spoofed.post(INDIVIDUAL_URL, {**other, "mobile": "0559998887"}).status_code == 429

    def test_a_database_fault_gives_a_clear_arabic_error_not_a_500(self, client, monkeypatch):
        def failing_queue(**kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(services, "email_queue", failing_queue)
        response = client.post(INDIVIDUAL_URL, INDIVIDUAL)
        assert response.status_code == 503
        assert "تعذّر حفظ طلبك بسبب خلل مؤقت" in text(response)
        assert 'value="مؤسسة الريان للتجارة"' in text(response)
        assert not SubscriptionRequest.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self):
        response = Client(enforce_csrf_checks=True).post(INDIVIDUAL_URL, INDIVIDUAL)
        assert response.status_code == 403
        assert not SubscriptionRequest.objects.exists()


class TestEstablishmentRequest:
    def test_a_logged_in_user_sends_it_and_sees_it_listed(self, client, user):
        client.force_login(user)
        response = client.post(ESTABLISHMENT_URL, ESTABLISHMENT)
        request = SubscriptionRequest.objects.get()
        assert response.status_code == 302
        assert request.requester == user
        assert request.unified_number == "7001234567"
        assert request.mobile == "+966531234567"
        page = text(client.get(reverse("subscriptions:start")))
        assert request.number in page
        assert "قيد المراجعة" in page

    def test_a_second_request_for_the_unified_number_does_not_name_the_first(self, client, user):
        existing = EstablishmentRequestFactory(unified_number="7001234567")
        client.force_login(user)
        page = text(client.post(ESTABLISHMENT_URL, ESTABLISHMENT))
        assert "يوجد طلب اشتراك بهذه البيانات قيد المراجعة" in page
        assert existing.number not in page
        notice = OutboundEmail.objects.get(template="subscriptions/already_pending")
        assert (notice.to, notice.context["number"]) == (existing.email, existing.number)

    def test_a_member_of_an_establishment_is_told_there_is_nothing_to_request(self, client):
        member = establishment_with_primary_user().primary_user
        client.force_login(member)
        page = text(client.get(ESTABLISHMENT_URL))
        assert "التي سبق تسجيلها" in page
        assert member.establishment.name in page
        assert 'name="unified_number"' not in page
        page = text(client.post(ESTABLISHMENT_URL, ESTABLISHMENT))
        assert not SubscriptionRequest.objects.exists()


class TestRequestDetail:
    def test_another_visitor_cannot_see_the_confirmation(self, client):
        client.post(INDIVIDUAL_URL, INDIVIDUAL)
        number = SubscriptionRequest.objects.get().number
        assert Client().get(reverse("subscriptions:detail", args=[number])).status_code == 404

    def test_the_requester_sees_their_request_from_another_browser(self, client, user):
        request = EstablishmentRequestFactory(requester=user)
        other_browser = Client()
        other_browser.force_login(user)
        url = reverse("subscriptions:detail", args=[request.number])
        assert other_browser.get(url).status_code == 200
        client.force_login(UserFactory())
        assert client.get(url).status_code == 404


class TestQueryCounts:
    """Each page's SQL is bounded: it must not grow with data (issue 5 measures these pages)."""

    def test_individual_form(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(0):
            client.get(reverse("subscriptions:start"))

    def test_individual_submission(self, client, django_assert_max_num_queries):
        # Account check, number counter (created on the year's first request), duplicate check,
        # insert, outbox row, session, and their savepoints.
        with django_assert_max_num_queries(14):
            assert client.post(INDIVIDUAL_URL, INDIVIDUAL).status_code == 302

    def test_establishment_form_with_many_past_requests(
        self, client, user, django_assert_max_num_queries
    ):
        EstablishmentRequestFactory.create_batch(15, requester=user)
        client.force_login(user)
        with django_assert_max_num_queries(4):
            client.get(reverse("subscriptions:start"))

    def test_confirmation_page(self, client, django_assert_max_num_queries):
        client.post(INDIVIDUAL_URL, INDIVIDUAL)
        url = reverse("subscriptions:detail", args=[SubscriptionRequest.objects.get().number])
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200

    def test_status_lookup(self, client, django_assert_max_num_queries):
        request = IndividualRequestFactory(mobile="+966501234567")
        with django_assert_max_num_queries(0):
            client.get(STATUS_URL)
        with django_assert_max_num_queries(1):
            client.post(STATUS_URL, {"number": request.number, "contact": "0501234567"})


def test_my_requests_on_the_establishment_form_show_a_decision_at_the_next_visit(
    client, user, officer, django_capture_on_commit_callbacks
):
    subscription_request = EstablishmentRequestFactory(requester=user)
    client.force_login(user)
    assert "قيد المراجعة" in client.get(ESTABLISHMENT_URL).content.decode()  # now in memory
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request_reject(
            subscription_request=subscription_request,
            decided_by=officer,
            reason="السجل التجاري المرفق منتهي الصلاحية.",
        )
    page = client.get(ESTABLISHMENT_URL).content.decode()
    assert "مرفوض" in page
    assert "قيد المراجعة" not in page


# -- Arabic that reads right ---------------------------------------------------------------------


def test_the_confirmation_gives_the_date_in_arabic_order_with_the_hijri_date(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    response = client.post(INDIVIDUAL_URL, INDIVIDUAL, follow=True)
    sent = SubscriptionRequest.objects.get()
    SubscriptionRequest.objects.filter(pk=sent.pk).update(
        created_at=datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Asia/Riyadh"))
    )
    page = text(client.get(response.redirect_chain[-1][0]))
    assert "2 ديسمبر 2026" in page
    assert "ديسمبر 2," not in page
    assert "22 جمادى الآخرة 1448 هـ" in page


def test_the_city_is_named_as_the_seed_names_it(client):
    page = client.get(INDIVIDUAL_URL).content.decode()
    assert "مدينة الفرع الرئيسي" in page
    assert "المركز" not in page
