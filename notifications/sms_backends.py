"""Where text messages go: one small interface, three backends, chosen by SMS_BACKEND.

- `FolderBackend` (the embedded default, `make run`): each message is a .txt file in
  SMS_FILE_PATH (var/sms/), like the .eml files in var/mail/.
- `HttpGatewayBackend` (production): one JSON POST per message to SMS_GATEWAY_URL with a bearer
  token (SMS_GATEWAY_TOKEN) and the sender name (SMS_SENDER).
- `MemoryBackend` (tests): messages kept in `MemoryBackend.outbox`, as Django does for e-mail.

Length: Arabic needs UCS-2, so one SMS holds 70 characters and each part of a longer one 67;
`segments()` counts them (GSM-7 text: 160 / 153).
"""

import json
import math
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = "^{}\\[~]|€\f"


def segments(text: str) -> int:
    """How many SMS parts `text` takes: GSM-7 when every character allows it, else UCS-2."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        septets = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


class SmsError(Exception):
    """The message was not accepted. `permanent`: sending it again would fail the same way."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Sms:
    to: str
    body: str
    reference: str  # the outbox row's uuid: the same on every attempt


class SmsBackend(Protocol):
    def send(self, sms: Sms) -> None:
        """Hand one message over, or raise SmsError."""


class FolderBackend:
    def send(self, sms: Sms) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{sms.reference}.txt"
        try:
            path.write_text(
                f"To: {sms.to}\nFrom: {settings.SMS_SENDER}\nReference: {sms.reference}\n"
                f"Segments: {segments(sms.body)}\n\n{sms.body}\n",
                encoding="utf-8",
            )
        except OSError as exc:
            raise SmsError(f"cannot write {path}: {exc}") from exc


class HttpGatewayBackend:
    def send(self, sms: Sms) -> None:
        payload = {
            "to": sms.to,
            "from": settings.SMS_SENDER,
            "text": sms.body,
            "reference": sms.reference,
        }
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            settings.SMS_GATEWAY_URL,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
                "Content-Type": "application/json; charset=utf-8",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as answer:  # noqa: S310
                answer.read()
        except urllib.error.HTTPError as exc:
            # 4xx: the gateway refuses this message (bad number, bad token) and will again;
            # 429 and 5xx: it is busy or down, so later may work.
            permanent = 400 <= exc.code < 500 and exc.code != 429
            raise SmsError(f"gateway answered {exc.code}", permanent=permanent) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc


class MemoryBackend:
    outbox: list[Sms] = []

    def send(self, sms: Sms) -> None:
        MemoryBackend.outbox.append(sms)


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
