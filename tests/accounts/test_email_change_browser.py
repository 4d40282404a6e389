"""Changing the e-mail address in a real browser: the password asked for next to the field, the
link from the e-mail, the confirmation button; axe-core finds no WCAG 2.1 AA issue on the way."""

import re

import pytest

from accounts import demo
from accounts.services import EMAIL_CHANGE_CONFIRM_TEMPLATE
from notifications.models import OutboundEmail
from notifications.services import email_render
from tests.factories import DEMO_PASSWORD
from tests.fixtures.browser import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("[type='submit']").click()


def test_a_user_changes_their_email_address_with_the_password_and_the_link(page):
    demo.load_demo()
    log_in(page, username="demo", password=DEMO_PASSWORD, next_path="/accounts/profile/edit/")
    form = page.locator("main form")
    form.locator("input[name='email']").fill("demo.new@example.org")
    submit(page, form)

    # Forgotten password: said under the password field, the new address still typed.
    password = page.get_by_label("كلمة المرور الحالية")
    assert "لتغيير بريدك الإلكتروني، أدخل كلمة المرور الحالية." in page.inner_text("main")
    assert password.get_attribute("aria-invalid") == "true"
    assert form.locator("input[name='email']").input_value() == "demo.new@example.org"
    axe_check(page)

    password.fill(DEMO_PASSWORD)
    submit(page, form)
    assert page.get_by_role("heading", level=1).inner_text() == "حسابي"
    assert "افتح الرابط الذي أرسلناه إلى demo.new@example.org" in page.inner_text("main")
    assert "بانتظار التأكيد: demo.new@example.org" in page.inner_text("main")
    axe_check(page)

    email = OutboundEmail.objects.get(template=EMAIL_CHANGE_CONFIRM_TEMPLATE)
    link = re.search(r"https?://\S+/confirm/\S+/", email_render(email).body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    assert page.get_by_role("heading", level=1).inner_text() == "تأكيد بريدك الإلكتروني الجديد"
    axe_check(page)
    submit(page, page.locator("main form"))
    assert "أصبح بريدك الإلكتروني الآن demo.new@example.org." in page.inner_text("main")
