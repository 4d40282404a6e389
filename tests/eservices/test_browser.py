"""A refused e-service in a real browser: the reason, and the "تواصل" link beside it."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from tawasul.models import Incident
from tests.eservices.factories import EstablishmentAccountFactory, ResidentFactory
from tests.factories import DEMO_PASSWORD, establishment_with_primary_user
from tests.fixtures.browser import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_a_refused_visa_shows_the_reason_and_the_tawasul_link(page):
    establishment = establishment_with_primary_user(username="owner")
    EstablishmentAccountFactory(establishment=establishment, balance=Decimal("5000"))
    ResidentFactory.create_batch(3, establishment=establishment)
    fined = ResidentFactory(
        establishment=establishment,
        full_name="جون سانتوس",
        traffic_violations_amount=Decimal("750"),
    )

    log_in(page, username="owner", password=DEMO_PASSWORD, next_path="/eservices/")
    assert page.get_by_role("heading", level=1).inner_text() == "إدارة المقيمين"
    axe_check(page)

    page.get_by_label("البحث برقم الإقامة أو الاسم").fill(
        fined.iqama_number.translate(ARABIC_DIGITS)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="بحث").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    with page.expect_navigation():
        rows.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "جون سانتوس"
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="إصدار تأشيرة خروج وعودة").click()
    page.get_by_label("خروج وعودة مفردة").check()
    page.get_by_label("المدة").select_option("2")
    with page.expect_navigation():
        page.get_by_role("button", name="إصدار التأشيرة").click()

    alert = page.get_by_role("alert")
    assert "على المقيم مخالفات مرورية غير مسددة بمبلغ 750.00 ريال." in alert.inner_text()
    incident = Incident.objects.get()
    assert incident.reference in alert.inner_text()
    link = alert.get_by_role("link", name="تواصل")
    assert link.get_attribute("href") == f"/tawasul/new/?incident={incident.reference}"
    axe_check(page)


def test_the_404_page_offers_the_tawasul_link_to_anonymous_visitors(page):
    page.goto("/no-such-page/")

    assert page.get_by_role("heading", level=1).inner_text() == "الصفحة غير موجودة"
    incident = Incident.objects.get()
    assert incident.reference in page.locator("main").inner_text()
    axe_check(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="تواصل").click()
    url = urlsplit(page.url)
    assert url.path == "/accounts/login/"
    assert parse_qs(url.query)["next"] == [f"/tawasul/new/?incident={incident.reference}"]
