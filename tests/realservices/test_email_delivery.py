"""E-mail delivery end to end: the site, PostgreSQL, Redis, a real Celery worker and a real SMTP
server on loopback. Faults: broker unreachable at commit time, SMTP down, worker killed while
sending, Redis restarted. After each, every e-mail arrives exactly once (counted by Message-ID).

The worker runs with test timings (muqeem/settings/test.py): retries after 0.5, 1, 2, 2 … seconds,
and the sweep (embedded beat, every second) picks up e-mails overdue by 2 seconds.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import EmailChange
from notifications.models import OutboundEmail
from notifications.services import email_queue
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]

RESET_SUBJECT_AR = "إعادة تعيين كلمة المرور في مقيم تواصل"
TEST_SUBJECT_AR = "مقيم تواصل: رسالة تجريبية"
# Long enough for the sweep (every second, 2 s grace) to have sent a duplicate, were there one.
SETTLE = 3.0


def queue_test_email(to: str = "resident@example.com") -> OutboundEmail:
    with transaction.atomic():
        return email_queue(
            to=to,
            template="notifications/test_message",
            context={"requested_by": "pytest"},
            language="ar",
        )


def assert_delivered_exactly_once(smtp_server, emails: list[OutboundEmail]) -> None:
    time.sleep(SETTLE)
    counts = smtp_server.count_by_message_id()
    assert {email.message_id: counts[email.message_id] for email in emails} == {
        email.message_id: 1 for email in emails
    }
    assert sum(counts.values()) == len(emails)
    statuses = set(
        OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).values_list("status", flat=True)
    )
    assert statuses == {OutboundEmail.Status.SENT}


def request_password_reset(client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_a_password_reset_requested_on_the_site_arrives_in_arabic(
    client, celery_worker_process, smtp_server, wait_until
):
    user = UserFactory(email="layla@example.com", preferred_language="ar")

    response = request_password_reset(client, "layla@example.com")

    assert response.status_code == 302
    # The worker looks the address up and queues the e-mail (accounts.tasks).
    email = wait_until(OutboundEmail.objects.first, message="the reset e-mail queued")
    received = smtp_server.wait_for_message_id(email.message_id)
    assert received.subject == RESET_SUBJECT_AR
    assert received.rcpt_tos == ["layla@example.com"]
    assert user.full_name in received.text
    assert "/accounts/password/reset/" in received.text
    assert 'dir="rtl"' in received.html
    assert received.headers["Content-Language"] == "ar"
    assert_delivered_exactly_once(smtp_server, [email])


def test_with_the_broker_unreachable_the_reset_still_arrives_once_it_is_back(
    client, celery_worker_process, smtp_server, broker_unreachable
):
    UserFactory(email="layla@example.com", preferred_language="ar")
    client.get(reverse("accounts:password_reset"))  # warm up: URLs, templates, catalogues

    with broker_unreachable():
        started = time.monotonic()
        response = request_password_reset(client, "layla@example.com")
        elapsed = time.monotonic() - started
        email = OutboundEmail.objects.get()
        assert email.status == OutboundEmail.Status.PENDING

    # The user saw the usual page, quickly: the publish failed fast and the row waits.
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    print(f"broker refused: request {elapsed:.3f}s")
    assert elapsed < 1.0, f"the request took {elapsed:.2f}s with the broker down"
    # The broker is back: the sweep enqueues it again and the worker delivers it.
    received = smtp_server.wait_for_message_id(email.message_id, timeout=30)
    assert received.subject == RESET_SUBJECT_AR
    assert_delivered_exactly_once(smtp_server, [email])


def test_a_hung_broker_delays_one_request_by_seconds_and_the_next_not_at_all(
    client, celery_worker_process, smtp_server, broker_unreachable, settings
):
    settings.NOTIFICATIONS_BROKER_PAUSE = timedelta(seconds=30)  # as in production: 10 s
    UserFactory(email="layla@example.com", preferred_language="ar")
    UserFactory(email="john@example.com", preferred_language="en")

    client.get(reverse("accounts:password_reset"))  # warm up: URLs, templates, catalogues
    with broker_unreachable(hung=True):
        timings = []
        for address in ("layla@example.com", "john@example.com"):
            started = time.monotonic()
            response = request_password_reset(client, address)
            timings.append(time.monotonic() - started)
            assert response.status_code == 302

    first, second = timings
    print(f"hung broker: first request {first:.3f}s, second {second:.3f}s")
    assert first < 5, f"the first request took {first:.2f}s with the broker hung"
    assert second < 1, f"the second request took {second:.2f}s: it should not wait on the broker"
    emails = list(OutboundEmail.objects.all())
    for email in emails:
        smtp_server.wait_for_message_id(email.message_id, timeout=30)
    assert_delivered_exactly_once(smtp_server, emails)


def test_a_task_delivered_three_times_by_the_broker_sends_once(celery_worker_process, smtp_server):
    from notifications.tasks import deliver_email

    smtp_server.delay_rcpt(0.5)  # the copies arrive while the first is still being sent
    email = queue_test_email()
    for _ in range(2):
        deliver_email.delay(email.pk)

    smtp_server.wait_for_message_id(email.message_id)
    assert_delivered_exactly_once(smtp_server, [email])
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 1


def test_a_busy_worker_keeps_its_smtp_connection_open(celery_worker_process, smtp_server):
    emails = [queue_test_email(f"resident{n}@example.com") for n in range(5)]

    smtp_server.wait_for(5)

    assert smtp_server.connections <= 2  # not one per e-mail
    assert_delivered_exactly_once(smtp_server, emails)


def test_smtp_server_down_then_back_delivers_once_after_retries(
    celery_worker_process, smtp_server, wait_until
):
    smtp_server.stop()

    email = queue_test_email()

    wait_until(
        lambda: OutboundEmail.objects.get(pk=email.pk).attempts >= 2,
        timeout=15,
        message="two failed attempts while the SMTP server is down",
    )
    failing = OutboundEmail.objects.get(pk=email.pk)
    assert failing.status == OutboundEmail.Status.PENDING
    assert "Connection refused" in failing.last_error
    smtp_server.start()

    received = smtp_server.wait_for_message_id(email.message_id, timeout=30)
    assert received.subject == TEST_SUBJECT_AR
    assert_delivered_exactly_once(smtp_server, [email])
    assert OutboundEmail.objects.get(pk=email.pk).attempts >= 3


def test_a_worker_killed_while_sending_delivers_once_after_restart(
    celery_worker_process, smtp_server, wait_until
):
    smtp_server.delay_rcpt(10)  # the SMTP conversation hangs before the message is accepted

    email = queue_test_email()

    wait_until(smtp_server.rcpt_reached.is_set, timeout=15, message="the worker to be sending")
    celery_worker_process.kill()
    smtp_server.delay_rcpt(0)
    # The attempt died with the worker: its transaction rolled back, the row is pending again.
    wait_until(
        lambda: OutboundEmail.objects.filter(
            pk=email.pk, status=OutboundEmail.Status.PENDING
        ).exists(),
        timeout=10,
        message="the row to be pending and unlocked",
    )
    assert smtp_server.by_message_id(email.message_id) == []

    celery_worker_process.start()

    smtp_server.wait_for_message_id(email.message_id, timeout=30)
    assert_delivered_exactly_once(smtp_server, [email])


def test_redis_restarted_mid_run_loses_no_email_and_sends_none_twice(
    client, celery_worker_process, smtp_server, redis_server, wait_until
):
    smtp_server.delay_rcpt(0.2)  # a slow server, so most tasks still wait in Redis
    emails = [queue_test_email(f"resident{n}@example.com") for n in range(10)]
    wait_until(lambda: smtp_server.snapshot(), timeout=15, message="the first delivery")

    redis_server.stop()  # every task still queued in Redis is lost with it
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count() >= 5
    UserFactory(email="layla@example.com", preferred_language="ar")
    started = time.monotonic()
    response = request_password_reset(client, "layla@example.com")
    assert time.monotonic() - started < 1.5
    assert response.status_code == 302
    emails.append(OutboundEmail.objects.get(template="accounts/password_reset"))
    time.sleep(1)
    redis_server.start()
    smtp_server.delay_rcpt(0)

    smtp_server.wait_for(len(emails), timeout=60)
    assert_delivered_exactly_once(smtp_server, emails)


def test_a_dropped_database_connection_leaves_no_email_and_an_arabic_error_page(
    celery_worker_process, smtp_server, drop_database_connection
):
    from django.test import Client

    import accounts.services

    layla = UserFactory(email="layla@example.com", preferred_language="ar")
    real_queue = accounts.services.email_queue

    def queue_then_lose_the_database(**kwargs):
        email = real_queue(**kwargs)
        drop_database_connection()  # PostgreSQL goes away mid-request, before the commit
        OutboundEmail.objects.exists()
        return email

    client = Client(raise_request_exception=False)
    client.force_login(layla)
    # Asking for a new e-mail address writes the change and two e-mails in one transaction.
    new_address = {
        "mobile": "0551234567",
        "email": "layla.new@example.org",
        "current_password": DEMO_PASSWORD,
        "preferred_language": "ar",
    }
    with mock.patch.object(accounts.services, "email_queue", queue_then_lose_the_database):
        response = client.post(reverse("accounts:profile_edit"), new_address)

    assert response.status_code == 500
    page = response.content.decode()
    assert "تعذّر على الخدمة إكمال طلبك. يُرجى المحاولة مرة أخرى بعد بضع دقائق." in page
    assert "Traceback" not in page
    assert not OutboundEmail.objects.exists()
    assert not EmailChange.objects.exists()
    time.sleep(SETTLE)
    assert smtp_server.snapshot() == []
