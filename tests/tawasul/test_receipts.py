"""A receipt to keep: the request's PDF reads in logical Arabic order and its QR code opens the
request's status page."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم."


def receipt_url(tawasul_request) -> str:
    return reverse("tawasul:request_receipt", args=[tawasul_request.number])


def pdf_text_and_qr(content: bytes) -> tuple[str, list[str]]:
    page = PdfReader(io.BytesIO(content)).pages[0]
    decoded = []
    for image in page.images:
        picture = Image.open(io.BytesIO(image.data)).convert("L")
        decoded += [barcode.text for barcode in zxingcpp.read_barcodes(picture)]
    return page.extract_text(), decoded


def test_the_receipt_reads_in_logical_arabic_order_and_its_qr_opens_the_status_page(
    client, applicant
):
    tawasul_request = TawasulRequestFactory(requester=applicant, description=DESCRIPTION)
    client.force_login(applicant)

    response = client.get(receipt_url(tawasul_request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{tawasul_request.number}.pdf"'
    text, qr_codes = pdf_text_and_qr(response.content)
    lines = text.splitlines()
    # Whole Arabic sentences, letter for letter in reading order (not reversed, not broken).
    for expected in (
        "مقيم تواصل — إيصال طلب",
        "رقم طلبك",
        tawasul_request.number,
        "الحالة",
        "جديد",
        "الاسم",
        "سارة أحمد القحطاني",
        "نوع الخدمة",
        "تأشيرة خروج وعودة",
        "امسح الرمز لفتح صفحة حالة الطلب:",
    ):
        assert expected in lines, (expected, lines)
    assert DESCRIPTION in text.replace("\n", " ")
    assert qr_codes == [
        "http://testserver" + reverse("tawasul:request_detail", args=[tawasul_request.number])
    ]


def test_someone_elses_receipt_is_not_found(client, applicant):
    theirs = TawasulRequestFactory()
    client.force_login(applicant)
    assert client.get(receipt_url(theirs)).status_code == 404


def test_the_request_pages_offer_the_receipt_and_a_print_stylesheet(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant)
    client.force_login(applicant)
    for url in (
        reverse("tawasul:request_received", args=[tawasul_request.number]),
        reverse("tawasul:request_detail", args=[tawasul_request.number]),
    ):
        page = client.get(url).content.decode()
        assert f'href="{receipt_url(tawasul_request)}"' in page
        assert 'href="/static/css/print.css" media="print"' in page
