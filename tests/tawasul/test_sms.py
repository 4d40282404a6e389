"""The requester gets an SMS beside each e-mail: received, status changed, reply."""

import pytest

from notifications.models import OutboundEmail, OutboundSms
from tawasul import services
from tawasul.models import TawasulRequest

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status


@pytest.fixture
def with_mobile(applicant):
    applicant.mobile = "+966501234567"
    applicant.save(update_fields=["mobile"])
    return applicant


def test_each_event_is_texted_once_to_the_requesters_mobile(
    with_mobile, sent_request, agent, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tawasul_request = sent_request()
        services.request_change_status(
            tawasul_request=tawasul_request, to_status=Status.UNDER_PROCESSING, changed_by=agent
        )
        services.reply_create_by_staff(
            tawasul_request=tawasul_request, author=agent, body="نراجع طلبك الآن."
        )
    number = tawasul_request.number
    assert [m.body for m in sms_outbox] == [
        f"مقيم تواصل: استلمنا طلبك {number}، وسنوافيك بالرد عبر البريد والرسائل النصية.",
        f"مقيم تواصل: أصبحت حالة طلبك {number} «تحت المعالجة». التفاصيل في صفحة الطلب.",
        f"مقيم تواصل: وصل رد جديد على طلبك {number}. اقرأه في صفحة الطلب.",
    ]
    assert {m.to for m in sms_outbox} == {"+966501234567"}
    # One outbox row per channel and event.
    assert OutboundSms.objects.count() == OutboundEmail.objects.count() == 3


def test_a_requester_without_a_mobile_gets_the_e_mail_only(applicant, sent_request, sms_outbox):
    applicant.mobile = ""
    applicant.save(update_fields=["mobile"])
    sent_request()
    assert not OutboundSms.objects.exists()
    assert OutboundEmail.objects.count() == 1
