"""«تواصل» as the applicant uses it: my requests, a request's page and answering it, documents, and
nobody else's data."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tawasul import services
from tawasul.models import ServiceType, TawasulRequest
from tests.factories import UserFactory
from tests.pages import words
from tests.tawasul.factories import (
    HTML_PAGE,
    AttachmentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
    png_bytes,
    upload,
)
from tests.tawasul.test_views import DESCRIPTION, LIST

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status

# -- my requests, a request, answering -------------------------------------------------------------


def test_my_requests_newest_first_with_status_badges(client_of, applicant):
    older = TawasulRequestFactory(requester=applicant, status=Status.PROCESSED)
    newer = TawasulRequestFactory(requester=applicant, status=Status.RETURNED_TO_APPLICANT)
    TawasulRequestFactory()  # someone else's
    TawasulRequest.objects.filter(pk=older.pk).update(
        created_at=newer.created_at.replace(year=2025)
    )
    page = client_of(applicant).get(LIST).content.decode()
    assert page.index(newer.number) < page.index(older.number)
    assert "تمت المعالجة" in page and "معاد لمقدم الطلب" in page
    assert "text-bg-danger" in page and "text-bg-success" in page
    assert page.count('href="/tawasul/requests/') == 2


def test_my_requests_are_paginated(client_of, applicant):
    TawasulRequestFactory.create_batch(25, requester=applicant)
    client = client_of(applicant)
    assert client.get(LIST).content.decode().count('href="/tawasul/requests/') == 20
    assert client.get(LIST, {"page": 2}).content.decode().count('href="/tawasul/requests/') == 5


def test_the_request_page_shows_the_timeline_with_hijri_dates_and_staff_replies(
    client_of, applicant, sent_request, agent
):
    tawasul_request = sent_request()
    services.reply_create_by_staff(
        tawasul_request=tawasul_request, author=agent, body="نرجو إرفاق صورة الجواز."
    )
    # Sent at 22:30 UTC on 25 November: already 26 November (16 Jumada al-Akhirah) in Riyadh;
    # answered at 21:15 UTC on 26 November: already the 27th (17 Jumada al-Akhirah) there.
    sent = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(created_at=sent)
    tawasul_request.status_changes.update(created_at=sent)
    tawasul_request.replies.update(created_at=datetime(2026, 11, 26, 21, 15, tzinfo=UTC))
    page = (
        client_of(applicant)
        .get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
        .content.decode()
    )
    start = page.index('id="timeline-heading"')
    timeline = words(page[start : page.index("</ol>", start)])
    assert "نرجو إرفاق صورة الجواز." in timeline
    assert "رد المديرية العامة للجوازات" in timeline
    # Each event's Gregorian and Hijri dates are those of Riyadh, not of UTC.
    assert "2026/11/26 01:30 16 جمادى الآخرة 1448 هـ أُرسل الطلب" in timeline
    assert "2026/11/27 00:15 17 جمادى الآخرة 1448 هـ رد المديرية" in timeline
    assert "passport.pdf" in page


def test_the_timeline_reads_in_order_with_each_reply_under_its_own_documents(client_of, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant)
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    later = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    question = ReplyFactory(request=tawasul_request, body="أرسل صورة الإقامة.")
    answer = ReplyFactory(
        request=tawasul_request, body="أرفقت الصورة.", is_staff=False, author=applicant
    )
    returned = StatusChangeFactory(
        request=tawasul_request,
        from_status=Status.UNDER_PROCESSING,
        to_status=Status.RETURNED_TO_APPLICANT,
        note="ينقص مستند.",
    )
    AttachmentFactory(request=tawasul_request, reply=answer, original_name="الإقامة.jpg")
    # The staff question and the return happened at the same moment: the status change first.
    for row in (question, returned):
        type(row).objects.filter(pk=row.pk).update(created_at=moment)
    type(answer).objects.filter(pk=answer.pk).update(created_at=later)
    page = (
        client_of(applicant)
        .get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
        .content.decode()
    )
    start = page.index('id="timeline-heading"')
    timeline = words(page[start : page.index("</ol>", start)])
    expected = [
        "تغيرت الحالة إلى معاد لمقدم الطلب ينقص مستند.",
        "رد المديرية العامة للجوازات أرسل صورة الإقامة.",
        "ردك أرفقت الصورة. الإقامة.jpg",
    ]
    positions = [timeline.find(text) for text in expected]
    assert -1 not in positions, timeline
    assert positions == sorted(positions)


def test_a_returned_request_can_be_answered_with_documents(
    client_of, applicant, sent_request, agent
):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.RETURNED_TO_APPLICANT, changed_by=agent
    )
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client = client_of(applicant)
    assert "يحتاج الموظفون إلى معلومات إضافية منك" in client.get(url).content.decode()
    response = client.post(
        url, {"body": "أرفقت الصفحة المطلوبة.", "attachments": [upload("page.png", png_bytes())]}
    )
    assert response.url == url
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.RETURNED_BY_APPLICANT
    page = client.get(url).content.decode()
    assert "أرفقت الصفحة المطلوبة." in page and "page.png" in page
    assert "معاد من مقدم الطلب" in page


def test_an_answer_with_a_hostile_file_is_refused(client_of, applicant, sent_request, agent):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.RETURNED_TO_APPLICANT, changed_by=agent
    )
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    response = client_of(applicant).post(
        url, {"body": "مرفق", "attachments": [upload("x.pdf", HTML_PAGE)]}
    )
    assert "ليس مستند PDF أو JPEG أو PNG" in response.content.decode()
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.RETURNED_TO_APPLICANT


def test_a_request_not_returned_shows_no_answer_form(client_of, applicant, sent_request):
    tawasul_request = sent_request()
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    assert "إرسال الرد" not in client_of(applicant).get(url).content.decode()
    client_of(applicant).post(url, {"body": "رد"})
    assert not tawasul_request.replies.exists()


# -- downloads and other people's data ---------------------------------------------------------


def test_the_requester_downloads_an_attachment_as_a_safe_download(
    client_of, applicant, sent_request
):
    attachment = sent_request().attachments.get()
    response = client_of(applicant).get(
        reverse("tawasul:attachment_download", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "passport.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_of_the_tawasul_group_download_attachments(client_of, agent, sent_request):
    attachment = sent_request().attachments.get()
    response = client_of(agent).get(reverse("tawasul:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200


def test_other_staff_cannot_download_attachments(client_of, sent_request):
    attachment = sent_request().attachments.get()
    staff = UserFactory(is_staff=True)
    response = client_of(staff).get(reverse("tawasul:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["detail", "received", "attachment", "review", "edit"])
def test_another_users_request_attachment_or_draft_answers_404(client_of, sent_request, page):
    tawasul_request = sent_request()
    draft = services.draft_save(
        user=tawasul_request.requester,
        section="visas",
        service_type=ServiceType.EXIT_REENTRY_VISA,
        description=DESCRIPTION,
    )
    urls = {
        "detail": reverse("tawasul:request_detail", args=[tawasul_request.number]),
        "received": reverse("tawasul:request_received", args=[tawasul_request.number]),
        "attachment": reverse(
            "tawasul:attachment_download", args=[tawasul_request.attachments.get().pk]
        ),
        "review": reverse("tawasul:draft_review", args=[draft.pk]),
        "edit": reverse("tawasul:draft_edit", args=[draft.pk]),
    }
    intruder = client_of(UserFactory())
    assert intruder.get(urls[page]).status_code == 404
    assert intruder.post(urls[page], {"body": "x"}).status_code in (404, 405)
    assert TawasulRequest.objects.count() == 1


def test_pages_need_a_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
