"""On the number page a requester downloads the PDF receipt and prints the page without the
portal's chrome."""

from pathlib import Path

import pytest

from tests.factories import DEMO_PASSWORD, establishment_with_primary_user
from tests.fixtures.browser import axe_check, log_in
from tests.tawasul.factories import TawasulRequestFactory
from tests.tawasul.test_receipts import pdf_text_and_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_number_page_gives_a_pdf_receipt_and_prints_cleanly(page, live_server):
    user = establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user
    tawasul_request = TawasulRequestFactory(requester=user)
    number_page = f"/tawasul/requests/{tawasul_request.number}/received/"
    log_in(page, username=user.username, password=DEMO_PASSWORD, next_path=number_page)
    axe_check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="تنزيل الإيصال (PDF)").click()
    text, qr_codes = pdf_text_and_qr(Path(download_info.value.path()).read_bytes())
    assert tawasul_request.number in text.splitlines()
    assert "سارة أحمد القحطاني" in text.splitlines()
    assert qr_codes == [f"{live_server.url}/tawasul/requests/{tawasul_request.number}/"]

    # On paper: the data, without the header, the footer or the buttons.
    assert page.get_by_role("button", name="طباعة").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#request-number").is_visible()
    assert not page.locator("header.portal-header").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("button", name="طباعة").is_visible()
