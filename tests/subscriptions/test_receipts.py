"""A receipt to keep: the confirmation page offers the request's PDF and a print layout; the PDF
reads in logical Arabic order, holds what the confirmation page shows, and its QR code opens the
status look-up with the number filled in. Only who may see the confirmation may have it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from subscriptions.models import SubscriptionRequest
from tests.factories import UserFactory
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory
from tests.subscriptions.test_views import INDIVIDUAL
from tests.tawasul.test_receipts import pdf_text_and_qr

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("subscriptions:status")


def receipt_url(number: str) -> str:
    return reverse("subscriptions:receipt", args=[number])


def lookup_url(number: str) -> str:
    return f"{STATUS_URL}?{urlencode({'number': number})}"


@pytest.fixture
def sent(client) -> SubscriptionRequest:
    """An individual request sent through the form from `client`'s browser, on 2 December 2026."""
    client.post(reverse("subscriptions:individual"), INDIVIDUAL)
    subscription_request = SubscriptionRequest.objects.get()
    subscription_request.created_at = datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Asia/Riyadh"))
    subscription_request.save(update_fields=["created_at"])
    return subscription_request


def test_the_receipt_reads_in_logical_arabic_order_and_its_qr_opens_the_look_up(client, sent):
    response = client.get(receipt_url(sent.number))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{sent.number}.pdf"'
    assert "no-store" in response["Cache-Control"]
    text, qr_codes = pdf_text_and_qr(response.content)
    lines = text.splitlines()
    # Whole Arabic lines, letter for letter in reading order (not reversed, not broken): the data
    # of the confirmation page. (Two labels are left out: pypdf misplaces a ligature glyph that
    # opens an Arabic line after a Latin one, «مدينة الفرع الرئيسي» read as «سيمدينة الفرع الرئي»;
    # the PDF's own text map is right, and the values are all here.)
    for expected in (
        "مقيم — إيصال طلب اشتراك",
        "رقم طلبك",
        sent.number,
        "الحالة",
        "قيد المراجعة",
        "النوع",
        "فرد",
        "اسم الشركة",
        "مؤسسة الريان للتجارة",
        "الاسم",
        "فهد سعد العتيبي",
        "رقم الهوية الوطنية / الإقامة",
        "1000000008",
        "الرياض",
        "رقم الجوال",
        "+966501234567",
        "fahad@example.com",
    ):
        assert expected in lines, (expected, lines)
    # The date beside its Hijri date; a line of Arabic words and digits comes out of pypdf in
    # visual runs, so its parts are checked (the line itself: test_the_receipt_dates_...).
    for part in ("2026", "10:30", "جمادى الآخرة", "1448"):
        assert part in text
    assert qr_codes == [f"http://testserver{lookup_url(sent.number)}"]


def test_the_receipt_dates_the_request_in_arabic_order_with_the_hijri_date_beside(sent):
    html = render_to_string(
        "subscriptions/receipt_pdf.html", {"subscription_request": sent, "number": sent.number}
    )
    assert "2 ديسمبر 2026، 10:30 ص — 22 جمادى الآخرة 1448 هـ" in html


def test_the_look_up_opened_from_the_qr_code_has_the_number_filled_in_and_shows_nothing_else(
    client, sent, django_assert_num_queries
):
    visitor = Client()  # whoever scans the code: not the sender's browser
    page = visitor.get(lookup_url(sent.number)).content.decode()
    assert f'name="number" value="{sent.number}"' in page
    # Nothing is looked up by a GET (no query at all), not even with the contact in the link.
    with django_assert_num_queries(0):
        response = visitor.get(f"{STATUS_URL}?number={sent.number}&contact=0501234567")
    page = response.content.decode()
    assert 'id="result-title"' not in page
    for private in ("قيد المراجعة", sent.full_name, sent.company_name, sent.email):
        assert private not in page


def test_the_number_in_the_link_is_only_text_in_the_field(client):
    page = client.get(STATUS_URL, {"number": '"><script>x</script>'}).content.decode()
    assert "<script>x" not in page
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in page


def test_the_receipt_follows_the_active_language(client, sent):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text, _qr = pdf_text_and_qr(client.get(receipt_url(sent.number)).content)
    lines = text.splitlines()
    for expected in ("Muqeem — subscription request receipt", "Under review", "Riyadh"):
        assert expected in lines, (expected, lines)
    assert "22 Jumada al-Akhirah 1448 AH" in text


def test_a_stranger_gets_no_receipt(client, sent):
    assert Client().get(receipt_url(sent.number)).status_code == 404
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(receipt_url(sent.number)).status_code == 404


def test_the_requester_gets_the_receipt_from_another_browser_and_no_one_elses(client, user):
    mine, theirs = EstablishmentRequestFactory(requester=user), EstablishmentRequestFactory()
    client.force_login(user)
    assert client.get(receipt_url(mine.number)).status_code == 200
    assert client.get(receipt_url(theirs.number)).status_code == 404
    assert client.get(receipt_url(IndividualRequestFactory().number)).status_code == 404


def test_the_confirmation_page_offers_the_receipt_and_a_print_stylesheet(client, sent):
    page = client.get(reverse("subscriptions:detail", args=[sent.number])).content.decode()
    assert f'href="{receipt_url(sent.number)}"' in page
    assert 'href="/static/css/print.css" media="print"' in page
    assert 'src="/static/js/print.js"' in page


def test_the_receipt_and_the_confirmation_run_few_queries(
    client, sent, django_assert_max_num_queries
):
    # The session, then the request.
    with django_assert_max_num_queries(2):
        assert client.get(receipt_url(sent.number)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("subscriptions:detail", args=[sent.number])).status_code == 200
