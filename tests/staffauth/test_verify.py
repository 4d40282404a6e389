"""Staff log in to the admin in two steps: the password, then the code their authenticator app
shows (or a backup code). Nothing of the admin opens on the password alone, and guessing codes
gets a handful of tries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staffauth import services
from tests.factories import DEMO_PASSWORD, UserFactory, totp_code, verified_login
from tests.staffauth.conftest import ADMIN, SETUP, VERIFY, password_step, wrong_code

pytestmark = pytest.mark.django_db

WRONG_CODE_AR = (
    "الرمز غير صحيح. أدخل الرمز الذي يعرضه تطبيق المصادقة الآن، أو رمزًا احتياطيًا لم يُستخدم."
)
LOCKED_AR = "رموز خاطئة كثيرة. لحمايتك أُقفلت الخطوة الثانية؛ حاول مرة أخرى بعد 15 دقيقة."


def test_the_password_alone_leads_to_the_code_not_the_admin(client, staff, device):
    response = password_step(client, staff, next_url="/admin/tawasul/")
    assert (response.status_code, response.url) == (302, f"{VERIFY}?next=%2Fadmin%2Ftawasul%2F")
    # Any admin page sends them back to the code.
    response = client.get("/admin/tawasul/", follow=True)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    page = response.content.decode()
    assert "<h1" in page and "رمز التحقق" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_opens_the_admin_under_a_new_session_id(client, staff, device):
    password_step(client, staff)
    before = client.cookies["sessionid"].value
    response = client.post(f"{VERIFY}?next=/admin/", {"code": totp_code(device)})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert client.cookies["sessionid"].value != before
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused_in_arabic(client, staff, device):
    password_step(client, staff)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert WRONG_CODE_AR in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_a_code_already_used_is_refused(client, staff, device):
    # A code read over someone's shoulder is worth nothing once they used it.
    code = totp_code(device)
    password_step(client, staff)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    thief = Client()
    password_step(thief, staff)
    assert WRONG_CODE_AR in thief.post(VERIFY, {"code": code}).content.decode()
    assert thief.get(ADMIN).status_code == 302


def test_a_backup_code_works_once_in_place_of_the_app(client, staff, device):
    codes = services.backup_codes_replace(user=staff)
    assert len(codes) == 10
    password_step(client, staff)
    # Typed loosely: capitals, a space for the dash, Arabic-Indic digits are all the same code.
    loosely = codes[0].upper().replace("-", " ").translate(str.maketrans("23456789", "٢٣٤٥٦٧٨٩"))
    assert client.post(VERIFY, {"code": loosely}).status_code == 302
    assert client.get(ADMIN).status_code == 200
    later = Client()
    password_step(later, staff)
    assert WRONG_CODE_AR in later.post(VERIFY, {"code": codes[0]}).content.decode()
    assert later.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_backup_codes_are_stored_only_as_keyed_hashes(staff, device):
    codes = services.backup_codes_replace(user=staff)
    stored = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert len(stored) == len(set(codes)) == 10
    for code in codes:
        bare = code.replace("-", "")
        assert not any(bare[:5] in token or bare[5:] in token for token in stored)
    # A new set replaces the old one entirely.
    services.backup_codes_replace(user=staff)
    assert not StaticToken.objects.filter(token__in=stored).exists()


def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(client, staff, device):
    password_step(client, staff)
    for _attempt in range(5):
        client.post(VERIFY, {"code": wrong_code(device)})
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 429
    assert LOCKED_AR in response.content.decode()
    assert client.get(ADMIN).status_code == 302
    # The lock is the account's: a fresh log-in with the password is locked too.
    fresh = Client()
    password_step(fresh, staff)
    assert LOCKED_AR in fresh.get(VERIFY).content.decode()
    # A quarter of an hour later the right code opens the admin, and the count starts again.
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(minutes=16)
    device.save()
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_once_locked_each_further_wrong_code_locks_again(client, staff, device):
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=5)
    device.refresh_from_db()
    device.throttling_failure_timestamp = device.created_at - timedelta(minutes=16)
    device.save()
    password_step(client, staff)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert LOCKED_AR in response.content.decode()
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 429


def test_wrong_app_codes_and_wrong_backup_codes_count_together(client, staff, device):
    services.backup_codes_replace(user=staff)
    password_step(client, staff)
    for code in ("aaaaa-bbbbb", wrong_code(device), "ccccc-ddddd", wrong_code(device)):
        assert client.post(VERIFY, {"code": code}).status_code == 200
    # The fifth wrong one, whatever its kind, locks.
    assert LOCKED_AR in client.post(VERIFY, {"code": "x"}).content.decode()
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 429


def test_the_code_page_is_only_for_staff_between_the_two_steps(client, staff, device):
    response = client.get(f"{VERIFY}?next=/admin/tawasul/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    client.force_login(UserFactory())  # a portal user
    assert client.get(VERIFY).status_code == 404
    assert client.get(SETUP).status_code == 404
    verified_login(client, staff)
    assert client.get(f"{VERIFY}?next=/admin/tawasul/").url == "/admin/tawasul/"


def test_a_next_address_on_another_site_is_ignored(client, staff, device):
    password_step(client, staff, next_url="https://evil.example/")
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": totp_code(device)})
    assert (response.status_code, response.url) == (302, ADMIN)


def test_the_code_form_needs_the_csrf_token(staff, device):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 403
    assert client.get(ADMIN).status_code == 302


def test_the_code_page_is_never_stored_by_a_browser_or_proxy(client, staff, device):
    password_step(client, staff)
    response = client.get(VERIFY)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_staff_logged_in_on_the_portal_give_the_code_before_the_admin(client, staff, device):
    client.post(reverse("accounts:login"), {"username": staff.username, "password": DEMO_PASSWORD})
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_removing_the_device_ends_the_admin_for_its_sessions(client, staff, device):
    # How a system administrator answers a lost phone: the sessions it verified lose the admin,
    # and the next log-in sets up a new authenticator.
    verified_login(client, staff)
    assert client.get(ADMIN).status_code == 200
    device.delete()
    assert client.get(ADMIN).status_code == 302
    assert client.get(VERIFY).url == f"{SETUP}?next=%2Fadmin%2F"


def test_the_code_page_speaks_english_to_those_who_chose_it(client, staff, device):
    client.cookies["muqeem_language"] = "en"
    password_step(client, staff)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Verification code" in page
    assert "The code is not correct." in page
