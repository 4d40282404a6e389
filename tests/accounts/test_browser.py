"""The account pages in a real browser: usable by hand, and axe-core finds no WCAG 2.1 AA issue."""

import pytest
from django.core import mail

from accounts import demo
from tests.factories import DEMO_PASSWORD
from tests.fixtures.browser import axe_check, log_in
from tests.notifications.mail import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("[type='submit']").click()


def test_login_errors_and_lockout_are_readable_and_accessible(page):
    demo.load_demo()
    page.goto("/accounts/login/")
    form = page.locator("main form")
    for attempt in range(1, 6):
        form.locator("input[name='username']").fill("demo")
        form.locator("input[name='password']").fill(f"wrong-{attempt}")
        submit(page, form)
        if attempt == 1:
            assert "اسم المستخدم أو كلمة المرور غير صحيحة" in page.inner_text("main")
            assert form.locator("input[name='username']").input_value() == "demo"
            axe_check(page)
    alert = page.get_by_role("alert")
    assert "أُقفل هذا الحساب لمدة 15 دقيقة" in alert.inner_text()
    axe_check(page)


def test_account_pages_and_password_change_are_accessible(page):
    demo.load_demo()
    log_in(page, username="demo", password=DEMO_PASSWORD, next_path="/accounts/profile/")
    assert page.get_by_role("heading", level=1).inner_text() == "حسابي"
    assert "مؤسسة النخبة للمقاولات" in page.inner_text("main")
    axe_check(page)

    page.get_by_role("link", name="تعديل بيانات التواصل").click()
    page.wait_for_load_state()
    form = page.locator("main form")
    form.locator("input[name='mobile']").fill("052")
    submit(page, form)
    assert "أدخل رقم جوال سعوديًا صحيحًا" in page.inner_text("main")
    axe_check(page)

    page.goto("/accounts/password/change/")
    axe_check(page)
    form = page.locator("main form")
    form.locator("input[name='old_password']").fill(DEMO_PASSWORD)
    form.locator("input[name='new_password1']").fill("Najd-Palm-Tree-91")
    form.locator("input[name='new_password2']").fill("Najd-Palm-Tree-91")
    submit(page, form)
    assert page.get_by_role("heading", level=1).inner_text() == "تم تغيير كلمة المرور"
    axe_check(page)


def test_password_reset_journey_in_english(page, live_server):
    demo.load_demo()
    page.context.add_cookies([{"name": "muqeem_language", "value": "en", "url": live_server.url}])
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_load_state()
    axe_check(page)
    form = page.locator("main form")
    form.locator("input[name='email']").fill("demo@example.com")
    submit(page, form)
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    axe_check(page)

    [sent] = [m for m in mail.outbox if m.to == ["demo@example.com"]]
    page.goto(link_in(sent.body, "/accounts/password/reset/"))
    axe_check(page)
    form = page.locator("main form")
    form.locator("input[name='new_password1']").fill("Najd-Palm-Tree-91")
    form.locator("input[name='new_password2']").fill("Najd-Palm-Tree-91")
    submit(page, form)
    assert page.get_by_role("heading", level=1).inner_text() == "Password saved"
    axe_check(page)
    log_in(page, username="demo", password="Najd-Palm-Tree-91")
    assert page.locator("header").get_by_role("button", name="Log out").is_visible()
