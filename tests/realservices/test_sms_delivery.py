"""SMS delivery end to end: the site's outbox on PostgreSQL, Redis, a real Celery worker writing
with the local folder backend (muqeem/settings/test.py, MUQEEM_TEST_WORKER). Each message arrives
exactly once, also when its task was lost and the sweep picks it up."""

import time

import pytest
from django.conf import settings
from django.db import transaction

from notifications.models import OutboundSms
from notifications.sms import sms_queue

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]

# The worker's folder (test settings with MUQEEM_TEST_WORKER); files are named by the row's uuid.
WORKER_SMS_DIR = settings.BASE_DIR / "var" / "test-worker-sms"
SETTLE = 3.0  # long enough for the sweep (every second, 2 s grace) to have sent a duplicate


def files_of(sms: OutboundSms) -> list:
    return sorted(WORKER_SMS_DIR.glob(f"*-{sms.uuid}.txt")) if WORKER_SMS_DIR.exists() else []


def queue(to: str = "+966501234567") -> OutboundSms:
    with transaction.atomic():
        return sms_queue(
            to=to,
            template="tawasul/reply",
            context={"number": "TW-2026-0000042"},
            language="ar",
        )


def test_an_sms_is_written_once_by_the_worker(celery_worker_process, wait_until):
    sms = queue()
    (written,) = wait_until(lambda: files_of(sms), message="the SMS written by the worker")
    time.sleep(SETTLE)
    assert len(files_of(sms)) == 1
    text = written.read_text(encoding="utf-8")
    assert "To: +966501234567" in text
    assert "مقيم تواصل: وصل رد جديد على طلبك TW-2026-0000042" in text
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (OutboundSms.Status.SENT, 1)


def test_with_the_broker_unreachable_the_sweep_sends_it_once(
    celery_worker_process, broker_unreachable, wait_until
):
    with broker_unreachable():
        sms = queue()
    assert files_of(sms) == []
    wait_until(lambda: files_of(sms), timeout=20, message="the SMS picked up by the sweep")
    time.sleep(SETTLE)
    assert len(files_of(sms)) == 1
    sms.refresh_from_db()
    assert sms.status == OutboundSms.Status.SENT
