"""E-mail delivery end to end: the site, PostgreSQL, Redis, a real Celery worker and a real SMTP
server on loopback. Faults: broker unreachable at commit time, SMTP down, worker killed, Redis
restarted. After each, every e-mail arrives exactly once (counted by Message-ID)."""

import time

import pytest
from django.db import transaction

from notifications.models import OutboundEmail
from notifications.services import email_queue

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


def test_a_queued_email_reaches_the_smtp_server_in_arabic(celery_worker_process, smtp_server):
    with transaction.atomic():
        email = email_queue(
            to="resident@example.com",
            template="notifications/test_message",
            context={"requested_by": "pytest"},
            language="ar",
        )

    received = smtp_server.wait_for_message_id(email.message_id)

    assert received.subject == "مقيم تواصل: رسالة تجريبية"
    assert received.rcpt_tos == ["resident@example.com"]
