"""The staff log-in in a real browser, by its Arabic labels: password, then the code (a wrong one
refused), then the admin; and the first log-in of someone without an authenticator, whose QR code
is read off the screen as a phone would read it. axe-core checks every page on the way."""

from base64 import b32decode
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django_otp.oath import totp
from PIL import Image

from tests.factories import DEMO_PASSWORD, UserFactory, totp_code, totp_device
from tests.fixtures.browser import axe_check
from tests.staffauth.conftest import wrong_code
from tests.staffauth.test_verify import WRONG_CODE_AR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def password_step(page, user) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    click_and_wait(page, page.locator("[type='submit']"))


def test_staff_give_the_password_then_the_code_and_reach_the_admin(page):
    staff = UserFactory(is_staff=True, is_superuser=True, full_name="موظفة الجوازات")
    device = totp_device(staff)
    password_step(page, staff)
    assert page.get_by_role("heading", level=1).inner_text() == "رمز التحقق"
    assert page.locator("html").get_attribute("dir") == "rtl"
    axe_check(page)

    # A wrong code: refused next to the field, in Arabic; the admin stays shut.
    page.get_by_label("رمز التحقق").fill(wrong_code(device))
    click_and_wait(page, page.get_by_role("button", name="تحقّق"))
    assert page.get_by_text(WRONG_CODE_AR).is_visible()
    assert urlsplit(page.url).path == "/staff/verify/"
    axe_check(page)

    page.get_by_label("رمز التحقق").fill(totp_code(device))
    click_and_wait(page, page.get_by_role("button", name="تحقّق"))
    assert urlsplit(page.url).path == "/admin/"
    assert "إدارة مقيم تواصل" in page.inner_text("#site-name")


def test_a_first_log_in_sets_up_the_authenticator_from_the_qr_code(page):
    import zxingcpp

    staff = UserFactory(is_staff=True, is_superuser=True, full_name="موظف جديد")
    password_step(page, staff)
    assert page.get_by_role("heading", level=1).inner_text() == "إعداد التحقق بخطوتين"
    axe_check(page)

    # The phone's view: the QR code as drawn on screen, decoded.
    picture = Image.open(BytesIO(page.locator("figure svg").screenshot()))
    [scanned] = zxingcpp.read_barcodes(picture)
    uri = urlsplit(scanned.text)
    assert (uri.scheme, uri.netloc, uri.path) == (
        "otpauth",
        "totp",
        f"/Muqeem%20Tawasul%3A{staff.username}",
    )
    secret = parse_qs(uri.query)["secret"][0]
    assert page.locator("#otp-secret").inner_text().replace(" ", "") == secret

    page.get_by_label("رمز التحقق").fill(f"{totp(b32decode(secret)):06d}")
    click_and_wait(page, page.get_by_role("button", name="تأكيد"))
    assert page.get_by_role("heading", level=1).inner_text() == "رموزك الاحتياطية"
    codes = page.locator("ol.backup-codes code").all_inner_texts()
    assert len(set(codes)) == 10
    axe_check(page)

    click_and_wait(page, page.get_by_role("link", name="متابعة"))
    assert urlsplit(page.url).path == "/admin/"
