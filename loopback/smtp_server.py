"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives.

The tests read each message as a mail client would (subject decoded, text and HTML bodies); the
bench only counts arrivals by Message-ID, so it asks for the headers alone (`parse_bodies=False`),
which keeps this process's share of the CPU small while a worker delivers thousands of e-mails.
"""

from __future__ import annotations

import asyncio
import email
import email.parser
import email.policy
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from loopback.ports import LOOPBACK, free_port, wait_until


@dataclass
class ReceivedMessage:
    """One message as the SMTP server received it, parsed."""

    mail_from: str
    rcpt_tos: list[str]
    message_id: str
    subject: str  # decoded (RFC 2047), so Arabic reads as Arabic
    text: str
    html: str
    headers: dict[str, str]
    raw: bytes = field(repr=False)
    received_at: float = 0.0  # time.time() when DATA was accepted


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.server.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.server.conversations_at_rcpt += 1
        self.server.rcpt_reached.set()
        if self.server.rcpt_delay:
            await asyncio.sleep(self.server.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server.data_reply:
            return self.server.data_reply
        raw = envelope.original_content or envelope.content
        self.server._receive(envelope.mail_from, list(envelope.rcpt_tos), raw)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives.

    `.start()`, `.stop()`, `.restart()` (same port), `.reset()`; faults: `.delay_rcpt(seconds)`,
    `.reject_data(reply)`; what arrived: `.snapshot()`, `.by_message_id()`,
    `.count_by_message_id()`, `.wait_for(n)`."""

    # How `wait_for` waits; the test fixtures put pytest's failure in its place.
    wait_until: Callable[..., object] = staticmethod(wait_until)

    def __init__(self, port: int | None = None, *, parse_bodies: bool = True) -> None:
        self.host = LOOPBACK
        self.port = port or free_port()
        self.parse_bodies = parse_bodies
        self.messages: list[ReceivedMessage] = []
        self.rcpt_delay = 0.0
        self.data_reply = ""
        self.conversations_at_rcpt = 0
        self.connections = 0  # SMTP sessions opened (EHLO seen)
        self.rcpt_reached = threading.Event()
        self._lock = threading.Lock()
        self._controller = None

    # Life cycle -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self.running:
            return
        deadline = time.monotonic() + 10
        while True:
            controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            try:
                controller.start()
                break
            except Exception:  # the port may linger for a moment after a stop
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def reset(self) -> None:
        """Forget what was received and any fault set up, ready for the next test."""
        with self._lock:
            self.messages.clear()
        self.rcpt_delay = 0.0
        self.data_reply = ""
        self.conversations_at_rcpt = 0
        self.connections = 0
        self.rcpt_reached.clear()

    # Faults ---------------------------------------------------------------------------------
    def delay_rcpt(self, seconds: float) -> None:
        """Hold every conversation this long at RCPT TO (before any message is accepted)."""
        self.rcpt_delay = seconds
        self.rcpt_reached.clear()

    def reject_data(self, reply: str) -> None:
        """Answer DATA with `reply` (e.g. "451 4.3.0 Try again later"); "" accepts again."""
        self.data_reply = reply

    # What arrived ---------------------------------------------------------------------------
    def _receive(self, mail_from: str, rcpt_tos: list[str], raw: bytes) -> None:
        received_at = time.time()
        if self.parse_bodies:
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            text = parsed.get_body(preferencelist=("plain",))
            html = parsed.get_body(preferencelist=("html",))
        else:
            parsed = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
            text = html = None
        message = ReceivedMessage(
            mail_from=mail_from,
            rcpt_tos=rcpt_tos,
            message_id=str(parsed.get("Message-ID", "")).strip(),
            subject=str(parsed.get("Subject", "")).strip(),  # unfolded, as a mail client shows it
            text=text.get_content() if text is not None else "",
            html=html.get_content() if html is not None else "",
            headers={key: str(value) for key, value in parsed.items()},
            raw=raw,
            received_at=received_at,
        )
        with self._lock:
            self.messages.append(message)

    def snapshot(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self.messages)

    def by_message_id(self, message_id: str) -> list[ReceivedMessage]:
        return [m for m in self.snapshot() if m.message_id == message_id]

    def count_by_message_id(self) -> Counter:
        return Counter(m.message_id for m in self.snapshot())

    def wait_for(self, count: int = 1, *, timeout: float = 20.0) -> list[ReceivedMessage]:
        """Wait until at least `count` messages arrived; return them all."""
        self.wait_until(
            lambda: len(self.snapshot()) >= count,
            timeout=timeout,
            message=f"{count} message(s) at the SMTP server (got {len(self.snapshot())})",
        )
        return self.snapshot()
