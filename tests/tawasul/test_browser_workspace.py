"""An agent's day in the staff workspace, in a real browser, by its Arabic labels: log in, the
dashboard, the overdue list, take a request, insert a canned reply, attach a PDF, leave an
internal note, save; then the applicant reads the reply and downloads the document, and never
sees the note. axe-core checks each admin page on the way."""

import os
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from accounts.roles import TAWASUL_AGENTS
from notifications.models import OutboundEmail
from tawasul import services
from tawasul.desk_models import CannedReply, SectionSettings
from tawasul.models import Attachment, Section, ServiceType, TawasulRequest
from tests.factories import DEMO_PASSWORD, UserFactory, totp_device
from tests.fixtures.browser import admin_log_in, axe_check, log_in
from tests.tawasul.factories import TawasulRequestFactory, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENT_CODENAMES = [
    *import_module("tawasul.migrations.0003_grant_agents").CODENAMES,
    "view_assignmentchange",
    "view_sectionsettings",
    "view_publicholiday",
    "view_cannedreply",
    "add_cannedreply",
    "change_cannedreply",
    "view_internalnote",
    "add_internalnote",
]
Status = TawasulRequest.Status
NOTE = "ملاحظة داخلية: الخلل من جهة السفارة، لا تذكره للمراجع."


def screenshot(page, name: str) -> None:
    """For the README: set STAFF_SCREENSHOTS to a folder to keep the pages as pictures."""
    folder = os.environ.get("STAFF_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def a_working_queue(agent, colleague) -> None:
    """A queue with some history, so the dashboard and the queue show what a day looks like."""
    now, today = timezone.now(), timezone.localdate()
    shapes = [
        (Section.VISAS, Status.UNDER_PROCESSING, 12, -3, agent),
        (Section.IQAMA, Status.NEW, 5, -1, None),
        (Section.IQAMA, Status.RETURNED_BY_APPLICANT, 2, 2, colleague),
        (Section.RESIDENTS_AFFAIRS, Status.RETURNED_TO_APPLICANT, 8, 1, colleague),
        (Section.ESTABLISHMENT, Status.NEW, 0.3, 7, None),
        (Section.TECHNICAL, Status.UNDER_PROCESSING, 40, -20, agent),
    ]
    for section, status, days, due_in, assignee in shapes:
        made = TawasulRequestFactory(
            section=section,
            status=status,
            assignee=assignee,
            answer_by=today + timedelta(days=due_in),
            mobile="+966501234567",
        )
        TawasulRequest.objects.filter(pk=made.pk).update(created_at=now - timedelta(days=days))
    for late in (False, False, True):
        TawasulRequestFactory(
            status=Status.PROCESSED,
            answer_by=today + timedelta(days=-1 if late else 1),
            answered_at=now,
        )


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def staff_log_in(page, user, *, next_path: str = "/admin/") -> None:
    """Every staff log-in of these tests: password, then the code of the staff member's app."""
    admin_log_in(
        page,
        username=user.username,
        password=DEMO_PASSWORD,
        device=totp_device(user),
        next_path=next_path,
    )


def tawasul_agent(name: str, *groups: Group):
    # Transactional tests flush the data migrations' rows: make the group as they do.
    agents, _created = Group.objects.get_or_create(name=TAWASUL_AGENTS)
    agents.permissions.add(
        *Permission.objects.filter(content_type__app_label="tawasul", codename__in=AGENT_CODENAMES)
    )
    user = UserFactory(is_staff=True, full_name=name)
    user.groups.add(agents, *groups)
    return user


def overdue_request(applicant) -> TawasulRequest:
    draft = services.draft_save(
        user=applicant,
        section=Section.VISAS,
        service_type=ServiceType.EXIT_REENTRY_VISA,
        description="لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم.",
    )
    tawasul_request = services.draft_submit(draft=draft, user=applicant)
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
        answer_by=timezone.localdate() - timedelta(days=2)
    )
    return tawasul_request


def test_an_agents_day_from_the_dashboard_to_the_applicants_document(page, tmp_path):
    team = Group.objects.create(name="فريق التأشيرات")
    SectionSettings.objects.create(section=Section.VISAS, agents=team)
    agent = tawasul_agent("هند الزهراني", team)
    a_working_queue(agent, tawasul_agent("سلمان العتيبي", team))
    applicant = UserFactory(full_name="سارة القحطاني", email="sara@example.com")
    tawasul_request = overdue_request(applicant)
    CannedReply.objects.create(
        section=Section.VISAS,
        title="طلب خطاب الموافقة",
        body="السيدة {name}، مرفق خطاب الموافقة على طلبك {number}.",
    )
    letter = tmp_path / "خطاب الموافقة.pdf"
    letter.write_bytes(pdf_bytes())

    # 1. Log in; the dashboard is the admin's first page.
    staff_log_in(page, agent)
    assert page.get_by_role("heading", name="طلبات تواصل في لمحة").is_visible()
    assert page.get_by_role("img", name="الطلبات المفتوحة حسب الحالة").is_visible()
    axe_check(page)
    screenshot(page, "dashboard")

    # 2. The overdue list, from the dashboard.
    click_and_wait(page, page.get_by_role("link", name="كل الطلبات المتأخرة"))
    row = page.get_by_role("row").filter(has_text=tawasul_request.number)
    assert "متأخر" in row.inner_text()
    # The queue fits the window at 1280 px: nothing clipped or scrolled sideways.
    assert page.evaluate(
        "() => { const r = document.querySelector('.results');"
        " return r.scrollWidth <= r.clientWidth; }"
    )
    axe_check(page)
    screenshot(page, "queue-overdue")

    # 3. Take the request.
    click_and_wait(page, page.get_by_role("link", name=tawasul_request.number))
    page.get_by_label("المسند إليه").select_option(label="هند الزهراني")

    # 4. A canned reply, filled in for this request, then edited.
    new_reply = page.locator("#replies-2-0")  # the reply form (not the admin's hidden template)
    new_reply.get_by_label("رد جاهز").select_option(label="طلب خطاب الموافقة")
    new_reply.get_by_role("button", name="إدراج").click()
    reply = page.locator("textarea[name='replies-2-0-body']")
    expected = f"السيدة سارة القحطاني، مرفق خطاب الموافقة على طلبك {tawasul_request.number}."
    assert reply.input_value() == expected
    reply.press("End")
    reply.type(" مع التحية.")

    # 5. The document, and a note for colleagues only.
    new_reply.get_by_label("المستندات").set_input_files(str(letter))
    page.locator("textarea[name='internal_notes-0-body']").fill(NOTE)
    axe_check(page)
    click_and_wait(page, page.get_by_role("button", name="حفظ", exact=True))
    assert tawasul_request.number in page.locator(".messagelist").inner_text()
    assert TawasulRequest.objects.get(pk=tawasul_request.pk).assignee == agent

    # 6. The applicant reads the reply and downloads the document; the note is not there.
    applicant_page = page.context.browser.new_context(
        base_url=page.url.split("/admin/")[0], locale="ar"
    ).new_page()
    log_in(applicant_page, username=applicant.username, password=DEMO_PASSWORD)
    applicant_page.goto(reverse("tawasul:request_detail", args=[tawasul_request.number]))
    body = applicant_page.locator("main").inner_text()
    assert f"{expected} مع التحية." in body
    assert NOTE not in applicant_page.content()
    with applicant_page.expect_download() as download:
        # Under the reply in the timeline (the documents list names it too).
        applicant_page.get_by_role("link", name="خطاب الموافقة.pdf").first.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert Attachment.objects.get().original_name == "خطاب الموافقة.pdf"
    # Nor did any e-mail carry the note.
    assert not any(NOTE in str(email.context) for email in OutboundEmail.objects.all())
    applicant_page.context.close()
