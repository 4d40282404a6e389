"""On the confirmation page an individual downloads the PDF receipt and prints the page without
the portal's chrome; the receipt's QR code opens the status look-up, in another browser, with the
number filled in. axe-core checks both pages in Arabic and in English."""

from pathlib import Path

import pytest

from subscriptions.models import SubscriptionRequest
from tests.fixtures.browser import DEFAULT_TIMEOUT_MS, axe_check
from tests.tawasul.test_receipts import pdf_text_and_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_an_individual_request(page) -> SubscriptionRequest:
    page.goto("/subscriptions/individual/")
    page.get_by_label("اسم الشركة").fill("مؤسسة الريان للتجارة")
    page.get_by_label("الاسم").fill("فهد سعد العتيبي")
    page.get_by_label("رقم الهوية الوطنية / الإقامة").fill("1000000008")
    page.get_by_label("مدينة الفرع الرئيسي").select_option(label="الرياض")
    page.get_by_label("رقم الجوال").fill("0501234567")
    page.get_by_label("البريد الإلكتروني").fill("fahad@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="إرسال الطلب").click()
    return SubscriptionRequest.objects.get()


def switch_language(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name=name).click()


def test_the_confirmation_gives_a_pdf_receipt_whose_code_opens_the_look_up_and_prints_cleanly(
    page, browser, live_server
):
    sent = send_an_individual_request(page)
    assert page.locator("#request-number").inner_text() == sent.number
    axe_check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="تنزيل الإيصال (PDF)").click()
    text, qr_codes = pdf_text_and_qr(Path(download_info.value.path()).read_bytes())
    assert sent.number in text.splitlines()
    assert "فهد سعد العتيبي" in text.splitlines()
    status_url = f"{live_server.url}/subscriptions/status/?number={sent.number}"
    assert qr_codes == [status_url]

    # On paper: the data, without the header, the footer or the buttons.
    assert page.get_by_role("button", name="طباعة").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#request-number").is_visible()
    assert page.get_by_text("فهد سعد العتيبي").is_visible()
    assert not page.locator("header.portal-header").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("button", name="طباعة").is_visible()
    assert not page.get_by_role("link", name="تنزيل الإيصال (PDF)").is_visible()
    page.emulate_media(media="screen")

    # The code scanned on a phone: another browser, the number filled in, nothing shown of it.
    phone = browser.new_context(locale="ar")
    phone.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        scanned = phone.new_page()
        scanned.goto(status_url)
        assert scanned.get_by_label("رقم الطلب").input_value() == sent.number
        assert scanned.get_by_label("رقم الجوال أو البريد الإلكتروني").input_value() == ""
        assert "فهد سعد العتيبي" not in scanned.inner_text("main")
        axe_check(scanned)
        scanned.get_by_label("رقم الجوال أو البريد الإلكتروني").fill("0501234567")
        with scanned.expect_navigation():
            scanned.get_by_role("button", name="الاستعلام عن الحالة").click()
        assert "قيد المراجعة" in scanned.inner_text("main")
    finally:
        phone.close()

    # In English: the confirmation and the look-up, checked again.
    switch_language(page, "English")
    assert page.get_by_role("link", name="Download the receipt (PDF)").is_visible()
    assert page.get_by_role("button", name="Print").is_visible()
    axe_check(page)
    page.goto(f"/subscriptions/status/?number={sent.number}")
    assert page.get_by_label("Request number").input_value() == sent.number
    axe_check(page)
