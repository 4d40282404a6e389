"""The staff dashboard on the admin index: Tawasul figures for agents, pending subscription
requests for officers, each chart with its numbers in a table, in a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import SUBSCRIPTION_OFFICERS
from tawasul.desk_selectors import dashboard_for
from tawasul.models import Section, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.ratings.factories import RatingFactory
from tests.subscriptions.factories import IndividualRequestFactory
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
INDEX = reverse("admin:index")


def sent(days_ago: float, **fields) -> TawasulRequest:
    tawasul_request = TawasulRequestFactory(**fields)
    created = timezone.now() - timedelta(days=days_ago)
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(created_at=created)
    return tawasul_request


def index_page(client) -> str:
    with translation.override("ar"):
        return client.get(INDEX, HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def table_after(page: str, heading: str) -> dict[str, str]:
    """The numbers of the table that follows a chart's heading: {row label: value}."""
    part = page[page.index(heading) :]
    part = part[: part.index("</table>")]
    rows = re.findall(
        r"<th scope=\"row\">\s*(?:<a [^>]*>)?([^<]+?)\s*(?:</a>)?\s*</th>\s*<td>(\d+)</td>", part
    )
    return dict(rows)


@pytest.fixture
def queue(agent):
    today = timezone.localdate()
    late_old = sent(20, answer_by=today - timedelta(days=9), assignee=agent)
    late_new = sent(4, answer_by=today - timedelta(days=1), section=Section.IQAMA)
    sent(0.2, answer_by=today + timedelta(days=5))  # new, on time
    sent(2, status=Status.RETURNED_TO_APPLICANT, answer_by=today - timedelta(days=3))
    # Answered today: one before its date, one after.
    now = timezone.now()
    sent(3, status=Status.PROCESSED, answer_by=today, answered_at=now)
    sent(9, status=Status.CLOSED, answer_by=today - timedelta(days=2), answered_at=now)
    return late_old, late_new


def test_the_figures_count_the_queue(queue, agent):
    late_old, late_new = queue
    figures = dashboard_for(user=agent)
    assert dict(figures.by_status) == {
        Status.NEW: 3,
        Status.UNDER_PROCESSING: 0,
        Status.RETURNED_TO_APPLICANT: 1,
        Status.RETURNED_BY_APPLICANT: 0,
    }
    assert dict(figures.by_section)[Section.IQAMA] == 1
    assert dict(figures.by_section)[Section.VISAS] == 3
    assert dict(figures.by_age) == {"1d": 1, "1-3d": 1, "3-7d": 1, "7-30d": 1, "30d+": 0}
    assert figures.answered["week"] == {"on_time": 1, "late": 1}
    assert figures.answered["month"] == {"on_time": 1, "late": 1}
    assert figures.by_agent == [(agent.full_name, 1)]
    # Waiting for the applicant is not overdue; the oldest answer-by date comes first.
    assert figures.overdue_count == 2
    assert [r.number for r in figures.overdue] == [late_old.number, late_new.number]


def test_an_agent_sees_the_dashboard_with_charts_tables_and_the_overdue_list(client, agent, queue):
    late_old, late_new = queue
    verified_login(client, agent)
    page = index_page(client)
    overdue = page[page.index("طلبان متأخران") :]
    overdue = overdue[: overdue.index("</ol>")]
    old_link = reverse("admin:tawasul_tawasulrequest_change", args=[late_old.pk])
    assert overdue.index(old_link) < overdue.index(late_new.number)
    assert table_after(page, "الطلبات المفتوحة حسب الحالة")["جديد"] == "3"
    assert table_after(page, "الطلبات المفتوحة حسب العمر")["من 7 إلى 30 يومًا"] == "1"
    answered = table_after(page, "الطلبات المجاب عنها في موعدها ومتأخرة")
    assert answered["هذا الأسبوع، في الموعد"] == "1" and answered["هذا الشهر، متأخرة"] == "1"
    dashboard = page[page.index('class="staff-dashboard"') : page.index('id="content-main"') + 2000]
    assert (
        dashboard.count('role="img"') == 7
    )  # five of the queue, two of the ratings (their own section)
    assert "style=" not in dashboard  # the CSP allows no inline style
    assert "طلبات الاشتراك قيد المراجعة" not in page  # not a subscription officer


def ratings_table(page: str, heading: str) -> dict[str, list[str]]:
    """{row label: [average this month, count this month, average overall, count overall]}."""
    part = page[page.index(heading) :]
    part = part[: part.index("</table>")]
    rows = re.findall(r"<th scope=\"row\">([^<]+)</th>((?:\s*<td>[^<]*</td>){4})", part)
    return {label: re.findall(r"<td>([^<]*)</td>", cells) for label, cells in rows}


def test_an_agent_sees_the_requesters_ratings_by_section_and_by_agent(client, agent):
    colleague = UserFactory(full_name="سارة العتيبي", is_staff=True)
    RatingFactory(score=5, request__assignee=agent)
    RatingFactory(score=2, request__assignee=agent, request__section=Section.IQAMA)
    RatingFactory(score=4, request__assignee=colleague)
    verified_login(client, agent)
    page = index_page(client)
    by_section = ratings_table(page, "تقييمات مقدمي الطلبات حسب القسم")
    assert by_section == {
        "التأشيرات": ["4,5", "2", "4,5", "2"],
        "الإقامة": ["2,0", "1", "2,0", "1"],
    }
    by_agent = ratings_table(page, "تقييمات مقدمي الطلبات حسب الموظف")
    assert by_agent == {
        "موظف تواصل": ["3,5", "2", "3,5", "2"],
        "سارة العتيبي": ["4,0", "1", "4,0", "1"],
    }
    ratings = page[page.index("تقييمات مقدمي الطلبات حسب القسم") :]
    assert ratings.count('role="img"') == 2 and "style=" not in ratings
    assert "4,5 (2)" in ratings  # the bar's own label: average and count


def test_staff_outside_the_agents_group_see_no_tawasul_figures(client, queue):
    verified_login(client, UserFactory(is_staff=True))
    page = index_page(client)
    assert "staff-dashboard" not in page


def test_officers_see_pending_subscription_requests_and_their_age(client):
    officer = UserFactory(is_staff=True)
    officer.groups.add(Group.objects.get(name=SUBSCRIPTION_OFFICERS))
    for days in (0.1, 2, 10):
        pending = IndividualRequestFactory()
        type(pending).objects.filter(pk=pending.pk).update(
            created_at=timezone.now() - timedelta(days=days)
        )
    verified_login(client, officer)
    page = index_page(client)
    assert "3 طلبات بانتظار المراجعة" in " ".join(page.split())
    ages = table_after(page, "طلبات الاشتراك قيد المراجعة حسب العمر")
    assert ages == {
        "أقل من يوم": "1",
        "من يوم إلى 3 أيام": "1",
        "من 3 إلى 7 أيام": "0",
        "أكثر من 7 أيام": "1",
    }
    assert "أكثر من 7 أيام" in page and "الطلبات المفتوحة حسب الحالة" not in page


def test_the_dashboard_runs_as_many_queries_with_many_requests_as_with_few(
    client, agent, queue, django_assert_max_num_queries
):
    verified_login(client, agent)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RatingFactory(request__assignee=agent)  # one rating: its agent's name is read too
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    for days in range(30):
        sent(days, answer_by=timezone.localdate() - timedelta(days=1), assignee=UserFactory())
    # Many ratings, over every section and many agents, this month and before.
    for n in range(30):
        rating = RatingFactory(
            score=n % 5 + 1,
            request__assignee=UserFactory(),
            request__section=Section.values[n % len(Section.values)],
        )
        type(rating).objects.filter(pk=rating.pk).update(
            created_at=timezone.now() - timedelta(days=n * 3)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INDEX)
    # Session, second-factor device, user, groups, 2× permissions (the app list), the four
    # dashboard queries (open requests, their agents' names, answered, overdue list), the ratings
    # and their agents' names, the answers to "was this page useful?", the officers' role check,
    # recent actions (measured: 15 on the first visit).
    assert len(few.captured_queries) <= 15
