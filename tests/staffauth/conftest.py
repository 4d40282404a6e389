import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.factories import DEMO_PASSWORD, UserFactory, totp_device

ADMIN = reverse("admin:index")
VERIFY = reverse("staffauth:verify")
SETUP = reverse("staffauth:setup")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, full_name="موظف الجوازات")


@pytest.fixture
def device(staff):
    return totp_device(staff)


def password_step(client, user, next_url=ADMIN):
    """The admin's log-in form, with the right password."""
    return client.post(
        reverse("admin:login"),
        {"username": user.username, "password": DEMO_PASSWORD, "next": next_url},
    )


def wrong_code(device) -> str:
    """A 6-digit code the device does not accept now (not one of the steps it tolerates)."""
    accepted = set()
    for offset in (-2, -1, 0, 1, 2):  # the tolerated steps, and the next ones the test may reach
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        accepted.add(f"{totp.token():06d}")
    return next(
        code
        for code in ("123456", "654321", "111111", "222222", "333333", "444444")
        if code not in accepted
    )
