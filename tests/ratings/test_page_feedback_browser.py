"""In a real browser: a requester answers «هل كانت هذه الصفحة مفيدة؟» on their request's number
page (no, with a reason), is thanked there, answers another page in English; staff find both
answers counted in the admin."""

import pytest
from django.urls import reverse

from tests.factories import DEMO_PASSWORD, UserFactory
from tests.fixtures.browser import axe_check, log_in, staff_admin_page
from tests.pages import row_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_an_answer_on_the_number_page_is_thanked_and_counted_for_staff(
    page, browser, live_server, applicant, sent_request
):
    tawasul_request = sent_request()
    number_page = reverse("tawasul:request_received", args=[tawasul_request.number])
    log_in(page, username=applicant.username, password=DEMO_PASSWORD, next_path=number_page)
    feedback = page.locator("section.page-feedback")
    assert "هل كانت هذه الصفحة مفيدة؟" in feedback.inner_text()
    axe_check(page)

    page.get_by_text("لم تكن مفيدة؟ أخبرنا بالسبب (اختياري)").click()
    page.get_by_label("الصفحة غير واضحة").check()
    axe_check(page, context="section.page-feedback")  # the reasons, shown now
    click_and_wait(page, page.get_by_role("button", name="إرسال: الصفحة لم تكن مفيدة"))

    assert page.url.endswith(number_page)  # the same page, its number still there
    assert tawasul_request.number in page.locator("#request-number").inner_text()
    assert "شكرًا لملاحظتك." in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="نعم").count() == 0
    assert "أخبرتنا برأيك في فائدة هذه الصفحة" in feedback.inner_text()
    axe_check(page)

    # In English, on another page where something is finished.
    click_and_wait(page, page.get_by_role("button", name="English"))
    page.goto(reverse("accounts:password_change_done"))
    assert "Was this page useful?" in feedback.inner_text()
    axe_check(page)
    click_and_wait(page, page.get_by_role("button", name="Yes", exact=True))
    assert "Thank you for your feedback." in page.locator(".messages").inner_text()

    staff = UserFactory(is_staff=True, is_superuser=True, full_name="مشرف البوابة")
    with staff_admin_page(
        browser, live_server, staff, next_path=reverse("admin:ratings_pagefeedback_changelist")
    ) as admin:
        totals = admin.locator("#page-usefulness").inner_html()
        assert row_with(totals, "رقم طلب تواصل") == "رقم طلب تواصل 0 1 0٪"
        assert row_with(totals, "تم تغيير كلمة المرور") == "تم تغيير كلمة المرور 1 0 100٪"
        counters = admin.locator("#result_list").inner_html()
        assert "الصفحة غير واضحة" in row_with(counters, "رقم طلب تواصل")
        assert "الإنجليزية" in row_with(counters, "تم تغيير كلمة المرور")
