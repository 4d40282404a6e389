"""E-mail backends for the outbox tests: an SMTP server that fails, like a real one does."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Raises `FlakyBackend.error` for the next `FlakyBackend.failures` sends, then delivers to
    django.core.mail.outbox like the in-memory backend."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise FlakyBackend.error
        return super().send_messages(messages)


def sent_messages() -> list:
    return list(mail.outbox)
