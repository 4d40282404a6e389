import smtplib

import pytest

from notifications import services
from tests.notifications.backends import FlakyBackend


@pytest.fixture(autouse=True)
def _broker_not_paused():
    services._broker.paused_until = 0.0
    yield
    services._broker.paused_until = 0.0


@pytest.fixture
def flaky_smtp(settings):
    """The SMTP server fails the next N sends: `flaky_smtp(2)`, or `flaky_smtp(1, error=...)`."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"

    def fail_next(count: int, *, error: Exception | None = None) -> None:
        FlakyBackend.failures = count
        FlakyBackend.error = error or smtplib.SMTPServerDisconnected(
            "Connection unexpectedly closed"
        )

    yield fail_next
    FlakyBackend.failures = 0
