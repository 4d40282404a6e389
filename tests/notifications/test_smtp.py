"""Delivery over real SMTP (aiosmtpd on loopback, no other service needed): one connection serves
many e-mails, a server that dropped it is reconnected to, a server that is down means "later"."""

import pytest

from notifications import services
from notifications.models import OutboundEmail
from notifications.services import Delivery, email_deliver
from tests.notifications.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_smtp(settings, smtp_server):
    settings.EMAIL_BACKEND = services.SMTP_BACKEND
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_TIMEOUT = 5
    services._smtp.close()
    yield smtp_server
    services._smtp.close()


def test_consecutive_emails_share_one_smtp_connection(real_smtp):
    emails = OutboundEmailFactory.create_batch(3)

    outcomes = {email_deliver(email_id=email.pk).status for email in emails}

    assert outcomes == {Delivery.SENT}
    assert real_smtp.connections == 1
    assert sorted(m.message_id for m in real_smtp.snapshot()) == sorted(
        e.message_id for e in emails
    )
    assert {m.subject for m in real_smtp.snapshot()} == {"مقيم تواصل: رسالة تجريبية"}


def test_a_connection_the_server_dropped_is_replaced_without_a_failed_attempt(real_smtp):
    first, second = OutboundEmailFactory.create_batch(2)
    assert email_deliver(email_id=first.pk).status is Delivery.SENT

    real_smtp.restart()  # closes the connection the worker kept open
    assert email_deliver(email_id=second.pk).status is Delivery.SENT

    second.refresh_from_db()
    assert (second.attempts, second.last_error) == (1, "")
    assert len(real_smtp.by_message_id(second.message_id)) == 1
    assert real_smtp.connections == 2


def test_a_server_that_is_down_means_try_again_later(real_smtp):
    email = OutboundEmailFactory()
    real_smtp.stop()

    assert email_deliver(email_id=email.pk).status is Delivery.RETRY_LATER

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert "Connection refused" in email.last_error


def test_a_temporary_refusal_of_the_message_is_retried(real_smtp):
    email = OutboundEmailFactory()
    real_smtp.reject_data("451 4.3.0 Try again later")

    assert email_deliver(email_id=email.pk).status is Delivery.RETRY_LATER

    real_smtp.reject_data("")
    assert email_deliver(email_id=email.pk).status is Delivery.SENT
    assert len(real_smtp.by_message_id(email.message_id)) == 1
