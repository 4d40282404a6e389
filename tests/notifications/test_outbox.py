"""The outbox, as the people it e-mails and the staff who watch it would notice: an e-mail goes out
once, only when the change that caused it is committed, in the recipient's language; SMTP trouble
delays it but does not lose it."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import services
from notifications.models import OutboundEmail
from notifications.services import Delivery, email_deliver, email_queue, email_queue_for_user
from notifications.tasks import deliver_email
from tests.factories import UserFactory
from tests.notifications.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/test_message"
ARABIC_SUBJECT = "مقيم تواصل: رسالة تجريبية"
ENGLISH_SUBJECT = "Muqeem Tawasul: test e-mail"


def queue(**overrides) -> OutboundEmail:
    arguments = {
        "to": "resident@example.com",
        "template": TEMPLATE,
        "context": {"requested_by": "pytest"},
        "language": "ar",
        **overrides,
    }
    return email_queue(**arguments)


class TestQueueing:
    def test_a_rolled_back_change_sends_nothing_and_leaves_no_row(
        self, django_capture_on_commit_callbacks
    ):
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            queue()
            raise RuntimeError("the change that caused the e-mail failed")

        assert callbacks == []
        assert mail.outbox == []
        assert not OutboundEmail.objects.exists()

    def test_nothing_is_sent_before_the_transaction_commits(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            email = queue()

        assert mail.outbox == []
        assert email.status == OutboundEmail.Status.PENDING
        assert len(callbacks) == 1

    def test_a_committed_email_is_sent_once_in_arabic(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue()

        assert len(mail.outbox) == 1
        sent = mail.outbox[0]
        assert sent.subject == ARABIC_SUBJECT
        assert sent.to == ["resident@example.com"]
        assert "هذه رسالة تجريبية من مقيم تواصل" in sent.body
        html = sent.alternatives[0][0]
        assert 'lang="ar" dir="rtl"' in html
        assert sent.extra_headers["Message-ID"] == email.message_id
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.SENT
        assert email.subject == ARABIC_SUBJECT
        assert email.attempts == 1
        assert email.sent_at is not None
        assert email.next_attempt_at is None

    def test_a_user_gets_it_in_the_language_they_chose(self, django_capture_on_commit_callbacks):
        arabic = UserFactory(email="layla@example.com", preferred_language="ar")
        english = UserFactory(email="john@example.com", preferred_language="en")

        with django_capture_on_commit_callbacks(execute=True):
            for user in (arabic, english):
                email_queue_for_user(user=user, template=TEMPLATE, context={"requested_by": "x"})

        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert subjects == {
            "layla@example.com": ARABIC_SUBJECT,
            "john@example.com": ENGLISH_SUBJECT,
        }
        english_html = next(m for m in mail.outbox if m.to == ["john@example.com"])
        assert 'lang="en" dir="ltr"' in english_html.alternatives[0][0]

    def test_a_user_without_an_address_gets_no_email(self):
        user = UserFactory(email="")
        assert email_queue_for_user(user=user, template=TEMPLATE, context={}) is None
        assert not OutboundEmail.objects.exists()

    def test_a_missing_template_fails_the_caller_at_once(self):
        with pytest.raises(TemplateDoesNotExist):
            queue(template="notifications/no_such_email")
        assert not OutboundEmail.objects.exists()

    def test_an_invalid_address_is_refused(self):
        with pytest.raises(ValidationError) as excinfo:
            queue(to="not-an-address")
        assert "to" in excinfo.value.message_dict

    def test_a_broker_that_is_down_does_not_fail_the_change(
        self, django_capture_on_commit_callbacks
    ):
        refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        with (
            mock.patch.object(deliver_email, "apply_async", side_effect=refused),
            django_capture_on_commit_callbacks(execute=True),
        ):
            email = queue()

        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.PENDING
        assert mail.outbox == []

    def test_after_a_broker_failure_the_next_changes_do_not_wait_on_it(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.NOTIFICATIONS_BROKER_PAUSE = timedelta(seconds=10)
        refused = OperationalError("Connection refused")
        with (
            mock.patch.object(deliver_email, "apply_async", side_effect=refused) as publish,
            django_capture_on_commit_callbacks(execute=True),
        ):
            first, second = queue(), queue()

        assert publish.call_count == 1  # the second one went straight to the sweep
        assert {first.status, second.status} == {OutboundEmail.Status.PENDING}
        eleven_seconds_later = services.time.monotonic() + 11
        with (
            mock.patch.object(services.time, "monotonic", return_value=eleven_seconds_later),
            django_capture_on_commit_callbacks(execute=True),
        ):
            queue(to="after@example.com")
        assert [m.to for m in mail.outbox] == [["after@example.com"]]

    def test_each_email_has_its_own_stable_message_id(self):
        first, second = queue(), queue()
        assert first.message_id != second.message_id
        assert first.message_id == f"<{first.uuid}@muqeem.example>"
        rendered_twice = {services.email_render(first).extra_headers["Message-ID"] for _ in "ab"}
        assert rendered_twice == {first.message_id}


class TestDelivery:
    def test_a_task_that_runs_twice_sends_once(self):
        email = OutboundEmailFactory()

        first = deliver_email.apply(args=[email.pk]).get()
        second = deliver_email.apply(args=[email.pk]).get()

        assert (first, second) == ("sent", "already_handled")
        assert len(mail.outbox) == 1
        email.refresh_from_db()
        assert email.attempts == 1

    def test_a_failed_or_unknown_email_is_not_sent(self):
        failed = OutboundEmailFactory(status=OutboundEmail.Status.FAILED)
        assert email_deliver(email_id=failed.pk).status is Delivery.ALREADY_HANDLED
        assert email_deliver(email_id=failed.pk + 1000).status is Delivery.ALREADY_HANDLED
        assert mail.outbox == []

    def test_an_smtp_failure_is_recorded_and_retried_later(self, flaky_smtp, settings):
        settings.NOTIFICATIONS_RETRY_BACKOFF = 5
        flaky_smtp(1)
        email = OutboundEmailFactory()
        before = timezone.now()

        outcome = email_deliver(email_id=email.pk)

        assert outcome.status is Delivery.RETRY_LATER
        assert outcome.retry_in == 5
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.PENDING
        assert email.attempts == 1
        assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        assert before + timedelta(seconds=5) <= email.next_attempt_at
        assert email.next_attempt_at <= timezone.now() + timedelta(seconds=5)
        assert mail.outbox == []

    def test_the_task_retries_with_exponential_backoff(self, flaky_smtp, settings):
        settings.NOTIFICATIONS_RETRY_BACKOFF = 5
        settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 300
        email = OutboundEmailFactory()
        countdowns = []
        for _ in range(3):
            flaky_smtp(1)
            with (
                mock.patch.object(deliver_email, "retry", side_effect=Retry()) as retry,
                pytest.raises(Retry),
            ):
                deliver_email(email.pk)  # as a worker runs it (not eager)
            countdowns.append(retry.call_args.kwargs["countdown"])

        assert countdowns == [5, 10, 20]
        assert services.email_retry_delay(attempts=20) == 300

    def test_after_retries_it_is_sent_once_and_the_error_cleared(self, flaky_smtp):
        flaky_smtp(2)
        email = OutboundEmailFactory()

        outcomes = [email_deliver(email_id=email.pk).status for _ in range(3)]

        assert outcomes == [Delivery.RETRY_LATER, Delivery.RETRY_LATER, Delivery.SENT]
        assert len(mail.outbox) == 1
        email.refresh_from_db()
        assert (email.status, email.attempts, email.last_error) == ("sent", 3, "")

    def test_it_gives_up_after_the_last_attempt(self, flaky_smtp, settings):
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        flaky_smtp(10)
        email = OutboundEmailFactory()

        outcomes = [email_deliver(email_id=email.pk).status for _ in range(4)]

        assert outcomes == [
            Delivery.RETRY_LATER,
            Delivery.RETRY_LATER,
            Delivery.GAVE_UP,
            Delivery.ALREADY_HANDLED,
        ]
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.FAILED
        assert email.attempts == 3
        assert email.next_attempt_at is None
        assert "SMTPServerDisconnected" in email.last_error

    def test_an_address_the_server_refuses_is_not_retried(self, flaky_smtp):
        flaky_smtp(
            1,
            error=smtplib.SMTPRecipientsRefused(
                {"nobody@example.com": (550, b"5.1.1 No such user")}
            ),
        )
        email = OutboundEmailFactory(to="nobody@example.com")

        assert email_deliver(email_id=email.pk).status is Delivery.GAVE_UP
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.FAILED
        assert "No such user" in email.last_error

    def test_a_temporary_refusal_is_retried(self, flaky_smtp):
        flaky_smtp(
            1, error=smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily rejected message")
        )
        email = OutboundEmailFactory()
        assert email_deliver(email_id=email.pk).status is Delivery.RETRY_LATER

    def test_an_email_that_cannot_be_rendered_fails_without_retries(self):
        email = OutboundEmailFactory(template="notifications/removed_since")

        assert email_deliver(email_id=email.pk).status is Delivery.GAVE_UP
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.FAILED
        assert email.last_error.startswith("TemplateDoesNotExist")


class TestSweep:
    def test_only_overdue_pending_emails_are_sent_again(self, settings):
        settings.NOTIFICATIONS_RESEND_AFTER = timedelta(minutes=2)
        now = timezone.now()
        lost = OutboundEmailFactory(
            to="lost@example.com", next_attempt_at=now - timedelta(minutes=3)
        )
        OutboundEmailFactory(to="just-queued@example.com", next_attempt_at=now)
        OutboundEmailFactory(
            to="retry-scheduled@example.com", next_attempt_at=now + timedelta(minutes=1)
        )
        OutboundEmailFactory(
            to="sent@example.com",
            status=OutboundEmail.Status.SENT,
            next_attempt_at=now - timedelta(hours=1),
        )
        OutboundEmailFactory(
            to="failed@example.com",
            status=OutboundEmail.Status.FAILED,
            next_attempt_at=now - timedelta(hours=1),
        )

        assert services.emails_requeue_stale(now=now) == 1

        assert [message.to for message in mail.outbox] == [["lost@example.com"]]
        lost.refresh_from_db()
        assert lost.status == OutboundEmail.Status.SENT

    def test_an_email_queued_while_the_broker_was_down_goes_out_with_the_sweep(
        self, django_capture_on_commit_callbacks
    ):
        refused = OperationalError("Connection refused")
        with (
            mock.patch.object(deliver_email, "apply_async", side_effect=refused),
            django_capture_on_commit_callbacks(execute=True),
        ):
            email = queue()
        assert mail.outbox == []

        later = timezone.now() + timedelta(minutes=5)
        assert services.emails_requeue_stale(now=later) == 1

        assert len(mail.outbox) == 1
        assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
        assert services.emails_requeue_stale(now=later + timedelta(minutes=5)) == 0
        assert len(mail.outbox) == 1

    def test_a_sweep_with_the_broker_still_down_gives_up_at_the_first_email(self):
        long_ago = timezone.now() - timedelta(hours=1)
        OutboundEmailFactory.create_batch(5, next_attempt_at=long_ago)

        with mock.patch.object(
            deliver_email, "apply_async", side_effect=OperationalError("down")
        ) as publish:
            assert services.emails_requeue_stale() == 0

        assert publish.call_count == 1
        # Pushed back: the next sweeps leave them alone for NOTIFICATIONS_RESEND_AFTER.
        assert services.emails_requeue_stale() == 0

    def test_the_beat_schedule_runs_the_sweep_every_minute(self):
        from muqeem.celery import app

        entry = app.conf.beat_schedule["notifications-sweep-unsent"]
        assert entry["task"] == "notifications.tasks.sweep_unsent_emails"
        assert entry["schedule"] == timedelta(minutes=1)
        assert entry["task"] in app.tasks


def test_operators_can_send_a_test_email_through_the_whole_path(
    django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outbox_test_email", "ops@example.com", "--language", "en")

    email = OutboundEmail.objects.get()
    assert email.message_id in capsys.readouterr().out
    assert [m.subject for m in mail.outbox] == [ENGLISH_SUBJECT]
