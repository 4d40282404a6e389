"""`make run` loads the demo log-ins: they work, they are valid, loading twice changes nothing."""

from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import demo
from accounts.models import Establishment, User
from accounts.roles import SUBSCRIPTION_OFFICERS, TAWASUL_AGENTS, user_has_role
from tests.factories import DEMO_PASSWORD, as_verified

pytestmark = pytest.mark.django_db


def test_demo_password_is_the_one_tests_use():
    assert demo.DEMO_PASSWORD == DEMO_PASSWORD


def test_demo_data_is_valid_and_loading_twice_changes_nothing():
    lines = demo.load_demo()
    assert lines[0] == "demo / Muqeem-pass-2026 — establishment primary user"
    assert len(lines) == 9  # five log-ins, and each staff log-in's second factor (two lines)
    snapshot = list(User.objects.order_by("pk").values())
    devices = list(TOTPDevice.objects.order_by("pk").values())
    assert demo.load_demo() == lines
    assert list(User.objects.order_by("pk").values()) == snapshot
    assert list(TOTPDevice.objects.order_by("pk").values()) == devices
    assert Establishment.objects.count() == 1

    establishment = Establishment.objects.get(unified_number="7001234567")
    establishment.full_clean()
    assert establishment.name == "مؤسسة النخبة للمقاولات"
    assert establishment.city == "riyadh"
    assert establishment.primary_user.username == "demo"
    for user in User.objects.all():
        user.full_clean()
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="demo").email == "demo@example.com"
    assert User.objects.get(username="demo_sub").establishment == establishment
    assert User.objects.get(username="resident").establishment is None
    staff = as_verified(User.objects.get(username="staff"))
    assert user_has_role(staff, TAWASUL_AGENTS)
    assert user_has_role(staff, SUBSCRIPTION_OFFICERS)
    assert not staff.is_superuser
    assert User.objects.get(username="admin").is_superuser


def test_demo_user_logs_in_through_the_form(client):
    demo.load_demo()
    response = client.post(
        reverse("accounts:login"), {"username": "demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "مؤسسة النخبة للمقاولات" in page
    assert "مستخدم رئيسي (يدير المنشأة)" in page


def printed_totp_key(lines: list[str], username: str) -> bytes:
    """The key of the otpauth:// URI printed right under `username`'s log-in."""
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{username} / "))
    uri = urlsplit(lines[index + 1].split("second factor (TOTP): ", 1)[1])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert parse_qs(uri.query)["issuer"] == ["Muqeem Tawasul"]
    return b32decode(parse_qs(uri.query)["secret"][0])


@pytest.mark.parametrize("username", ["staff", "admin"])
def test_demo_staff_log_in_to_the_admin_with_the_printed_second_factor(client, username):
    lines = demo.load_demo()
    key = printed_totp_key(lines, username)
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("staffauth:verify"))
    # What a script does with the printed URI: compute the code of this 30-second step.
    response = client.post(response.url, {"code": f"{totp(key):06d}"})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_portal_users_get_no_second_factor_line():
    lines = demo.load_demo()
    assert lines[1].startswith("demo_sub / ")
    assert not TOTPDevice.objects.filter(user__is_staff=False).exists()


def test_totp_code_prints_the_demo_authenticators_code_and_nothing_else(capsys):
    lines = demo.load_demo()
    call_command("totp_code", "staff")
    assert capsys.readouterr().out.strip() == f"{totp(printed_totp_key(lines, 'staff')):06d}"
    # Any other device is none of its business, even a staff member's.
    other = User.objects.get(username="admin")
    TOTPDevice.objects.filter(user=other).update(name="her own phone")
    with pytest.raises(CommandError):
        call_command("totp_code", "admin")
