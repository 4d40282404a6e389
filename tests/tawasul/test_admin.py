"""Staff answer requests in the Django admin: queue, filters, search, replies, statuses, audit."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import TAWASUL_AGENTS
from notifications.models import OutboundEmail
from tawasul.models import AssignmentChange, Reply, StatusChange, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import (
    AttachmentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
)

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
QUEUE = reverse("admin:tawasul_tawasulrequest_changelist")


def change_url(tawasul_request) -> str:
    return reverse("admin:tawasul_tawasulrequest_change", args=[tawasul_request.pk])


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_of(client, url) -> dict:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return parser.data


@pytest.fixture
def agent_client(client, agent):
    verified_login(client, agent)
    return client


# -- who may see the queue -----------------------------------------------------------------------


def test_tawasul_agents_see_the_queue(agent_client):
    request = TawasulRequestFactory()
    response = agent_client.get(QUEUE)
    assert response.status_code == 200
    assert request.number in response.content.decode()


def test_other_staff_do_not_see_tawasul_requests(client):
    TawasulRequestFactory()
    verified_login(client, UserFactory(is_staff=True))
    assert client.get(QUEUE).status_code == 403


def test_staff_with_tawasul_permissions_outside_the_agents_group_are_kept_out(client):
    attachment = AttachmentFactory()
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="tawasul"))
    verified_login(client, clerk)
    assert client.get(QUEUE).status_code == 403
    assert client.get(change_url(attachment.request)).status_code == 403
    assert "tawasulrequest" not in client.get(reverse("admin:index")).content.decode()
    download = reverse("tawasul:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 404


def test_superusers_see_the_queue(client):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(QUEUE).status_code == 200


# -- filters and search ----------------------------------------------------------------------------


def test_the_queue_filters_by_status_section_age_and_assignee(agent_client, agent):
    returned = TawasulRequestFactory(status=Status.RETURNED_TO_APPLICANT, section="iqama")
    new = TawasulRequestFactory(assignee=agent)
    old = TawasulRequestFactory()
    TawasulRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    def numbers(params):
        page = agent_client.get(QUEUE, params).content.decode()
        return {r.number for r in (returned, new, old) if r.number in page}

    assert numbers({"status__exact": "returned_to_applicant"}) == {returned.number}
    assert numbers({"section__exact": "iqama"}) == {returned.number}
    assert numbers({"age": "30d+"}) == {old.number}
    assert numbers({"age": "1d"}) == {returned.number, new.number}
    assert numbers({"assignee": "me"}) == {new.number}
    assert numbers({"assignee": "none"}) == {returned.number, old.number}


@pytest.mark.parametrize(
    "field", ["number", "national_id", "unified_number", "requester_name", "establishment"]
)
def test_the_queue_searches_by_number_id_name_and_establishment(agent_client, field):
    wanted = TawasulRequestFactory(
        requester_name="نورة سعد الشهري",
        establishment_name="مؤسسة النخبة للمقاولات",
        establishment_unified_number="7001234567",
    )
    other = TawasulRequestFactory()
    term = {
        "number": wanted.number,
        "national_id": wanted.national_id,
        "unified_number": "٧٠٠١٢٣٤٥٦٧",  # typed with Arabic-Indic digits
        "requester_name": wanted.requester_name,
        "establishment": "النخبة",
    }[field]
    page = agent_client.get(QUEUE, {"q": term}).content.decode()
    assert wanted.number in page
    assert other.number not in page


def test_a_ten_digit_search_looks_in_one_field_by_its_first_digit(agent_client):
    """Unified numbers start with 7, national IDs with 1 and iqamas with 2."""
    resident = TawasulRequestFactory(national_id="2123456789")
    establishment = TawasulRequestFactory(establishment_unified_number="7123456789")
    # A national ID equal to someone's unified number cannot exist; one that starts with neither
    # 1, 2 nor 7 matches nothing rather than every field.
    assert resident.number in agent_client.get(QUEUE, {"q": "2123456789"}).content.decode()
    page = agent_client.get(QUEUE, {"q": "7123456789"}).content.decode()
    assert establishment.number in page and resident.number not in page
    page = agent_client.get(QUEUE, {"q": "3123456789"}).content.decode()
    assert resident.number not in page and establishment.number not in page


def test_a_filtered_queue_stops_counting_at_the_cap(agent_client, monkeypatch):
    from tawasul.admin import QueuePaginator

    monkeypatch.setattr(QueuePaginator, "COUNT_CAP", 3)
    TawasulRequestFactory.create_batch(5, status=Status.UNDER_PROCESSING)
    TawasulRequestFactory(status=Status.CLOSED)
    page = agent_client.get(QUEUE, {"status__exact": "under_processing"}).content.decode()
    assert "أكثر من 3 طلب" in page
    # No "select all 4" across pages: the number would be wrong.
    assert 'class="question' not in page
    page = agent_client.get(QUEUE, {"status__exact": "closed"}).content.decode()
    assert "ضيّق التصفية" not in page
    assert "1 طلب تواصل" in " ".join(page.split())


def test_the_queue_shows_status_and_age_in_arabic(agent_client):
    tawasul_request = TawasulRequestFactory(status=Status.UNDER_PROCESSING)
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
        created_at=timezone.now() - timedelta(days=3, hours=2)
    )
    page = agent_client.get(QUEUE).content.decode()
    assert "تحت المعالجة" in page
    assert "3 أيام" in page
    assert f'name="_selected_action" value="{tawasul_request.pk}"' in page


# -- actions ---------------------------------------------------------------------------------------


def test_assign_to_me(agent_client, agent):
    requests = TawasulRequestFactory.create_batch(2)
    agent_client.post(
        QUEUE, {"action": "assign_to_me", "_selected_action": [r.pk for r in requests]}
    )
    assert set(TawasulRequest.objects.values_list("assignee", flat=True)) == {agent.pk}
    assert set(AssignmentChange.objects.values_list("request", "assignee", "assigned_by")) == {
        (r.pk, agent.pk, agent.pk) for r in requests
    }


def test_bulk_status_change_skips_requests_that_cannot_move(agent_client, agent):
    new = TawasulRequestFactory()
    closed = TawasulRequestFactory(status=Status.CLOSED)
    response = agent_client.post(
        QUEUE,
        {"action": "mark_processed", "_selected_action": [new.pk, closed.pk]},
        follow=True,
    )
    new.refresh_from_db()
    closed.refresh_from_db()
    assert (new.status, closed.status) == (Status.PROCESSED, Status.CLOSED)
    assert closed.number in response.content.decode()  # named in the warning
    change = StatusChange.objects.get(request=new)
    assert (change.changed_by, change.from_status, change.to_status) == (
        agent,
        Status.NEW,
        Status.PROCESSED,
    )
    assert OutboundEmail.objects.filter(template="tawasul/status_changed").count() == 1


# -- the change page: reply, status, assignee ------------------------------------------------------


def test_a_staff_reply_is_saved_and_emailed_to_the_applicant(
    agent_client, agent, django_capture_on_commit_callbacks
):
    tawasul_request = TawasulRequestFactory()
    data = form_of(agent_client, change_url(tawasul_request))
    data["replies-2-0-body"] = "نرجو إرفاق صورة جواز السفر."
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(change_url(tawasul_request), data)
    assert response.status_code == 302
    reply = Reply.objects.get(request=tawasul_request)
    assert (reply.author, reply.is_staff) == (agent, True)
    assert mail.outbox[-1].to == [tawasul_request.email]
    assert "نرجو إرفاق صورة جواز السفر." in mail.outbox[-1].body


def test_a_status_change_with_a_note_is_audited_and_emailed(
    agent_client, agent, django_capture_on_commit_callbacks
):
    tawasul_request = TawasulRequestFactory()
    data = form_of(agent_client, change_url(tawasul_request))
    data.update(status=Status.RETURNED_TO_APPLICANT, status_note="أرفق صورة الإقامة.")
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(change_url(tawasul_request), data)
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.RETURNED_TO_APPLICANT
    change = StatusChange.objects.get(request=tawasul_request)
    assert (change.changed_by, change.note) == (agent, "أرفق صورة الإقامة.")
    assert "معاد لمقدم الطلب" in mail.outbox[-1].subject
    # The audit trail shows on the request's page.
    page = agent_client.get(change_url(tawasul_request)).content.decode()
    assert "أرفق صورة الإقامة." in page


def test_the_status_list_offers_only_the_allowed_moves(agent_client):
    tawasul_request = TawasulRequestFactory(status=Status.RETURNED_TO_APPLICANT)
    page = agent_client.get(change_url(tawasul_request)).content.decode()
    status_select = page[
        page.index('name="status"') : page.index("</select>", page.index('name="status"'))
    ]
    assert 'value="under_processing"' in status_select
    assert 'value="closed"' in status_select
    assert 'value="returned_by_applicant"' not in status_select
    assert 'value="processed"' not in status_select


def test_a_forbidden_status_change_is_refused_on_the_form(agent_client):
    tawasul_request = TawasulRequestFactory(status=Status.CLOSED)
    data = form_of(agent_client, change_url(tawasul_request))
    data["status"] = Status.UNDER_PROCESSING
    response = agent_client.post(change_url(tawasul_request), data)
    assert response.status_code == 200
    assert "انتق خياراً صحيحاً" in response.content.decode()  # Django's own Arabic message
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.CLOSED


def test_assigning_from_the_change_page(agent_client, agent):
    colleague = UserFactory(full_name="زميل في تواصل", is_staff=True)
    colleague.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    tawasul_request = TawasulRequestFactory()
    data = form_of(agent_client, change_url(tawasul_request))
    data["assignee"] = str(colleague.pk)
    agent_client.post(change_url(tawasul_request), data)
    tawasul_request.refresh_from_db()
    assert tawasul_request.assignee == colleague
    assert not StatusChange.objects.exists()
    # Who gave it to whom is recorded, and the history shows it beside the request.
    change = AssignmentChange.objects.get(request=tawasul_request)
    assert (change.assignee, change.assigned_by) == (colleague, agent)
    page = agent_client.get(change_url(tawasul_request)).content.decode()
    history = page[page.index('id="assignment_changes-group"') :]
    history = " ".join(history[: history.index("</table>")].split())
    assert "سجل الإسناد" in history and "أسنده" in history
    assert history.index(str(colleague)) < history.index(str(agent))  # to, then by


def test_attachments_link_to_the_authorised_download(agent_client):
    attachment = AttachmentFactory()
    page = agent_client.get(change_url(attachment.request)).content.decode()
    assert reverse("tawasul:attachment_download", args=[attachment.pk]) in page
    assert "/media/" not in page


# -- queries ---------------------------------------------------------------------------------------


def test_the_queue_queries_are_bounded(agent_client, agent, django_assert_max_num_queries):
    TawasulRequestFactory.create_batch(5, assignee=agent)
    # Session, user, second-factor device, group, 2× permissions, agents for the filter, count, one
    # page; on PostgreSQL the unfiltered queue also asks the table-size estimate.
    with django_assert_max_num_queries(10):
        agent_client.get(QUEUE)
    TawasulRequestFactory.create_batch(60, assignee=agent)
    with django_assert_max_num_queries(9):
        agent_client.get(QUEUE, {"status__exact": "new", "age": "1d", "assignee": "me"})


def test_the_request_page_in_the_admin_queries_are_bounded(
    agent_client, agent, django_assert_max_num_queries
):
    tawasul_request = TawasulRequestFactory()
    # Session, second-factor device, user, request, group, 2× permissions, replies, attachments,
    # status changes, assignment history, the audit entry of the reading, the section's agents
    # group and its agents for the assignee field, the section's canned replies, the internal
    # notes (and the audit entry's content type, when not yet in its cache).
    with django_assert_max_num_queries(17):
        agent_client.get(change_url(tawasul_request))
    ReplyFactory.create_batch(10, request=tawasul_request)
    AttachmentFactory.create_batch(5, request=tawasul_request)
    StatusChangeFactory.create_batch(5, request=tawasul_request, changed_by=agent)
    with django_assert_max_num_queries(17):
        agent_client.get(change_url(tawasul_request))


def test_the_audit_trail_lists_newest_first_and_finds_a_request_by_number(agent_client, agent):
    first, second = TawasulRequestFactory(), TawasulRequestFactory()
    StatusChangeFactory(request=first, changed_by=agent, to_status=Status.CLOSED)
    StatusChangeFactory(request=second, changed_by=agent, to_status=Status.PROCESSED)
    trail = reverse("admin:tawasul_statuschange_changelist")
    page = agent_client.get(trail).content.decode()
    assert page.index(second.number) < page.index(first.number)
    found = agent_client.get(trail, {"q": first.number.lower()}).content.decode()
    assert first.number in found and second.number not in found
