import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Establishment
from notifications.models import OutboundEmail
from subscriptions.models import SubscriptionRequest
from tests.factories import UserFactory, verified_login
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
CHANGELIST = reverse("admin:subscriptions_subscriptionrequest_changelist")


def act(client, action: str, requests, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in requests], **extra},
        follow=True,
    )


class TestWhoSeesWhat:
    def test_officers_see_the_list_with_the_decision_actions(self, officer_client):
        IndividualRequestFactory()
        page = officer_client.get(CHANGELIST).content.decode()
        assert "قبول الطلبات المحددة" in page
        assert "رفض الطلبات المحددة" in page
        assert "delete_selected" not in page

    def test_staff_outside_the_group_may_look_but_not_decide(self, client):
        clerk = UserFactory(is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_subscriptionrequest"))
        verified_login(client, clerk)
        request = IndividualRequestFactory()
        page = client.get(CHANGELIST).content.decode()
        assert request.number in page
        assert "قبول الطلبات المحددة" not in page
        act(client, "approve_selected", [request])
        request.refresh_from_db()
        assert request.is_pending
        assert not User.objects.filter(national_id=request.national_id).exists()

    def test_superusers_may_decide(self, client):
        verified_login(client, UserFactory(is_staff=True, is_superuser=True))
        request = IndividualRequestFactory()
        act(client, "approve_selected", [request])
        request.refresh_from_db()
        assert request.status == SubscriptionRequest.Status.APPROVED

    def test_requests_cannot_be_edited_or_added(self, officer_client):
        request = IndividualRequestFactory()
        change_url = reverse("admin:subscriptions_subscriptionrequest_change", args=[request.pk])
        page = officer_client.get(change_url).content.decode()
        assert request.company_name in page
        assert 'name="company_name"' not in page
        add_url = reverse("admin:subscriptions_subscriptionrequest_add")
        assert officer_client.get(add_url).status_code == 403


class TestListing:
    def test_filters_and_search(self, officer_client):
        riyadh = IndividualRequestFactory(city="riyadh", company_name="مؤسسة الرياض الأولى")
        jeddah = EstablishmentRequestFactory(city="jeddah", unified_number="7007654321")
        page = officer_client.get(CHANGELIST, {"city": "riyadh"}).content.decode()
        assert riyadh.number in page and jeddah.number not in page
        page = officer_client.get(CHANGELIST, {"kind": "establishment"}).content.decode()
        assert jeddah.number in page and riyadh.number not in page
        page = officer_client.get(CHANGELIST, {"status": "pending"}).content.decode()
        assert jeddah.number in page and riyadh.number in page
        for term in [riyadh.number, "الرياض الأولى", riyadh.email, "7007654321"]:
            page = officer_client.get(CHANGELIST, {"q": term}).content.decode()
            assert (riyadh.number in page) != (jeddah.number in page), term

    def test_search_finds_a_mobile_typed_the_local_way(self, officer_client):
        request = IndividualRequestFactory(mobile="+966501234567")
        other = IndividualRequestFactory()
        page = officer_client.get(CHANGELIST, {"q": "0501234567"}).content.decode()
        assert request.number in page
        assert other.number not in page

    def test_the_list_has_a_bounded_number_of_queries(self, officer_client, queries_of):
        def decided(count):
            for request in IndividualRequestFactory.create_batch(count):
                # Each by another officer: a query per row would show.
                request.decided_by = UserFactory(is_staff=True)
                request.status = SubscriptionRequest.Status.REJECTED
                request.save()

        decided(2)
        assert officer_client.get(CHANGELIST).status_code == 200
        few = queries_of(lambda: officer_client.get(CHANGELIST))
        decided(30)
        # Session, the officer's own row (privileges from the database), second-factor device,
        # permissions (2), the role (2), the count, one page with who decided each request.
        assert queries_of(lambda: officer_client.get(CHANGELIST)) == few <= 9


class TestDecisions:
    def test_approving_creates_the_account_and_records_who_and_when(
        self, officer_client, officer, django_capture_on_commit_callbacks, mailoutbox
    ):
        request = IndividualRequestFactory()
        with django_capture_on_commit_callbacks(execute=True):
            page = act(officer_client, "approve_selected", [request]).content.decode()
        assert "تم قبول 1" in page
        request.refresh_from_db()
        assert request.status == SubscriptionRequest.Status.APPROVED
        assert request.decided_by == officer
        assert User.objects.get(national_id=request.national_id).is_active is False
        assert "/subscriptions/activate/" in mailoutbox[0].body
        detail = officer_client.get(
            reverse("admin:subscriptions_subscriptionrequest_change", args=[request.pk])
        ).content.decode()
        assert officer.full_name in detail

    def test_approving_an_establishment_makes_the_requester_primary_user(self, officer_client):
        request = EstablishmentRequestFactory()
        act(officer_client, "approve_selected", [request])
        establishment = Establishment.objects.get(unified_number=request.unified_number)
        assert establishment.primary_user_id == request.requester_id

    def test_rejecting_asks_for_a_reason_first(self, officer_client, officer):
        first, second = IndividualRequestFactory.create_batch(2)
        page = act(officer_client, "reject_selected", [first, second]).content.decode()
        assert "سبب الرفض" in page
        assert first.number in page and second.number in page
        first.refresh_from_db()
        assert first.is_pending

        page = act(officer_client, "reject_selected", [first, second], apply="1", reason="")
        assert "أدخل سبب الرفض" in page.content.decode()
        first.refresh_from_db()
        assert first.is_pending

        page = act(
            officer_client,
            "reject_selected",
            [first, second],
            apply="1",
            reason="الرقم الوطني الموحد لا يطابق اسم الشركة",
        ).content.decode()
        assert "تم رفض 2" in page
        for request in (first, second):
            request.refresh_from_db()
            assert request.status == SubscriptionRequest.Status.REJECTED
            assert request.rejection_reason == "الرقم الوطني الموحد لا يطابق اسم الشركة"
            assert request.decided_by == officer
        assert OutboundEmail.objects.filter(template="subscriptions/rejected").count() == 2

    def test_the_request_page_has_the_decision_buttons_for_officers_only(
        self, officer_client, client
    ):
        request = IndividualRequestFactory()
        url = reverse("admin:subscriptions_subscriptionrequest_change", args=[request.pk])
        page = officer_client.get(url).content.decode()
        assert 'value="قبول الطلب"' in page
        assert 'value="رفض الطلب"' in page
        clerk = UserFactory(is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_subscriptionrequest"))
        verified_login(client, clerk)
        assert 'value="قبول الطلب"' not in client.get(url).content.decode()

    def test_a_decided_request_is_left_alone(self, officer_client):
        request = IndividualRequestFactory(status=SubscriptionRequest.Status.REJECTED)
        page = act(officer_client, "approve_selected", [request]).content.decode()
        assert "طلبات سبق البت فيها بقيت كما هي: 1" in page
        request.refresh_from_db()
        assert request.status == SubscriptionRequest.Status.REJECTED
