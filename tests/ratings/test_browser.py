"""From the e-mail's link, without logging in, a requester rates the answer; the link works once."""

import re

import pytest
from django.core import mail

from tawasul import services
from tawasul.models import TawasulRequest
from tests.factories import UserFactory
from tests.fixtures.browser import axe_check
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rating_through_the_e_mailed_link_and_a_second_attempt_refused(page, applicant):
    # A staff member (the agents group is gone after a transactional test flushes the database).
    agent = UserFactory(full_name="موظف تواصل", is_staff=True)
    tawasul_request = TawasulRequestFactory(
        requester=applicant, status=TawasulRequest.Status.UNDER_PROCESSING
    )
    services.request_change_status(
        tawasul_request=tawasul_request,
        to_status=TawasulRequest.Status.PROCESSED,
        changed_by=agent,
    )
    link = re.search(r"https?://\S+(/rate/[^/\s]+/)", mail.outbox[-1].body).group(1)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "قيّم الرد"
    axe_check(page)
    page.get_by_label("4 — جيد").check()
    page.get_by_label("تعليق (اختياري)").fill("رد واضح وسريع.")
    page.get_by_role("button", name="إرسال التقييم").click()
    page.wait_for_load_state()
    assert "شكرًا، سُجّل تقييمك." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="إرسال التقييم").count() == 0

    # The same link again, in English: rated already, no form.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(link)
    assert "This request has already been rated." in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Send the rating").count() == 0
    axe_check(page)
    assert tawasul_request.rating.score == 4
