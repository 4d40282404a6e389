"""The seed's two subscription journeys in a real browser, by their Arabic labels, through the staff
approval in the admin to the first log-in; axe-core checks every portal page on the way."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from accounts.roles import SUBSCRIPTION_OFFICERS
from notifications.models import OutboundEmail
from subscriptions.models import SubscriptionRequest
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.fixtures.browser import axe_check, log_in, staff_admin_page
from tests.notifications.mail import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"SUB-\d{4}-\d{6}")
NEW_PASSWORD = "Najd-Palm-Tree-91"


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def officer_approves(browser, live_server, number: str) -> None:
    """A subscription officer, in their own browser, approves the request in the admin."""
    officer = UserFactory(is_staff=True, full_name="موظف الاشتراكات")
    # Transactional tests flush the data migrations' rows: make the group as the migration does.
    group, _created = Group.objects.get_or_create(name=SUBSCRIPTION_OFFICERS)
    group.permissions.add(Permission.objects.get(codename="view_subscriptionrequest"))
    officer.groups.add(group)
    with staff_admin_page(
        browser, live_server, officer, next_path="/admin/subscriptions/subscriptionrequest/"
    ) as admin:
        admin.locator("#searchbar").fill(number)
        admin.locator("#searchbar").press("Enter")
        admin.wait_for_load_state()
        row = admin.locator("#result_list tbody tr").filter(has_text=number)
        row.locator("input[name='_selected_action']").check()
        admin.locator("select[name='action']").select_option(label="قبول الطلبات المحددة")
        click_and_wait(admin, admin.get_by_role("button", name="نفّذ"))
        assert "تم قبول 1" in admin.inner_text("body")


def test_an_individual_subscribes_is_approved_activates_and_logs_in(page, browser, live_server):
    # 1. Open the registration link.
    page.goto("/accounts/login/")
    # 2. Click the "طلب اشتراك" tab.
    click_and_wait(page, page.get_by_role("link", name="طلب اشتراك").first)
    assert page.get_by_role("heading", level=1).inner_text() == "طلب اشتراك"
    axe_check(page)
    # 3.–7. Company name, name, (national ID), city, mobile, e-mail; first with a mistake.
    page.get_by_label("اسم الشركة").fill("مؤسسة الريان للتجارة")
    page.get_by_label("الاسم").fill("فهد سعد العتيبي")
    page.get_by_label("رقم الهوية الوطنية / الإقامة").fill("1000000008")
    page.get_by_label("مدينة الفرع الرئيسي").select_option(label="الرياض")
    page.get_by_label("رقم الجوال").fill("0521234567")
    page.get_by_label("البريد الإلكتروني").fill("fahad@example.com")
    # 8. Click "إرسال الطلب".
    click_and_wait(page, page.get_by_role("button", name="إرسال الطلب"))
    assert "أدخل رقم جوال سعوديًا صحيحًا" in page.inner_text("main")
    assert page.get_by_label("اسم الشركة").input_value() == "مؤسسة الريان للتجارة"
    axe_check(page)
    page.get_by_label("رقم الجوال").fill("٠٥٠١٢٣٤٥٦٧")
    click_and_wait(page, page.get_by_role("button", name="إرسال الطلب"))

    # The confirmation: the number, all the data, the next step.
    main = page.inner_text("main")
    number = NUMBER.search(main).group()
    for value in ["مؤسسة الريان للتجارة", "فهد سعد العتيبي", "الرياض", "+966501234567"]:
        assert value in main
    assert "الخطوة التالية" in main
    axe_check(page)
    assert OutboundEmail.objects.filter(
        template="subscriptions/received", to="fahad@example.com"
    ).exists()

    # The status look-up, by number and mobile, before the decision.
    page.get_by_role("link", name="الاستعلام عن حالة طلب").click()
    page.wait_for_load_state()
    page.get_by_label("رقم الطلب").fill(number)
    page.get_by_label("رقم الجوال أو البريد الإلكتروني").fill("0501234567")
    click_and_wait(page, page.get_by_role("button", name="الاستعلام عن الحالة"))
    assert "قيد المراجعة" in page.inner_text("main")
    axe_check(page)

    officer_approves(browser, live_server, number)

    # The activation link from the e-mail: set the password, then log in.
    [email] = [m for m in mail.outbox if "/subscriptions/activate/" in m.body]
    activation_path = link_in(email.body, "/subscriptions/activate/")
    page.goto(activation_path)
    assert "اختر كلمة المرور لحسابك" in page.inner_text("main")
    axe_check(page)
    page.locator("input[name='new_password1']").fill(NEW_PASSWORD)
    page.locator("input[name='new_password2']").fill(NEW_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="حفظ كلمة المرور وتفعيل الحساب"))
    assert "تم تفعيل حسابك" in page.inner_text("main")
    log_in(page, username="1000000008", password=NEW_PASSWORD)
    assert page.locator("header").get_by_role("button", name="تسجيل الخروج").is_visible()

    # The link worked once.
    page.goto(activation_path)
    assert "رابط التفعيل هذا غير صالح" in page.inner_text("main")


def test_an_establishment_subscribes_after_logging_in_and_its_user_becomes_primary(
    page, browser, live_server
):
    requester = UserFactory(full_name="نورة عبدالرحمن السبيعي", mobile="+966541234567")
    # 1.–2. Open the site, log in with username and password.
    page.goto("/")
    log_in(page, username=requester.username, password=DEMO_PASSWORD)
    # 3. Click "طلب اشتراك".
    click_and_wait(page, page.locator("header").get_by_role("link", name="طلب اشتراك"))
    main = page.inner_text("main")
    assert "نورة عبدالرحمن السبيعي" in main
    assert requester.national_id in main
    assert page.get_by_label("رقم الجوال").input_value() == "+966541234567"
    axe_check(page)
    # 4.–6. Company name, city, mobile then e-mail, and the unified number.
    page.get_by_label("اسم الشركة").fill("شركة الأفق للخدمات")
    page.get_by_label("مدينة الفرع الرئيسي").select_option(label="الدمام")
    page.get_by_label("رقم الجوال").fill("0531234567")
    page.get_by_label("البريد الإلكتروني").fill("info@ufuq.example")
    page.get_by_label("الرقم الوطني الموحد").fill("7001234567")
    # 7. Click "إرسال الطلب".
    click_and_wait(page, page.get_by_role("button", name="إرسال الطلب"))
    main = page.inner_text("main")
    number = NUMBER.search(main).group()
    assert "شركة الأفق للخدمات" in main
    assert "7001234567" in main
    axe_check(page)

    officer_approves(browser, live_server, number)

    approval = OutboundEmail.objects.get(template="subscriptions/approved_establishment")
    assert approval.to == "info@ufuq.example"
    assert approval.context["username"] == requester.username
    requester.refresh_from_db()
    assert requester.establishment.name == "شركة الأفق للخدمات"
    assert requester.is_establishment_primary

    page.goto("/subscriptions/")
    row = page.locator("main table tr").filter(has_text=number)
    assert "مقبول" in row.inner_text()
    assert SubscriptionRequest.objects.get(number=number).decided_by.full_name == "موظف الاشتراكات"
