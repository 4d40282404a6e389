"""Activating the account an approved request made: the e-mailed link sets the password once;
every other link is refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.http import urlsafe_base64_encode

from notifications import services as notifications_services
from notifications.models import OutboundEmail
from subscriptions import services
from subscriptions.tokens import activation_token_generator
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.notifications.mail import link_in
from tests.subscriptions.factories import IndividualRequestFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def text(response) -> str:
    return response.content.decode()


class TestActivation:
    @pytest.fixture
    def activation_path(self, officer, django_capture_on_commit_callbacks, mailoutbox):
        request = IndividualRequestFactory(national_id="1000000008")
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_request_approve(subscription_request=request, decided_by=officer)
        return link_in(mailoutbox[-1].body, "/subscriptions/activate/")

    def test_the_link_sets_the_password_and_the_user_can_log_in(self, client, activation_path):
        form_page = client.get(activation_path, follow=True)
        assert "اختر كلمة المرور لحسابك" in text(form_page)
        set_password_url = form_page.redirect_chain[-1][0]
        response = client.post(
            set_password_url, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == reverse("accounts:login")
        assert "تم تفعيل حسابك" in text(client.get(response.url))
        user = User.objects.get(username="1000000008")
        assert user.is_active
        logged_in = Client().post(
            reverse("accounts:login"), {"username": "1000000008", "password": DEMO_PASSWORD}
        )
        assert logged_in.status_code == 302

    def test_the_link_works_only_once(self, client, activation_path):
        set_password_url = client.get(activation_path, follow=True).redirect_chain[-1][0]
        client.post(
            set_password_url, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}
        )
        again = Client().get(activation_path, follow=True)
        assert "رابط التفعيل هذا غير صالح" in text(again)

    def test_password_errors_are_in_arabic_and_nothing_changes(self, client, activation_path):
        set_password_url = client.get(activation_path, follow=True).redirect_chain[-1][0]
        page = text(
            client.post(set_password_url, {"new_password1": DEMO_PASSWORD, "new_password2": "x"})
        )
        assert "حقلا كلمة المرور غير متطابقين." in page
        assert not User.objects.get(username="1000000008").is_active

    def test_a_password_reset_token_does_not_activate(self, client, activation_path):
        user = User.objects.get(username="1000000008")
        reset_token = default_token_generator.make_token(user)
        forged = activation_path.rsplit("/", 2)[0] + f"/{reset_token}/"
        assert "رابط التفعيل هذا غير صالح" in text(client.get(forged, follow=True))

    def test_a_forged_link_is_refused(self, client, activation_path):
        forged = activation_path.rsplit("/", 2)[0] + "/abc-123/"
        assert "رابط التفعيل هذا غير صالح" in text(client.get(forged, follow=True))

    def test_an_approval_e_mail_delivered_after_the_account_was_activated_carries_no_link(
        self, officer, mailoutbox
    ):
        # The link is made when the e-mail is sent. Staff activated the account by hand while the
        # e-mail waited (SMTP down): sent now, it must not reopen the account.
        request = IndividualRequestFactory(national_id="1000000008")
        services.subscription_request_approve(subscription_request=request, decided_by=officer)
        user = User.objects.get(username="1000000008")
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        email = OutboundEmail.objects.get(template="subscriptions/approved_activate")
        notifications_services.email_deliver(email_id=email.pk)
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.FAILED
        assert "LinkUnavailable" in email.last_error
        assert mailoutbox == []

    def test_an_activation_token_made_for_an_active_account_is_refused(self, client):
        user = UserFactory(username="1000000008", national_id="1000000008")
        token = activation_token_generator.make_token(user)
        path = reverse(
            "subscriptions:activate", args=[urlsafe_base64_encode(b"%d" % user.pk), token]
        )
        assert "رابط التفعيل هذا غير صالح" in text(client.get(path, follow=True))
