"""The applicant's pages, as the applicant sees them: from the error link to the status page."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from tawasul import selectors, services
from tawasul.models import Attachment, Draft, ServiceType, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.pages import row_with, words
from tests.tawasul.factories import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    WINDOWS_EXECUTABLE,
    AttachmentFactory,
    IncidentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    png_with_dimensions,
    upload,
)

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
CREATE = reverse("tawasul:request_create")
LIST = reverse("tawasul:request_list")
DESCRIPTION = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم."


@pytest.fixture
def client_of(client):
    def log_in(user):
        if user.is_staff:  # as they are after their second factor
            verified_login(client, user)
        else:
            client.force_login(user)
        return client

    return log_in


def form_data(**overrides):
    data = {"section": "visas", "service_type": "exit_reentry_visa", "description": DESCRIPTION}
    data.update(overrides)
    return data


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# -- the new-request form -------------------------------------------------------------------------


def test_the_form_shows_the_main_data_from_the_account_and_the_incident(
    client_of, applicant, incident
):
    response = client_of(applicant).get(CREATE, {"incident": incident.reference})
    page = response.content.decode()
    assert response.status_code == 200
    for value in (
        "سارة أحمد القحطاني",
        applicant.national_id,
        applicant.establishment.name,
        applicant.establishment.unified_number,
        applicant.email,
        incident.message,
        incident.reference,
    ):
        assert value in page
    assert "iqama_expired" not in page  # the internal code is for staff
    # Pre-selected from the incident's service, and not editable fields.
    assert re.search(r'<option value="exit_reentry_visa"[^>]*selected', page)
    assert re.search(r'<option value="visas"[^>]*selected', page)
    assert 'name="national_id"' not in page and 'name="requester_name"' not in page
    assert "حتى 5 ملفات إجمالًا، لا يزيد كل منها على 10 ميغابايت" in page  # limits on the form


def test_the_form_opens_without_an_error_too(client_of, applicant):
    response = client_of(applicant).get(CREATE)
    assert response.status_code == 200
    assert "سارة أحمد القحطاني" in response.content.decode()


def test_someone_elses_incident_is_not_shown(client_of, applicant):
    other = IncidentFactory(message="خطأ يخص مستخدمًا آخر")
    page = client_of(applicant).get(CREATE, {"incident": other.reference}).content.decode()
    assert "خطأ يخص مستخدمًا آخر" not in page
    assert "لم يُعثر على مرجع الخطأ" in page


def test_a_too_short_description_gets_an_arabic_error_and_keeps_what_was_typed(
    client_of, applicant
):
    response = client_of(applicant).post(CREATE, form_data(description="قصير"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "اكتب وصف المشكلة في 20 حرفًا على الأقل" in page
    assert "قصير" in page
    assert not Draft.objects.exists()


def test_data_posted_for_the_main_fields_is_ignored(client_of, applicant, incident):
    client = client_of(applicant)
    client.post(
        CREATE + f"?incident={incident.reference}",
        form_data(requester_name="Hacker", national_id="1000000008", email="evil@example.com"),
    )
    draft = Draft.objects.get()
    client.post(reverse("tawasul:draft_review", args=[draft.pk]))
    tawasul_request = TawasulRequest.objects.get()
    assert tawasul_request.requester_name == "سارة أحمد القحطاني"
    assert tawasul_request.email == applicant.email


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("invoice.pdf", WINDOWS_EXECUTABLE, "ليس مستند PDF أو JPEG أو PNG"),
        ("page.pdf", HTML_PAGE, "ليس مستند PDF أو JPEG أو PNG"),
        ("logo.png", SVG_WITH_SCRIPT, "ليس مستند PDF أو JPEG أو PNG"),
        ("scan.png", png_bytes() + HTML_PAGE, "محتوى مخفي"),
        ("bomb.png", png_with_dimensions(50_000, 50_000), "عدد كبير جدًا من النقاط"),
        ("scan.pdf", pdf_bytes(pages=3)[:500], "تالف أو ناقص"),
    ],
)
def test_a_hostile_file_is_refused_beside_the_field_and_nothing_is_stored(
    client_of, applicant, settings, name, content, reason
):
    response = client_of(applicant).post(
        CREATE,
        {**form_data(), "attachments": [upload("good.pdf", pdf_bytes()), upload(name, content)]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert reason in page
    assert f"«{name}»" in page
    assert DESCRIPTION in page
    assert not Draft.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_an_oversized_file_is_refused(client_of, applicant, settings):
    settings.TAWASUL_ATTACHMENT_MAX_MB = 1
    big = upload("big.jpg", jpeg_bytes() + b"\0" * (1024 * 1024 + 1))
    page = client_of(applicant).post(CREATE, {**form_data(), "attachments": [big]})
    assert "أكبر من 1 ميغابايت" in page.content.decode()
    assert stored_files(settings) == []


def test_too_many_files_are_refused(client_of, applicant, settings):
    settings.TAWASUL_ATTACHMENT_MAX_COUNT = 2
    files = [upload(f"{n}.png", png_bytes()) for n in range(3)]
    page = client_of(applicant).post(CREATE, {**form_data(), "attachments": files})
    assert "يمكنك إرفاق 2 ملفات على الأكثر" in page.content.decode()
    assert not Attachment.objects.exists()


# -- review, back, confirm, number page -----------------------------------------------------------


def test_the_whole_journey_from_the_error_link_to_the_number_page(
    client_of, applicant, incident, django_capture_on_commit_callbacks
):
    client = client_of(applicant)
    response = client.post(
        CREATE + f"?incident={incident.reference}",
        {
            **form_data(),
            "attachments": [
                upload("جواز السفر.pdf", pdf_bytes()),
                upload("photo.jpg", jpeg_bytes()),
            ],
        },
    )
    draft = Draft.objects.get()
    review_url = reverse("tawasul:draft_review", args=[draft.pk])
    assert response.url == review_url

    review = client.get(review_url).content.decode()
    for text in ("تأكيد الإرسال", DESCRIPTION, "جواز السفر.pdf", "photo.jpg", incident.message):
        assert text in review

    # Back from the review: everything is still there.
    back = client.get(reverse("tawasul:draft_edit", args=[draft.pk])).content.decode()
    assert DESCRIPTION in back
    assert "جواز السفر.pdf" in back and "photo.jpg" in back

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url)
    tawasul_request = TawasulRequest.objects.get()
    assert response.url == reverse("tawasul:request_received", args=[tawasul_request.number])
    number_page = client.get(response.url).content.decode()
    assert tawasul_request.number in number_page
    assert "جواز السفر.pdf" in number_page
    assert incident.reference in number_page
    assert tawasul_request.attachments.count() == 2


def test_confirming_twice_sends_one_request_and_shows_its_number(client_of, applicant):
    client = client_of(applicant)
    client.post(CREATE, form_data())
    review_url = reverse("tawasul:draft_review", args=[Draft.objects.get().pk])
    client.post(review_url)
    again = client.post(review_url)
    tawasul_request = TawasulRequest.objects.get()
    assert again.url == reverse("tawasul:request_received", args=[tawasul_request.number])
    assert client.get(review_url).url == again.url


def test_a_confirmation_racing_another_sends_one_request(client_of, applicant, monkeypatch):
    client = client_of(applicant)
    client.post(CREATE, form_data())
    draft = Draft.objects.get()
    read_draft = selectors.draft_get_for_user

    def the_other_click_confirms_meanwhile(**kwargs):
        found = read_draft(**kwargs)
        services.draft_submit(draft=Draft.objects.get(pk=found.pk), user=applicant)
        return found

    # This click read the draft just before the other one (a double click) sent it.
    monkeypatch.setattr(selectors, "draft_get_for_user", the_other_click_confirms_meanwhile)
    response = client.post(reverse("tawasul:draft_review", args=[draft.pk]), follow=True)
    tawasul_request = TawasulRequest.objects.get()  # one request, not two
    page = response.content.decode()
    assert "أُرسل هذا الطلب من قبل" in page
    assert "جديد" in row_with(page, tawasul_request.number)  # in the list below


def test_going_back_and_editing_keeps_the_files_and_adds_new_ones(client_of, applicant):
    client = client_of(applicant)
    client.post(CREATE, {**form_data(), "attachments": [upload("a.pdf", pdf_bytes())]})
    draft = Draft.objects.get()
    response = client.post(
        reverse("tawasul:draft_edit", args=[draft.pk]),
        {
            **form_data(description=DESCRIPTION + " تحديث"),
            "attachments": [upload("b.png", png_bytes())],
        },
    )
    assert response.url == reverse("tawasul:draft_review", args=[draft.pk])
    assert sorted(draft.attachments.values_list("original_name", flat=True)) == ["a.pdf", "b.png"]


def test_an_open_request_for_the_same_error_is_offered_first(
    client_of, applicant, incident, sent_request
):
    existing = sent_request()
    again = IncidentFactory(user=applicant, code=incident.code, service=incident.service)
    page = client_of(applicant).get(CREATE, {"incident": again.reference}).content.decode()
    assert "لديك طلب مفتوح لهذا الخطأ" in page
    assert existing.number in page
    assert "إرسال طلب جديد على أي حال" in page
    forced = client_of(applicant).get(CREATE, {"incident": again.reference, "new": "1"})
    assert "وصف المشكلة" in forced.content.decode()


def test_another_users_open_request_for_the_same_error_is_never_offered(
    client_of, applicant, incident, sent_request
):
    # A colleague of the same establishment met the same error and asked about it.
    colleague = UserFactory(establishment=applicant.establishment)
    same_error = IncidentFactory(user=colleague, code=incident.code, service=incident.service)
    theirs = sent_request(user=colleague, incident=same_error)
    page = client_of(applicant).get(CREATE, {"incident": incident.reference}).content.decode()
    assert theirs.number not in page
    assert "لديك طلب مفتوح" not in page
    assert 'name="description"' in page  # the form, to send their own


def test_a_closed_request_for_the_same_error_is_not_offered(
    client_of, applicant, incident, sent_request, agent
):
    services.request_change_status(
        tawasul_request=sent_request(), to_status=Status.CLOSED, changed_by=agent
    )
    page = client_of(applicant).get(CREATE, {"incident": incident.reference}).content.decode()
    assert "لديك طلب مفتوح" not in page


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


# -- queries bounded whatever the number of rows -----------------------------------------------


def test_my_requests_page_queries_are_bounded(
    client_of, applicant, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_of(applicant)
    TawasulRequestFactory.create_batch(3, requester=applicant)
    # Session, user, one page of requests with their count.
    with django_assert_max_num_queries(3):
        client.get(LIST)
    TawasulRequestFactory.create_batch(60, requester=applicant)
    with django_assert_max_num_queries(3):
        client.get(LIST)
    # Nothing changed since: the whole page comes from memory, only the session is read.
    with django_assert_num_queries(1):
        response = client.get(LIST)
    assert response.content.decode().count('href="/tawasul/requests/') == 20


def test_the_request_page_queries_are_bounded(
    client_of, applicant, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_of(applicant)
    tawasul_request = TawasulRequestFactory(requester=applicant)
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    # Session, user, request, its history (status changes, replies, documents).
    with django_assert_max_num_queries(4):
        client.get(url)
    replies = ReplyFactory.create_batch(10, request=tawasul_request)
    AttachmentFactory.create_batch(5, request=tawasul_request, reply=replies[0])
    StatusChangeFactory.create_batch(6, request=tawasul_request)
    # The services move updated_at on every change; the factories do not.
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(updated_at=timezone.now())
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count("جواز السفر.pdf") == 10  # in the reply and the list
    # Unchanged since: the whole page comes from memory, only the session is read.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content.decode().count("جواز السفر.pdf") == 10


def test_the_request_page_shows_a_new_staff_reply_at_once(
    client_of, applicant, sent_request, agent
):
    tawasul_request = sent_request()
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client = client_of(applicant)
    client.get(url)
    services.reply_create_by_staff(
        tawasul_request=tawasul_request, author=agent, body="تمت مراجعة طلبكم."
    )
    assert "تمت مراجعة طلبكم." in client.get(url).content.decode()


def test_my_requests_show_a_status_change_at_once(client_of, applicant, sent_request, agent):
    tawasul_request = sent_request()
    client = client_of(applicant)
    assert "جديد" in row_with(client.get(LIST).content.decode(), tawasul_request.number)
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.PROCESSED, changed_by=agent
    )
    row = row_with(client.get(LIST).content.decode(), tawasul_request.number)
    assert "تمت المعالجة" in row and "جديد" not in row


def test_the_new_request_page_queries_are_bounded(
    client_of, applicant, incident, django_assert_max_num_queries
):
    client = client_of(applicant)
    TawasulRequestFactory.create_batch(20, requester=applicant)
    # Session, user, incident, open request for the same error, establishment.
    with django_assert_max_num_queries(5):
        client.get(CREATE, {"incident": incident.reference})


def test_the_review_page_queries_are_bounded(
    client_of, applicant, incident, django_assert_max_num_queries
):
    client = client_of(applicant)
    client.post(
        CREATE + f"?incident={incident.reference}",
        {**form_data(), "attachments": [upload(f"{n}.png", png_bytes()) for n in range(5)]},
    )
    draft = Draft.objects.get()
    # Session, user, draft with its incident, attachments, establishment.
    with django_assert_max_num_queries(5):
        client.get(reverse("tawasul:draft_review", args=[draft.pk]))


def test_confirming_writes_the_request_and_nothing_else(
    client_of, applicant, incident, django_assert_max_num_queries
):
    client = client_of(applicant)
    client.post(CREATE + f"?incident={incident.reference}", form_data())
    review_url = reverse("tawasul:draft_review", args=[Draft.objects.get().pk])
    session_before = client.session.session_key, dict(client.session)
    services.request_number_next()  # this year's counter row exists, as on every day but one
    # Session, user, draft, establishment; savepoint, draft lock, the section's answer target and
    # the holidays ahead (answer-by date), number, request, attachments moved, draft removed (two
    # statements), first status, outbox (e-mail and SMS rows), release — no session write.
    with django_assert_max_num_queries(17):
        response = client.post(review_url)
    tawasul_request = TawasulRequest.objects.get()
    assert response.url == reverse("tawasul:request_received", args=[tawasul_request.number])
    assert (client.session.session_key, dict(client.session)) == session_before
    # Back to the review page afterwards: the number, from the signed cookie.
    assert client.get(review_url).url == response.url


def test_a_forged_sent_drafts_cookie_is_ignored(client_of, applicant):
    client = client_of(applicant)
    draft_id = "6f1c1f0e-3c1b-4d8e-9d8e-0a5b5f0f0f0f"
    client.cookies["tawasul_sent"] = json.dumps({draft_id: "TW-2026-0000001"})
    assert client.get(reverse("tawasul:draft_review", args=[draft_id])).status_code == 404


def test_the_number_page_queries_are_bounded(
    client_of, applicant, sent_request, django_assert_max_num_queries
):
    tawasul_request = sent_request()
    AttachmentFactory.create_batch(4, request=tawasul_request)
    url = reverse("tawasul:request_received", args=[tawasul_request.number])
    client = client_of(applicant)
    # Session, user, request, attachments.
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count("جواز السفر.pdf") == 4


def test_a_database_fault_while_confirming_shows_an_arabic_error_and_keeps_the_draft(
    client_of, applicant, settings
):
    client = client_of(applicant)
    client.post(CREATE, {**form_data(), "attachments": [upload("a.pdf", pdf_bytes())]})
    review_url = reverse("tawasul:draft_review", args=[Draft.objects.get().pk])

    def connection_lost_on_the_request_row(execute, sql, params, many, context):
        # The database, the boundary we do not own, fails after the number was taken.
        if sql.startswith('INSERT INTO "tawasul_tawasulrequest"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(connection_lost_on_the_request_row):
        response = client.post(review_url)
    assert response.status_code == 503
    assert "تعذّر إرسال الطلب" in response.content.decode()
    assert Draft.objects.get().attachments.count() == 1
    assert len(stored_files(settings)) == 1  # the document is still stored
    assert not TawasulRequest.objects.exists()
    # Confirming again once the database answers sends it, with the number the fault did not use.
    client.post(review_url)
    tawasul_request = TawasulRequest.objects.get()
    assert tawasul_request.number.endswith("-0000001")
    assert tawasul_request.attachments.get().original_name == "a.pdf"


def test_the_pages_speak_english_when_chosen(client_of, applicant, sent_request, settings):
    tawasul_request = sent_request()
    client = client_of(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get(LIST).content.decode()
    assert "My Tawasul requests" in listing and "New" in listing
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
        created_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    )
    detail = client.get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
    assert "Exit/re-entry visa" in detail.content.decode()
    assert "16 Jumada al-Akhirah 1448 AH" in detail.content.decode()  # the Hijri date in English


def test_a_draft_document_is_downloadable_by_its_owner_only(client_of, applicant):
    client = client_of(applicant)
    client.post(CREATE, {**form_data(), "attachments": [upload("a.png", png_bytes())]})
    attachment = Draft.objects.get().attachments.get()
    url = reverse("tawasul:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert client_of(UserFactory()).get(url).status_code == 404
