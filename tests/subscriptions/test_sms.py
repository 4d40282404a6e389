"""The applicant of a subscription request gets an SMS beside each e-mail: received, decided."""

import pytest

from notifications.models import OutboundEmail, OutboundSms
from subscriptions import services
from tests.subscriptions.test_services import submit_individual

pytestmark = pytest.mark.django_db


def test_a_new_request_texts_its_number_to_the_mobile(
    sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = submit_individual()
    assert OutboundEmail.objects.count() == OutboundSms.objects.count() == 1
    (message,) = sms_outbox
    assert message.to == "+966501234567"
    assert message.body == (
        f"مقيم تواصل: استلمنا طلب اشتراكك {sent.number}. تابع حالته برقمه في صفحة الاستعلام."
    )


@pytest.mark.parametrize(
    ("decide", "words"),
    [
        (
            lambda r, officer: services.subscription_request_approve(
                subscription_request=r, decided_by=officer
            ),
            "قُبل طلب اشتراكك",
        ),
        (
            lambda r, officer: services.subscription_request_reject(
                subscription_request=r, decided_by=officer, reason="بيانات ناقصة"
            ),
            "لم يُقبل طلب اشتراكك",
        ),
    ],
)
def test_the_decision_is_texted_without_a_link(
    sms_outbox, django_capture_on_commit_callbacks, officer, decide, words
):
    sent = submit_individual()
    with django_capture_on_commit_callbacks(execute=True):
        decide(sent, officer)
    (message,) = sms_outbox
    assert words in message.body and sent.number in message.body
    assert "http" not in message.body and "/" not in message.body
