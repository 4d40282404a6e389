"""Answer-by dates: counted in working days (Sunday to Thursday, public holidays off), set when a
request arrives, stopped while it waits for the applicant, shown to staff and to the applicant;
supervisors and the assignee are e-mailed once when it passes."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutboundEmail
from tawasul import services, sla
from tawasul.desk_models import PublicHoliday, SectionSettings
from tawasul.desk_services import requests_notify_overdue
from tawasul.models import Section, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
THURSDAY = date(2026, 12, 3)
QUEUE = reverse("admin:tawasul_tawasulrequest_changelist")


@pytest.fixture
def today(monkeypatch):
    """The desk's calendar day, set by the test (the code asks timezone.localdate())."""

    def set_today(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    set_today(THURSDAY)
    return set_today


def test_the_weekend_and_public_holidays_are_not_counted():
    assert sla.add_working_days(THURSDAY, 1, set()) == date(2026, 12, 6)  # Friday, Saturday off
    assert sla.add_working_days(THURSDAY, 1, {date(2026, 12, 6)}) == date(2026, 12, 7)
    assert sla.add_working_days(THURSDAY, 7, set()) == date(2026, 12, 14)
    assert sla.working_days_between(THURSDAY, date(2026, 12, 14), set()) == 7


def test_a_request_gets_its_sections_target_from_the_day_it_arrives(sent_request, today):
    PublicHoliday.objects.create(date=date(2026, 12, 7), name="يوم وطني")
    SectionSettings.objects.create(section=Section.VISAS, answer_days=2)
    tawasul_request = sent_request()  # a visas request, sent on a Thursday
    # Friday, Saturday off; Sunday counts; Monday is a holiday; Tuesday is the second day.
    assert tawasul_request.answer_by == date(2026, 12, 8)


def test_without_settings_a_section_has_seven_working_days(sent_request, today):
    assert sent_request().answer_by == date(2026, 12, 14)


def test_the_clock_stops_while_the_applicant_answers(sent_request, applicant, agent, today):
    tawasul_request = sent_request()  # Thursday 3rd: answer by Monday 14th
    today(date(2026, 12, 8))  # Tuesday: 4 working days left (9, 10, 13, 14)
    services.request_change_status(
        tawasul_request=tawasul_request,
        to_status=Status.RETURNED_TO_APPLICANT,
        changed_by=agent,
    )
    today(date(2026, 12, 20))  # the applicant answers twelve days later, on a Sunday
    services.request_answer(tawasul_request=tawasul_request, user=applicant, body="أرفقت الجواز.")
    tawasul_request.refresh_from_db()
    # Four working days after Sunday the 20th: 21, 22, 23, 24.
    assert tawasul_request.answer_by == date(2026, 12, 24)
    assert tawasul_request.sla_days_left is None


def test_the_queue_marks_and_filters_overdue_requests(client, agent, today):
    late = TawasulRequestFactory(answer_by=date(2026, 12, 2))
    on_time = TawasulRequestFactory(answer_by=THURSDAY)
    waiting_for_applicant = TawasulRequestFactory(
        answer_by=date(2026, 12, 1), status=Status.RETURNED_TO_APPLICANT
    )
    verified_login(client, agent)
    with translation.override("ar"):
        page = client.get(QUEUE, {"due": "overdue"}).content.decode()
    assert late.number in page
    assert on_time.number not in page and waiting_for_applicant.number not in page
    row = page[page.index(late.number) :]
    row = row[: row.index("</tr>")]
    assert "2 ديسمبر 2026" in row and 'class="admin-overdue">متأخر<' in row


def test_the_applicant_sees_the_answer_by_date_on_their_request(client, sent_request, applicant):
    tawasul_request = sent_request()
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(answer_by=date(2026, 12, 14))
    client.force_login(applicant)
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    line = page[page.index('id="answer-by"') :]
    line = " ".join(line[: line.index("</p>")].split())
    assert "14 ديسمبر 2026" in line and "1448" in line


def test_overdue_requests_are_emailed_once_to_supervisors_and_the_assignee(
    agent, today, django_capture_on_commit_callbacks
):
    supervisors = Group.objects.create(name="مشرفو التأشيرات")
    boss = UserFactory(is_staff=True, email="boss@example.com")
    boss.groups.add(supervisors)
    outsider = UserFactory(is_staff=True, email="other@example.com")
    SectionSettings.objects.create(section=Section.VISAS, supervisors=supervisors)
    late = TawasulRequestFactory(answer_by=date(2026, 12, 2), assignee=agent)
    TawasulRequestFactory(answer_by=THURSDAY)  # due today: not late yet
    TawasulRequestFactory(answer_by=date(2026, 12, 1), status=Status.PROCESSED)

    assert requests_notify_overdue() == 1
    assert requests_notify_overdue() == 0  # a second run (or a restarted worker) sends nothing
    emails = OutboundEmail.objects.filter(template="tawasul/overdue")
    assert sorted(emails.values_list("to", flat=True)) == sorted([boss.email, agent.email])
    assert outsider.email not in emails.values_list("to", flat=True)
    assert {e.context["number"] for e in emails} == {late.number}
