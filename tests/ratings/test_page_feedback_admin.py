"""Staff read the answers to «هل كانت هذه الصفحة مفيدة؟» per page: yes, no and the share useful,
in the admin (read-only) and on the agents' dashboard."""

import pytest
from django.urls import reverse

from ratings import services
from ratings.models import PageFeedback
from tests.factories import UserFactory, verified_login
from tests.pages import row_with

pytestmark = pytest.mark.django_db

Page = PageFeedback.Page
CHANGELIST = reverse("admin:ratings_pagefeedback_changelist")


@pytest.fixture
def answers():
    def given(page, answer, times, language="ar", reason=""):
        for _ in range(times):
            services.page_feedback_count(page=page, answer=answer, reason=reason, language=language)

    given(Page.TAWASUL_REQUEST_RECEIVED, "yes", 3)
    given(Page.TAWASUL_REQUEST_RECEIVED, "no", 1, reason="unclear")
    given(Page.TAWASUL_REQUEST_RECEIVED, "yes", 2, language="en")
    given(Page.PASSWORD_CHANGED, "no", 2)


def usefulness_table(page: str) -> str:
    start = page.index('<table id="page-usefulness">')
    return page[start : page.index("</table>", start)]


def test_the_admin_list_totals_each_page_and_follows_the_filters(client, answers):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))

    page = client.get(CHANGELIST).content.decode()

    table = usefulness_table(page)
    assert row_with(table, "رقم طلب تواصل") == "رقم طلب تواصل 5 1 83٪"
    assert row_with(table, "تم تغيير كلمة المرور") == "تم تغيير كلمة المرور 0 2 0٪"
    english = usefulness_table(client.get(CHANGELIST, {"language": "en"}).content.decode())
    assert row_with(english, "رقم طلب تواصل") == "رقم طلب تواصل 2 0 100٪"
    assert "تم تغيير كلمة المرور" not in english


def test_nobody_adds_changes_or_deletes_a_counter(client, answers):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    counter = PageFeedback.objects.first()
    change = reverse("admin:ratings_pagefeedback_change", args=[counter.pk])

    assert client.get(reverse("admin:ratings_pagefeedback_add")).status_code == 403
    assert client.post(change, {"count": "999"}).status_code == 403
    delete = reverse("admin:ratings_pagefeedback_delete", args=[counter.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    counter.refresh_from_db()
    assert counter.count != 999


def test_agents_see_the_answers_on_their_dashboard_and_the_list_behind(client, agent, answers):
    verified_login(client, agent)

    dashboard = client.get(reverse("admin:index")).content.decode()

    table = usefulness_table(dashboard)
    assert row_with(table, "رقم طلب تواصل") == "رقم طلب تواصل 5 1 83٪"
    assert CHANGELIST in dashboard
    assert client.get(CHANGELIST).status_code == 200


def test_staff_outside_the_agents_see_no_answers(client, answers):
    verified_login(client, UserFactory(is_staff=True))

    assert client.get(CHANGELIST).status_code == 403
    assert 'id="page-usefulness"' not in client.get(reverse("admin:index")).content.decode()


def test_the_list_says_when_there_is_nothing_yet(client):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))

    assert "لا توجد إجابات بعد" in usefulness_table(client.get(CHANGELIST).content.decode())
