"""A staff member without an authenticator sets one up at their first log-in: scan the QR code
(or type the key), confirm with a code, and receive ten backup codes, shown this once."""

import re
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import totp_code, totp_device
from tests.staffauth.conftest import ADMIN, SETUP, VERIFY, password_step, wrong_code

pytestmark = pytest.mark.django_db

WRONG_SETUP_CODE_AR = (
    "الرمز غير صحيح. أدخل الرمز المكوّن من 6 أرقام الذي يعرضه التطبيق الآن لهذا الحساب، "
    "وتأكد من صحة ساعة هاتفك."
)
LOCKED_AR = "رموز خاطئة كثيرة. لحمايتك أُقفلت الخطوة الثانية؛ حاول مرة أخرى بعد 15 دقيقة."
BACKUP_CODE = re.compile(r"<code[^>]*>([a-z2-9]{5}-[a-z2-9]{5})</code>")


def shown_key(page: str) -> str:
    return re.search(r'id="otp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff):
    response = client.get(password_step(client, staff).url)
    assert (response.status_code, response.url) == (302, f"{SETUP}?next=%2Fadmin%2F")
    page = client.get(response.url).content.decode()
    assert "إعداد التحقق بخطوتين" in page
    assert '<svg role="img"' in page
    assert "<title>رمز QR لتطبيق المصادقة</title>" in page
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert shown_key(page) == b32encode(device.bin_key).decode()
    # Reloading the page (the QR code already scanned) shows the same key.
    assert shown_key(client.get(SETUP).content.decode()) == shown_key(page)
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    assert client.get(ADMIN).status_code == 302


def test_a_confirmed_code_sets_up_the_app_and_shows_ten_backup_codes_once(client, staff):
    password_step(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(f"{SETUP}?next=/admin/tawasul/", {"code": totp_code(device)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "رموزك الاحتياطية" in page
    codes = BACKUP_CODE.findall(page)
    assert len(set(codes)) == 10
    assert 'href="/admin/tawasul/"' in page
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    # This session passed the second factor; the codes are never shown again.
    assert client.get(ADMIN).status_code == 200
    assert client.get(SETUP).status_code == 302
    # At the next log-in, one of those codes stands in for the app.
    later = Client()
    password_step(later, staff)
    assert later.post(VERIFY, {"code": codes[3]}).status_code == 302
    assert later.get(ADMIN).status_code == 200


def test_a_wrong_confirmation_code_is_refused_in_arabic_and_keeps_the_key(client, staff):
    password_step(client, staff)
    key = shown_key(client.get(SETUP).content.decode())
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"code": wrong_code(device)})
    page = response.content.decode()
    assert WRONG_SETUP_CODE_AR in page
    assert shown_key(page) == key
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(ADMIN).status_code == 302


def test_confirmation_codes_are_limited_like_log_in_codes(client, staff):
    password_step(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    for _attempt in range(5):
        client.post(SETUP, {"code": wrong_code(device)})
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 429
    assert LOCKED_AR in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_with_an_authenticator_the_password_cannot_set_up_another(client, staff):
    # Whoever learns a staff password cannot add their own phone to the account.
    device = totp_device(staff)
    password_step(client, staff)
    response = client.get(SETUP)
    assert (response.status_code, response.url) == (302, f"{VERIFY}?next=%2Fadmin%2F")
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=staff)) == [device]
    assert client.get(ADMIN).status_code == 302


def test_the_set_up_form_needs_the_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    assert client.post(SETUP, {"code": totp_code(device)}).status_code == 403
    device.refresh_from_db()
    assert not device.confirmed


def test_the_set_up_page_keeps_to_the_content_security_policy(client, staff):
    # The QR code is inline SVG drawn with attributes: no script, no style the policy would refuse.
    password_step(client, staff)
    response = client.get(SETUP)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert "style=" not in page
    assert "<script>" not in page and "<style" not in page
