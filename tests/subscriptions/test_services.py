import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from accounts.models import Establishment
from notifications.models import OutboundEmail
from subscriptions import services
from subscriptions.models import SubscriptionRequest
from subscriptions.tokens import activation_token_generator
from tests.factories import UserFactory, establishment_with_primary_user, national_id_with_checksum
from tests.notifications.mail import link_in
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def submit_individual(**overrides) -> SubscriptionRequest:
    data = {
        "company_name": "مؤسسة الريان للتجارة",
        "full_name": "فهد سعد العتيبي",
        "national_id": "1000000008",
        "city": "riyadh",
        "mobile": "+966501234567",
        "email": "fahad@example.com",
        "language": "ar",
    }
    data.update(overrides)
    return services.subscription_request_submit_individual(**data)


def submit_establishment(requester, **overrides) -> SubscriptionRequest:
    data = {
        "company_name": "شركة الأفق",
        "city": "dammam",
        "mobile": "+966531234567",
        "email": "info@ufuq.example",
        "unified_number": "7001234567",
        "language": "ar",
    }
    data.update(overrides)
    return services.subscription_request_submit_establishment(requester=requester, **data)


def error_text(exc: pytest.ExceptionInfo, field: str) -> str:
    with translation.override("ar"):
        return " ".join(exc.value.message_dict[field])


def refusal_text(exc: pytest.ExceptionInfo) -> str:
    with translation.override("ar"):
        return " ".join(exc.value.messages)


UNDER_REVIEW = "يوجد طلب اشتراك بهذه البيانات قيد المراجعة"


def notices(to: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=to, template="subscriptions/already_pending"))


class TestRequestNumbers:
    def test_numbers_are_readable_and_count_up_within_the_year(self):
        first = submit_individual()
        second = submit_individual(
            national_id="2000000006", mobile="+966551112223", email="other@example.com"
        )
        year = timezone.localtime().year
        assert re.fullmatch(rf"SUB-{year}-\d{{6}}", first.number)
        assert int(second.number[-6:]) == int(first.number[-6:]) + 1

    def test_a_new_year_starts_a_new_series(self):
        next_year = timezone.now() + datetime.timedelta(days=366)
        assert services.subscription_number_next().endswith("-000001")
        assert services.subscription_number_next(now=next_year).endswith("-000001")
        assert services.subscription_number_next().endswith("-000002")

    def test_databases_without_returning_count_the_same_way(self, monkeypatch):
        monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
        assert services.subscription_number_next().endswith("-000001")
        assert services.subscription_number_next().endswith("-000002")


class TestSubmitIndividual:
    def test_stores_a_pending_request_and_queues_the_acknowledgement(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request = submit_individual(email="Fahad@Example.com")
        assert request.status == SubscriptionRequest.Status.PENDING
        assert request.email == "fahad@example.com"
        queued = OutboundEmail.objects.get(template="subscriptions/received")
        assert queued.to == "fahad@example.com"
        assert queued.context["number"] == request.number
        assert len(mailoutbox) == 1
        assert request.number in mailoutbox[0].subject
        assert "تم استلام" in mailoutbox[0].subject

    def test_a_second_request_with_the_same_mobile_is_refused_without_naming_the_first(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        first = submit_individual()
        with (
            pytest.raises(ValidationError) as exc,
            django_capture_on_commit_callbacks(execute=True),
        ):
            submit_individual(national_id="2000000006", email="stranger@example.com")
        assert UNDER_REVIEW in refusal_text(exc)
        assert first.number not in refusal_text(exc)
        assert SubscriptionRequest.objects.count() == 1
        # Its number goes to the address given in the first request, and to no one else.
        [notice] = mailoutbox
        assert notice.to == ["fahad@example.com"]
        assert first.number in notice.subject and first.number in notice.body
        assert "/subscriptions/status/" in notice.body

    def test_the_same_email_in_other_case_is_a_duplicate(self):
        first = submit_individual()
        with pytest.raises(ValidationError) as exc:
            submit_individual(
                national_id="2000000006", mobile="+966551112223", email="FAHAD@example.com"
            )
        assert UNDER_REVIEW in refusal_text(exc)
        assert [n.context["number"] for n in notices("fahad@example.com")] == [first.number]

    def test_the_owner_of_a_pending_request_is_told_at_most_once_an_hour(self):
        first = submit_individual()
        for attempt in range(3):
            with pytest.raises(ValidationError):
                submit_individual(national_id="2000000006", email=f"try{attempt}@example.com")
        assert len(notices("fahad@example.com")) == 1
        OutboundEmail.objects.update(created_at=timezone.now() - services.NOTICE_INTERVAL)
        with pytest.raises(ValidationError):
            submit_individual(national_id="2000000006", email="later@example.com")
        assert len(notices(first.email)) == 2

    def test_a_decided_request_does_not_block_a_new_one(self):
        IndividualRequestFactory(mobile="+966501234567", status=SubscriptionRequest.Status.REJECTED)
        assert submit_individual().is_pending

    def test_someone_with_an_account_is_told_to_log_in_and_the_account_is_told_too(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        account = UserFactory(national_id="1000000008", email="owner@example.com")
        with (
            pytest.raises(ValidationError) as exc,
            django_capture_on_commit_callbacks(execute=True),
        ):
            submit_individual(email="stranger@example.com")
        assert "يوجد حساب بهذه البيانات" in refusal_text(exc)
        assert account.username not in refusal_text(exc)
        [notice] = mailoutbox
        assert notice.to == ["owner@example.com"]
        assert account.username in notice.body
        assert "/accounts/password/reset/" in notice.body
        assert not SubscriptionRequest.objects.exists()

    def test_the_database_refuses_a_duplicate_the_check_missed(self, monkeypatch):
        first = submit_individual()
        real_check = services._pending_duplicates
        calls = []

        def check_that_misses_once(**kwargs):
            calls.append(kwargs)
            return [] if len(calls) == 1 else real_check(**kwargs)

        monkeypatch.setattr(services, "_pending_duplicates", check_that_misses_once)
        with pytest.raises(ValidationError) as exc:
            submit_individual(national_id="2000000006", mobile="+966551112223")
        assert UNDER_REVIEW in refusal_text(exc)
        assert [n.context["number"] for n in notices(first.email)] == [first.number]
        assert SubscriptionRequest.objects.count() == 1

    def test_a_refused_duplicate_does_not_use_up_a_number(self):
        first = submit_individual()
        with pytest.raises(ValidationError):
            submit_individual(national_id="2000000006")
        third = submit_individual(
            national_id="2000000006", mobile="+966551112223", email="third@example.com"
        )
        assert int(third.number[-6:]) == int(first.number[-6:]) + 1


class TestSubmitEstablishment:
    def test_the_requester_data_comes_from_the_account(self, user):
        request = submit_establishment(user)
        assert request.kind == SubscriptionRequest.Kind.ESTABLISHMENT
        assert request.requester == user
        assert request.full_name == user.full_name
        assert request.national_id == user.national_id

    def test_a_second_pending_request_for_the_unified_number_is_refused(self, user):
        first = submit_establishment(user)
        with pytest.raises(ValidationError) as exc:
            submit_establishment(UserFactory(), mobile="+966551112223", email="other@example.com")
        assert UNDER_REVIEW in refusal_text(exc)
        assert first.number not in refusal_text(exc)
        assert [n.context["number"] for n in notices(first.email)] == [first.number]

    def test_a_registered_unified_number_is_refused(self, user):
        establishment_with_primary_user()
        registered = Establishment.objects.get().unified_number
        with pytest.raises(ValidationError) as exc:
            submit_establishment(user, unified_number=registered)
        assert "مسجلة" in error_text(exc, "unified_number")

    def test_a_user_already_in_an_establishment_cannot_request_another(self):
        member = establishment_with_primary_user().primary_user
        with pytest.raises(ValidationError) as exc, translation.override("ar"):
            submit_establishment(member)
        with translation.override("ar"):
            assert "تنتمي" in exc.value.messages[0]


class TestApprove:
    def test_an_individual_gets_an_inactive_account_and_an_activation_link(
        self, officer, django_capture_on_commit_callbacks, mailoutbox
    ):
        request = IndividualRequestFactory(national_id=national_id_with_checksum("100000123"))
        with django_capture_on_commit_callbacks(execute=True):
            approved = services.subscription_request_approve(
                subscription_request=request, decided_by=officer
            )
        user = User.objects.get(national_id=request.national_id)
        assert user.username == request.national_id
        assert (user.full_name, user.mobile, user.email) == (
            request.full_name,
            request.mobile,
            request.email,
        )
        assert not user.is_active
        assert not user.has_usable_password()
        assert approved.status == SubscriptionRequest.Status.APPROVED
        assert approved.decided_by == officer
        assert approved.decided_at is not None
        assert approved.user == user
        path = link_in(mailoutbox[0].body, "/subscriptions/activate/")
        token = path.rstrip("/").rsplit("/", 1)[-1]
        assert activation_token_generator.check_token(user, token)

    def test_an_establishment_is_created_with_the_requester_as_primary_user(self, officer):
        request = EstablishmentRequestFactory()
        services.subscription_request_approve(subscription_request=request, decided_by=officer)
        establishment = Establishment.objects.get(unified_number=request.unified_number)
        requester = User.objects.get(pk=request.requester_id)
        assert establishment.name == request.company_name
        assert establishment.city == request.city
        assert establishment.primary_user == requester
        assert requester.establishment == establishment
        assert requester.is_establishment_primary
        assert OutboundEmail.objects.filter(
            template="subscriptions/approved_establishment"
        ).exists()

    def test_a_decided_request_cannot_be_decided_again(self, officer):
        request = IndividualRequestFactory()
        services.subscription_request_approve(subscription_request=request, decided_by=officer)
        with pytest.raises(ValidationError):
            services.subscription_request_reject(
                subscription_request=request, decided_by=officer, reason="سبب"
            )
        assert User.objects.filter(national_id=request.national_id).count() == 1

    def test_approval_refuses_when_the_account_appeared_meanwhile(self, officer):
        request = IndividualRequestFactory()
        UserFactory(national_id=request.national_id)
        with pytest.raises(ValidationError):
            services.subscription_request_approve(subscription_request=request, decided_by=officer)
        request.refresh_from_db()
        assert request.is_pending

    def test_approval_refuses_when_the_requester_joined_an_establishment_meanwhile(self, officer):
        request = EstablishmentRequestFactory()
        other = establishment_with_primary_user()
        User.objects.filter(pk=request.requester_id).update(establishment=other)
        with pytest.raises(ValidationError):
            services.subscription_request_approve(subscription_request=request, decided_by=officer)
        assert not Establishment.objects.filter(unified_number=request.unified_number).exists()
        request.refresh_from_db()
        assert request.is_pending


class TestReject:
    def test_the_reason_is_kept_and_e_mailed(self, officer, django_capture_on_commit_callbacks):
        request = IndividualRequestFactory()
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_request_reject(
                subscription_request=request, decided_by=officer, reason="  السجل التجاري منتهي  "
            )
        request.refresh_from_db()
        assert request.status == SubscriptionRequest.Status.REJECTED
        assert request.rejection_reason == "السجل التجاري منتهي"
        assert request.decided_by == officer
        email = OutboundEmail.objects.get(template="subscriptions/rejected")
        assert email.context["reason"] == "السجل التجاري منتهي"
        assert email.status == OutboundEmail.Status.SENT

    def test_a_reason_is_required(self, officer):
        request = IndividualRequestFactory()
        with pytest.raises(ValidationError):
            services.subscription_request_reject(
                subscription_request=request, decided_by=officer, reason="   "
            )
        request.refresh_from_db()
        assert request.is_pending


class TestActivate:
    def test_activation_sets_the_password_and_invalidates_the_token(self, officer):
        request = IndividualRequestFactory()
        services.subscription_request_approve(subscription_request=request, decided_by=officer)
        user = User.objects.get(national_id=request.national_id)
        token = activation_token_generator.make_token(user)
        services.account_activate(user=user, password="Sahm-2026-Najd")
        user.refresh_from_db()
        assert user.is_active
        assert user.check_password("Sahm-2026-Najd")
        assert not activation_token_generator.check_token(user, token)


class TestNothingTypedIsMailedToAnUnverifiedAddress:
    """Whoever fills in the form chooses the address: the e-mails it causes carry the number and
    the directorate's own words, never the applicant's text (the form must not relay phishing)."""

    PHISHING = "تم إيقاف حسابك، حدّث بياناتك فورًا على http://evil.example/login"

    def parts(self, message) -> list[str]:
        return [message.subject, message.body, message.alternatives[0][0]]

    def test_the_acknowledgement(self, django_capture_on_commit_callbacks, mailoutbox):
        with django_capture_on_commit_callbacks(execute=True):
            request = submit_individual(
                company_name=self.PHISHING, full_name="فهد evil.example", email="victim@example.com"
            )
        [sent] = mailoutbox
        assert sent.to == ["victim@example.com"]
        assert request.number in sent.subject and request.number in sent.body
        for part in self.parts(sent):
            assert "evil.example" not in part
            assert "فهد" not in part

    def test_the_decisions(self, officer, user, django_capture_on_commit_callbacks, mailoutbox):
        rejected = IndividualRequestFactory(company_name=self.PHISHING, full_name="evil.example")
        approved = EstablishmentRequestFactory(
            requester=user, company_name=self.PHISHING, full_name="evil.example"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_request_reject(
                subscription_request=rejected, decided_by=officer, reason="السجل التجاري منتهٍ."
            )
            services.subscription_request_approve(subscription_request=approved, decided_by=officer)
        assert len(mailoutbox) == 2
        for sent in mailoutbox:
            for part in self.parts(sent):
                assert "evil.example" not in part
        assert "السجل التجاري منتهٍ." in mailoutbox[0].body  # the officer's words do go out
