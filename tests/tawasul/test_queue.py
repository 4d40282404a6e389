"""The queue as an agent reads it in Arabic: short columns, dates in Arabic order, numbers and
IDs kept left to right, readable sizes, long filters folded, saved filters, and a CSV export of
exactly what the page shows."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from tawasul.desk_models import SectionSettings
from tawasul.models import Section, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import AttachmentFactory, TawasulRequestFactory
from tests.tawasul.test_admin import change_url

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:tawasul_tawasulrequest_changelist")
EXPORT = reverse("admin:tawasul_tawasulrequest_export")


@pytest.fixture
def agent_client(client, agent):
    verified_login(client, agent)
    return client


def row_of(page: str, number: str) -> str:
    row = page[page.rindex("<tr", 0, page.index(number)) :]
    return " ".join(row[: row.index("</tr>")].split())


def arabic(client, url, params=None) -> str:
    with translation.override("ar"):
        return client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def test_a_queue_row_reads_in_arabic_order_with_the_id_kept_left_to_right(agent_client):
    tawasul_request = TawasulRequestFactory(
        requester_name="سارة القحطاني", national_id="1012345678", answer_by=date(2026, 12, 14)
    )
    received = timezone.make_aware(timezone.datetime(2026, 12, 2, 10, 30))
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(created_at=received)
    row = row_of(arabic(agent_client, QUEUE), tawasul_request.number)
    assert 'سارة القحطاني<span class="admin-quiet"><bdi dir="ltr">1012345678</bdi>' in row
    assert '<time datetime="2026-12-02T10:30:00+03:00">2 ديسمبر 2026</time>' in row
    assert "14 ديسمبر 2026" in row


def test_the_request_page_isolates_phone_email_and_shows_the_hijri_date(agent_client):
    tawasul_request = TawasulRequestFactory(mobile="+966501234567", email="sara@example.com")
    AttachmentFactory(request=tawasul_request, size=10 * 1024 * 1024)
    page = arabic(agent_client, change_url(tawasul_request))
    assert '<bdi dir="ltr">+966501234567</bdi>' in page
    assert '<bdi dir="ltr">sara@example.com</bdi>' in page
    local = timezone.localdate(tawasul_request.created_at)
    hijri_year = str(1400 + (local.year - 1979) + 1)[:2]  # 14xx هـ
    received = page[page.index("field-received_full") :]
    received = received[: received.index("</div>", received.index("</time>"))]
    assert "هـ" in received and hijri_year in received
    size = page[page.index('<td class="field-size_display">') :]
    size = size[: size.index("</td>")].replace("\xa0", " ")
    assert "10,0 م.ب" in size and "10485760" not in page  # Django's Arabic units


def test_long_filters_fold_like_a_drop_down(client, agent):
    officer = UserFactory(is_staff=True, is_superuser=True)
    verified_login(client, officer)
    page = arabic(client, reverse("admin:subscriptions_subscriptionrequest_changelist"))
    city = page[page.index('class="dropdown-filter"') :]
    city = city[: city.index("</details>")]
    assert "الرياض" in city and "<summary>" in city
    assert 'class="dropdown-filter" open' not in page  # folded until opened


def test_saved_filters_my_overdue_and_new_in_my_sections(agent_client, agent):
    team = Group.objects.create(name="فريق الإقامة")
    agent.groups.add(team)
    SectionSettings.objects.create(section=Section.IQAMA, agents=team)
    late = timezone.localdate() - timedelta(days=3)
    mine_late = TawasulRequestFactory(assignee=agent, answer_by=late)
    others_late = TawasulRequestFactory(answer_by=late)
    new_iqama = TawasulRequestFactory(section=Section.IQAMA)
    new_visas = TawasulRequestFactory(section=Section.VISAS)
    page = arabic(agent_client, QUEUE)
    assert '<a href="?assignee=me&amp;due=overdue">طلباتي المتأخرة</a>' in page
    overdue = arabic(agent_client, QUEUE, {"assignee": "me", "due": "overdue"})
    assert mine_late.number in overdue and others_late.number not in overdue
    new = arabic(agent_client, QUEUE, {"section": "mine", "status__exact": "new"})
    assert new_iqama.number in new and new_visas.number not in new


def test_the_export_is_the_filtered_queue_as_csv(agent_client):
    late = TawasulRequestFactory(
        requester_name='=HYPERLINK("http://evil")',
        answer_by=timezone.localdate() - timedelta(days=1),
        mobile="+966501234567",
    )
    on_time = TawasulRequestFactory(answer_by=timezone.localdate() + timedelta(days=3))
    with translation.override("ar"):
        response = agent_client.get(EXPORT, {"due": "overdue"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["رقم الطلب", "تاريخ الاستلام", "القسم"]
    assert [row[0] for row in rows[1:]] == [late.number]
    assert on_time.number not in text
    assert rows[1][7] == "نعم"
    assert rows[1][8].startswith("'=HYPERLINK")  # not a live formula in a spreadsheet
    assert rows[1][10] == "'+966501234567"


def test_an_export_is_kept_in_the_audit_log_with_who_and_which_filters(agent_client, agent):
    TawasulRequestFactory()
    response = agent_client.get(EXPORT, {"due": "overdue", "q": "1034567899"})
    b"".join(response.streaming_content)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.QUEUE_EXPORTED)
    assert entry.actor == agent
    assert entry.object_repr.startswith("tawasul-") and entry.object_repr.endswith(".csv")
    assert entry.changes["filters"][1] == "due=overdue&q=1034567899"


def test_the_export_is_for_agents_only(client):
    TawasulRequestFactory()
    verified_login(client, UserFactory(is_staff=True))
    assert client.get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.QUEUE_EXPORTED).exists()
