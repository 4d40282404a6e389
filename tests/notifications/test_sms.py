"""Text messages beside the e-mails: the same outbox rules, Arabic in two SMS, no links."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.template.loader import get_template
from django.utils import translation

from notifications import sms as sms_services
from notifications.models import OutboundSms
from notifications.sms import sms_deliver, sms_queue, sms_render
from notifications.sms_backends import (
    FolderBackend,
    HttpGatewayBackend,
    Sms,
    SmsError,
    segments,
)
from tawasul.models import TawasulRequest

pytestmark = pytest.mark.django_db

# Every SMS template, with the longest values it can be given.
LONGEST_STATUS = max(
    TawasulRequest.Status.values, key=lambda s: len(str(TawasulRequest.Status(s).label))
)
TEMPLATES = {
    "tawasul/received": {"number": "TW-2026-0000001"},
    "tawasul/status_changed": {"number": "TW-2026-0000001", "status": LONGEST_STATUS},
    "tawasul/reply": {"number": "TW-2026-0000001"},
    "subscriptions/received": {"number": "SUB-2026-000001"},
    "subscriptions/approved": {"number": "SUB-2026-000001"},
    "subscriptions/rejected": {"number": "SUB-2026-000001"},
}


def test_segments_follow_ucs2_for_arabic_and_gsm7_for_latin():
    assert segments("ب" * 70) == 1
    assert segments("ب" * 71) == 2
    assert segments("ب" * 134) == 2
    assert segments("ب" * 135) == 3
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("status", TawasulRequest.Status.values)
def test_every_sms_fits_in_two_segments_in_arabic(template, status):
    context = {**TEMPLATES[template], "status": status}
    text = sms_render(template=template, context=context, language="ar")
    assert text.startswith("مقيم تواصل:")
    assert context["number"] in text
    assert len(text) <= 134, (len(text), text)
    assert segments(text) <= 2


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_sms_fits_in_two_segments_in_english(template):
    text = sms_render(template=template, context=TEMPLATES[template], language="en")
    assert text.startswith("Muqeem Tawasul:")
    assert segments(text) <= 2


def test_the_sms_template_folder_has_no_template_without_a_length_check(settings):
    folder = settings.BASE_DIR / "templates" / "sms"
    found = {str(p.relative_to(folder).with_suffix("")) for p in folder.rglob("*.txt")}
    assert found == set(TEMPLATES)


def queue(to="+966501234567", template="tawasul/reply", language="ar") -> OutboundSms:
    with transaction.atomic():
        return sms_queue(to=to, template=template, context=TEMPLATES[template], language=language)


def test_a_queued_sms_is_delivered_once_even_if_its_task_runs_twice(
    sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sms = queue()
    sms_deliver(sms_id=sms.pk)  # a broker redelivery
    assert [(m.to, m.reference) for m in sms_outbox] == [("+966501234567", str(sms.uuid))]
    assert "وصل رد جديد على طلبك TW-2026-0000001" in sms_outbox[0].body
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (OutboundSms.Status.SENT, 1)


def test_no_number_no_sms():
    assert sms_queue(to="", template="tawasul/reply", context={}, language="ar") is None
    assert not OutboundSms.objects.exists()


class Refusing:
    error = SmsError("gateway answered 503")

    def send(self, sms):
        raise Refusing.error


def test_a_gateway_failure_leaves_it_pending_for_a_retry(settings):
    settings.SMS_BACKEND = "tests.notifications.test_sms.Refusing"
    Refusing.error = SmsError("gateway answered 503")
    sms = queue()
    sms_deliver(sms_id=sms.pk)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == ("pending", 1, "gateway answered 503")
    assert sms.next_attempt_at is not None


def test_a_permanent_refusal_fails_at_once(settings):
    settings.SMS_BACKEND = "tests.notifications.test_sms.Refusing"
    Refusing.error = SmsError("gateway answered 400", permanent=True)
    sms = queue()
    sms_deliver(sms_id=sms.pk)
    sms.refresh_from_db()
    assert (sms.status, sms.next_attempt_at) == ("failed", None)


def test_the_sweep_sends_an_sms_whose_task_was_lost(sms_outbox, settings):
    from datetime import timedelta

    from django.utils import timezone

    sms = queue()  # outside on_commit capture: its task was never published
    OutboundSms.objects.filter(pk=sms.pk).update(
        next_attempt_at=timezone.now() - settings.NOTIFICATIONS_RESEND_AFTER - timedelta(seconds=1)
    )
    assert sms_services.sms_requeue_stale() == 1
    assert len(sms_outbox) == 1


def test_the_local_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    FolderBackend().send(Sms(to="+966501234567", body="مقيم تواصل: تجربة", reference="abc"))
    (written,) = (tmp_path / "sms").iterdir()
    text = written.read_text(encoding="utf-8")
    assert "To: +966501234567" in text
    assert text.rstrip().endswith("مقيم تواصل: تجربة")


# -- the HTTP gateway, against a real HTTP server on loopback (the boundary we do not own) -------


@pytest.fixture
def gateway(settings):
    received: list[dict] = []
    answer = {"code": 202}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(
                {
                    "authorization": self.headers["Authorization"],
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            self.send_response(answer["code"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/v1/messages"
    settings.SMS_GATEWAY_TOKEN = "token-123"
    settings.SMS_SENDER = "Muqeem"
    yield received, answer
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_the_message_with_the_token_and_sender(gateway):
    received, _answer = gateway
    HttpGatewayBackend().send(Sms(to="+966501234567", body="مقيم تواصل: تجربة", reference="r-1"))
    assert received == [
        {
            "authorization": "Bearer token-123",
            "body": {
                "to": "+966501234567",
                "from": "Muqeem",
                "text": "مقيم تواصل: تجربة",
                "reference": "r-1",
            },
        }
    ]


@pytest.mark.parametrize(("code", "permanent"), [(500, False), (429, False), (400, True)])
def test_gateway_errors_say_whether_to_try_again(gateway, code, permanent):
    _received, answer = gateway
    answer["code"] = code
    with pytest.raises(SmsError) as error:
        HttpGatewayBackend().send(Sms(to="+966501234567", body="x", reference="r-2"))
    assert error.value.permanent is permanent


def test_an_unreachable_gateway_is_worth_another_try(settings):
    from loopback.ports import free_port

    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(SmsError) as error:
        HttpGatewayBackend().send(Sms(to="+966501234567", body="x", reference="r-3"))
    assert error.value.permanent is False


def test_templates_render_in_the_recipients_language():
    with translation.override("en"):
        get_template("sms/tawasul/reply.txt")
        text = sms_render(
            template="tawasul/reply", context=TEMPLATES["tawasul/reply"], language="ar"
        )
    assert text.startswith("مقيم تواصل")
