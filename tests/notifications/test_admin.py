"""Staff watch the outbox in the admin (in Arabic): what waits, what is late, what failed and why,
and they can send failed e-mails again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from tests.factories import UserFactory, verified_login
from tests.notifications.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_outboundemail_changelist")


@pytest.fixture
def staff_client(client):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_outbox_lists_emails_with_their_state_and_last_error(staff_client):
    OutboundEmailFactory(to="sent@example.com", status=OutboundEmail.Status.SENT)
    OutboundEmailFactory(
        to="failing@example.com",
        attempts=3,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )

    page = staff_client.get(CHANGELIST).content.decode()

    assert "رسائل البريد الصادرة" in page
    assert "sent@example.com" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert "مُرسلة" in page and "قيد الانتظار" in page


def test_the_health_line_counts_pending_overdue_and_failed(staff_client, settings):
    settings.NOTIFICATIONS_RESEND_AFTER = timedelta(minutes=2)
    OutboundEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=10))
    OutboundEmailFactory()
    OutboundEmailFactory(status=OutboundEmail.Status.FAILED)
    OutboundEmailFactory(status=OutboundEmail.Status.SENT)

    page = staff_client.get(CHANGELIST).content.decode()

    assert "قيد الانتظار: <bdi>2</bdi> · متأخرة: <bdi>1</bdi> · فشلت: <bdi>1</bdi>" in page
    assert "أقدم رسالة قيد الانتظار تنتظر منذ" in page


def test_the_overdue_filter_shows_only_emails_the_sweep_should_have_sent(staff_client):
    OutboundEmailFactory(
        to="stuck@example.com", next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    OutboundEmailFactory(to="fresh@example.com")

    page = staff_client.get(CHANGELIST, {"delivery": "overdue"}).content.decode()

    assert "stuck@example.com" in page
    assert "fresh@example.com" not in page


def test_send_again_requeues_failed_emails_and_leaves_sent_ones_alone(
    staff_client, django_capture_on_commit_callbacks
):
    failed = OutboundEmailFactory(
        to="failed@example.com", status=OutboundEmail.Status.FAILED, attempts=8
    )
    sent = OutboundEmailFactory(to="sent@example.com", status=OutboundEmail.Status.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST,
            {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "أُضيفت رسالة واحدة إلى قائمة الإرسال مجددًا." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["failed@example.com"]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboundEmail.Status.SENT, 1)
    sent.refresh_from_db()
    assert sent.attempts == 0


def test_the_outbox_is_read_only(staff_client):
    email = OutboundEmailFactory()
    assert staff_client.get(reverse("admin:notifications_outboundemail_add")).status_code == 403
    change = staff_client.get(reverse("admin:notifications_outboundemail_change", args=[email.pk]))
    assert change.status_code == 200
    assert 'name="to"' not in change.content.decode()
    delete = reverse("admin:notifications_outboundemail_delete", args=[email.pk])
    assert staff_client.get(delete).status_code == 403


def test_a_resident_cannot_see_the_outbox(client):
    client.force_login(UserFactory())
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.mark.parametrize("rows", [1, 60])
def test_the_changelist_query_count_does_not_grow_with_the_outbox(
    staff_client, django_assert_max_num_queries, rows
):
    OutboundEmailFactory.create_batch(rows, last_error="SMTPServerDisconnected")
    # 9: one is the session's second-factor device, read by django-otp on every staff request.
    with django_assert_max_num_queries(9):
        response = staff_client.get(CHANGELIST)
    assert response.status_code == 200


@pytest.mark.parametrize("term", ["failed@example", "not-a-uuid"])
def test_staff_can_search_by_address_or_message_id(staff_client, term):
    email = OutboundEmailFactory(to="failed@example.com")
    OutboundEmailFactory(to="other@example.com")

    by_address = staff_client.get(CHANGELIST, {"q": term}).content.decode()
    by_message_id = staff_client.get(CHANGELIST, {"q": email.message_id}).content.decode()

    assert "other@example.com" not in by_address
    assert ("failed@example.com" in by_address) is (term == "failed@example")
    assert "failed@example.com" in by_message_id
    assert "other@example.com" not in by_message_id
