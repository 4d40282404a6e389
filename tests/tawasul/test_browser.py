"""The seed's nine Tawasul steps in a real browser, by their Arabic labels: from a refused e-service
to the status page, then a staff reply in the admin that the applicant reads and answers. axe-core
checks every Tawasul page on the way."""

import re
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation

from accounts import demo as accounts_demo
from accounts.roles import TAWASUL_AGENTS
from eservices import demo as eservices_demo
from tawasul.models import TawasulRequest
from tawasul.templatetags.tawasul_tags import hijri
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.fixtures.browser import axe_check, log_in, staff_admin_page
from tests.tawasul.factories import HTML_PAGE, pdf_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"TW-\d{4}-\d{7}")
CODENAMES = import_module("tawasul.migrations.0003_grant_agents").CODENAMES
DESCRIPTION = "جُدد جواز سفر المقيم لدى سفارته ولم تتحدث بياناته في النظام، فرُفضت التأشيرة."
STAFF_REPLY = "نرجو إرفاق صورة صفحة البيانات من الجواز الجديد."


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def agent_replies_in_the_admin(browser, live_server, number: str) -> None:
    """A Tawasul agent, in their own browser, answers the request and returns it to the user."""
    agent = UserFactory(is_staff=True, full_name="موظف تواصل")
    # Transactional tests flush the data migrations' rows: make the group as the migration does.
    group, _created = Group.objects.get_or_create(name=TAWASUL_AGENTS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="tawasul", codename__in=CODENAMES)
    )
    agent.groups.add(group)
    with staff_admin_page(
        browser, live_server, agent, next_path="/admin/tawasul/tawasulrequest/"
    ) as admin:
        # The queue, filtered to new requests, searched by number.
        click_and_wait(admin, admin.get_by_role("link", name="جديد", exact=True))
        admin.locator("#searchbar").fill(number)
        click_and_wait(admin, admin.locator("#changelist-search [type='submit']"))
        click_and_wait(admin, admin.get_by_role("link", name=number))
        admin.locator("textarea[name='replies-2-0-body']").fill(STAFF_REPLY)
        admin.locator("select[name='status']").select_option(label="معاد لمقدم الطلب")
        click_and_wait(admin, admin.locator("input[name='_save']"))
        assert number in admin.locator(".messagelist").inner_text()


def test_from_a_refused_eservice_to_a_request_number_and_a_staff_reply(
    page, browser, live_server, tmp_path
):
    accounts_demo.load_demo()
    eservices_demo.load_demo()
    passport = tmp_path / "جواز السفر الجديد.pdf"
    passport.write_bytes(pdf_bytes())
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes())
    disguised = tmp_path / "receipt.pdf"
    disguised.write_bytes(HTML_PAGE)

    # 1. Log in to the Muqeem portal.
    log_in(page, username="demo", password=DEMO_PASSWORD)

    # 2. An e-service fails with an error message, and a Tawasul link appears beside it.
    page.goto("/eservices/")
    resident = page.get_by_role("row").filter(has_text="راجو كومار (جواز منتهٍ)")
    click_and_wait(page, resident.get_by_role("link"))
    click_and_wait(page, page.get_by_role("link", name="إصدار تأشيرة خروج وعودة"))
    form = page.locator("main form")
    form.get_by_label("خروج وعودة مفردة").check()
    form.get_by_label("المدة").select_option(index=1)
    click_and_wait(page, form.get_by_role("button", name="إصدار التأشيرة"))
    alert = page.locator(".service-refusal")
    assert "تعذّر إتمام الخدمة" in alert.inner_text()

    # 3. Send a request to the Passports directorate.
    click_and_wait(page, alert.get_by_role("link", name="تواصل"))
    assert page.get_by_role("heading", level=1).inner_text() == "طلب تواصل جديد"

    # 4. The main data appears automatically.
    main_data = page.get_by_role("region", name="البيانات الأساسية").inner_text()
    for value in (
        "عبدالله بن محمد القحطاني",
        "1034567899",
        "مؤسسة النخبة للمقاولات",
        "انتهت صلاحية جواز",
    ):
        assert value in main_data
    assert "passport_expired" not in main_data  # the internal code is for staff
    assert page.get_by_label("القسم").input_value() == "visas"
    assert page.get_by_label("نوع الخدمة").input_value() == "exit_reentry_visa"
    axe_check(page)

    # 5 and 6. Description and documents; a too-short description and a disguised file are refused.
    page.get_by_label("وصف المشكلة").fill("قصير")
    page.get_by_label("المرفقات").set_input_files([str(passport), str(disguised)])
    click_and_wait(page, page.get_by_role("button", name="مراجعة الطلب"))
    errors = page.locator("main").inner_text()
    assert "اكتب وصف المشكلة في 20 حرفًا على الأقل" in errors
    assert "«receipt.pdf» ليس مستند PDF أو JPEG أو PNG" in errors
    assert page.get_by_label("وصف المشكلة").input_value() == "قصير"
    axe_check(page)

    page.get_by_label("وصف المشكلة").fill(DESCRIPTION)
    page.get_by_label("المرفقات").set_input_files([str(passport), str(photo)])
    click_and_wait(page, page.get_by_role("button", name="مراجعة الطلب"))

    # 7. The review shows everything; going back loses nothing; then "تأكيد الإرسال".
    review = page.locator("main").inner_text()
    for value in (DESCRIPTION, "جواز السفر الجديد.pdf", "photo.png", "تأشيرة خروج وعودة"):
        assert value in review
    axe_check(page)
    click_and_wait(page, page.get_by_role("link", name="رجوع للتعديل"))
    assert page.get_by_label("وصف المشكلة").input_value() == DESCRIPTION
    assert "جواز السفر الجديد.pdf" in page.locator("main").inner_text()
    click_and_wait(page, page.get_by_role("button", name="مراجعة الطلب"))
    click_and_wait(page, page.get_by_role("button", name="تأكيد الإرسال"))

    # 8. A page with the request number and all the data.
    assert page.get_by_role("heading", level=1).inner_text() == "تم استلام طلبك"
    number = NUMBER.search(page.locator("#request-number").inner_text()).group()
    received = page.locator("main").inner_text()
    for value in ("عبدالله بن محمد القحطاني", "انتهت صلاحية جواز", DESCRIPTION, "photo.png"):
        assert value in received
    assert "passport_expired" not in received
    axe_check(page)
    assert TawasulRequest.objects.get(number=number).attachments.count() == 2

    # 9. The "تواصل" button shows the request and its status.
    click_and_wait(page, page.locator("header").get_by_role("link", name="تواصل", exact=True))
    row = page.get_by_role("row").filter(has_text=number)
    assert "جديد" in row.inner_text()
    axe_check(page)

    # The same error again: the open request is offered before a new one.
    page.goto("/eservices/")
    resident = page.get_by_role("row").filter(has_text="راجو كومار (جواز منتهٍ)")
    click_and_wait(page, resident.get_by_role("link"))
    click_and_wait(page, page.get_by_role("link", name="إصدار تأشيرة خروج وعودة"))
    form = page.locator("main form")
    form.get_by_label("خروج وعودة مفردة").check()
    form.get_by_label("المدة").select_option(index=1)
    click_and_wait(page, form.get_by_role("button", name="إصدار التأشيرة"))
    click_and_wait(page, page.locator(".service-refusal").get_by_role("link", name="تواصل"))
    assert page.get_by_role("heading", level=1).inner_text() == "لديك طلب مفتوح لهذا الخطأ"
    assert number in page.locator("main").inner_text()
    axe_check(page)
    click_and_wait(page, page.get_by_role("link", name="متابعة الطلب المفتوح"))
    click_and_wait(page, page.locator("header").get_by_role("link", name="تواصل", exact=True))

    # Staff answer in the admin; the applicant reads the reply and answers with a document.
    agent_replies_in_the_admin(browser, live_server, number)
    page.reload()
    row = page.get_by_role("row").filter(has_text=number)
    assert "معاد لمقدم الطلب" in row.inner_text()
    click_and_wait(page, row.get_by_role("link", name=number))
    assert STAFF_REPLY in page.locator("main").inner_text()
    with translation.override("ar"):
        today = hijri(timezone.localdate())  # sent and answered today, Riyadh time
    assert today in page.locator("main").inner_text()
    axe_check(page)
    page.get_by_label("ردك").fill("أرفقت صفحة البيانات من الجواز الجديد.")
    page.get_by_label("مستندات إضافية").set_input_files([str(photo)])
    click_and_wait(page, page.get_by_role("button", name="إرسال الرد"))
    assert "معاد من مقدم الطلب" in page.locator("main").inner_text()
    assert "أُرسل ردك." in page.locator("main").inner_text()
