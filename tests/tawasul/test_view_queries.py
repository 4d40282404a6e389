"""Each applicant page's SQL queries are bounded whatever the number of rows, and a change shows at
once; confirming writes what it must and nothing else; the pages in English."""

import json
from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from tawasul import services
from tawasul.models import Draft, TawasulRequest
from tests.factories import UserFactory
from tests.pages import row_with
from tests.tawasul.factories import (
    AttachmentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
    pdf_bytes,
    png_bytes,
    upload,
)
from tests.tawasul.test_views import CREATE, LIST, form_data, stored_files

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status


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
