"""The loopback SMTP server as the bench uses it: headers only, every arrival counted by its
Message-ID with the time it arrived (the tests' full parsing is covered by the real-service
e-mail tests)."""

import smtplib
import time
from email.message import EmailMessage

import pytest

from loopback.smtp_server import SmtpServer


@pytest.fixture
def headers_only():
    server = SmtpServer(parse_bodies=False)
    server.start()
    yield server
    server.stop()


def _send(server: SmtpServer, message_id: str) -> None:
    message = EmailMessage()
    message["From"] = "no-reply@muqeem.example"
    message["To"] = "resident@example.com"
    message["Subject"] = "تم استلام طلبك"
    message["Message-ID"] = message_id
    message.set_content("نص الرسالة")
    with smtplib.SMTP(server.host, server.port, timeout=10) as client:
        client.send_message(message)


def test_headers_only_counts_each_message_by_its_id_and_arrival_time(headers_only):
    before = time.time()
    _send(headers_only, "<one@muqeem.example>")
    _send(headers_only, "<two@muqeem.example>")
    _send(headers_only, "<one@muqeem.example>")  # a duplicate delivery
    received = headers_only.wait_for(3, timeout=10)
    assert headers_only.count_by_message_id() == {
        "<one@muqeem.example>": 2,
        "<two@muqeem.example>": 1,
    }
    assert all(before <= message.received_at <= time.time() for message in received)
    assert received[0].subject == "تم استلام طلبك"
    assert received[0].text == ""  # the body is not parsed


def test_waiting_for_more_than_arrived_times_out(headers_only):
    with pytest.raises(TimeoutError, match="2 message"):
        headers_only.wait_for(2, timeout=0.3)
