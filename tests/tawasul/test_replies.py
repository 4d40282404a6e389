"""Staff replies: canned replies of the request's section filled in for it, documents attached
(checked like the applicant's own) that the applicant downloads from their status page, and
internal notes that never reach the applicant."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import OutboundEmail
from tawasul.desk_models import CannedReply, InternalNote
from tawasul.desk_selectors import canned_reply_fill
from tawasul.models import Attachment, Reply, Section, ServiceType, TawasulRequest
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import HTML_PAGE, TawasulRequestFactory, pdf_bytes, upload
from tests.tawasul.test_admin import change_url, form_of

pytestmark = pytest.mark.django_db

REPLY = "replies-2-0-body"
FILES = "replies-2-0-attachments"
NOTE = "internal_notes-0-body"


@pytest.fixture
def agent_client(client, agent):
    verified_login(client, agent)
    return client


def test_a_canned_reply_is_filled_in_for_the_request():
    tawasul_request = TawasulRequestFactory.build(
        requester_name="سارة القحطاني",
        number="TW-2026-0000042",
        service_type=ServiceType.EXIT_REENTRY_VISA,
        answer_by=date(2026, 12, 14),
    )
    body = "السيدة {name}، طلبك {number} ({service}) سيُجاب قبل {answer_by}. {unknown}"
    with translation.override("ar"):
        text = canned_reply_fill(body=body, tawasul_request=tawasul_request)
    assert text == (
        "السيدة سارة القحطاني، طلبك TW-2026-0000042 (تأشيرة خروج وعودة) سيُجاب قبل "
        "14 ديسمبر 2026. {unknown}"
    )


def test_the_reply_form_offers_the_sections_canned_replies(agent_client):
    CannedReply.objects.create(section=Section.VISAS, title="طلب الجواز", body="أرسل {number}")
    CannedReply.objects.create(section=Section.IQAMA, title="رد الإقامة", body="إقامة")
    CannedReply.objects.create(
        section=Section.VISAS, title="قديم", body="لم يعد يستخدم", is_active=False
    )
    tawasul_request = TawasulRequestFactory(section=Section.VISAS)
    with translation.override("ar"):
        page = agent_client.get(change_url(tawasul_request)).content.decode()
    picker = page[page.index('class="canned-replies"') :]
    picker = picker[: picker.index("</select>")]
    assert f'<option value="أرسل {tawasul_request.number}">طلب الجواز</option>' in picker
    assert "رد الإقامة" not in picker and "قديم" not in picker
    # The insertion is a script file of the site (the CSP forbids inline scripts).
    assert '<script src="/static/js/canned_replies.js">' in page


def test_a_staff_reply_with_a_pdf_reaches_the_applicant_who_alone_downloads_it(
    client, agent, sent_request, applicant
):
    tawasul_request = sent_request(files=[])
    verified_login(client, agent)
    data = form_of(client, change_url(tawasul_request))
    data[REPLY] = "مرفق خطاب الموافقة."
    data[FILES] = upload("خطاب.pdf", pdf_bytes())
    assert client.post(change_url(tawasul_request), data).status_code == 302
    reply = Reply.objects.get(request=tawasul_request, is_staff=True)
    document = Attachment.objects.get(reply=reply)
    assert (document.request, document.original_name) == (tawasul_request, "خطاب.pdf")

    client.force_login(applicant)
    page = client.get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
    html = page.content.decode()
    download = reverse("tawasul:attachment_download", args=[document.pk])
    assert "مرفق خطاب الموافقة." in html and download in html
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(UserFactory())
    assert client.get(download).status_code == 404


def test_a_disguised_document_is_refused_beside_the_field_and_the_text_is_kept(
    agent_client, sent_request
):
    tawasul_request = sent_request(files=[])
    data = form_of(agent_client, change_url(tawasul_request))
    data[REPLY] = "مرفق خطاب الموافقة."
    data[FILES] = upload("letter.pdf", HTML_PAGE)
    with translation.override("ar"):
        response = agent_client.post(change_url(tawasul_request), data, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    html = response.content.decode()
    error = html[html.index('id="id_replies-2-0-attachments_error"') :]
    assert "«letter.pdf» ليس مستند PDF" in error[: error.index("</ul>")]
    assert "مرفق خطاب الموافقة.</textarea>" in html
    assert not Reply.objects.filter(is_staff=True).exists()
    assert not Attachment.objects.filter(request=tawasul_request).exists()


def test_an_internal_note_stays_with_staff(
    client, agent, sent_request, applicant, django_capture_on_commit_callbacks
):
    tawasul_request = sent_request(files=[])
    before = TawasulRequest.objects.get().updated_at
    emails_before = OutboundEmail.objects.count()
    verified_login(client, agent)
    data = form_of(client, change_url(tawasul_request))
    data[NOTE] = "ملاحظة داخلية: راجعت النظام، الخلل من جهة السفارة."
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(tawasul_request), data).status_code == 302
    note = InternalNote.objects.get()
    assert (note.request, note.author) == (tawasul_request, agent)
    assert "ملاحظة داخلية" in client.get(change_url(tawasul_request)).content.decode()
    assert OutboundEmail.objects.count() == emails_before  # nobody is e-mailed
    assert TawasulRequest.objects.get().updated_at == before  # the applicant's pages unchanged

    client.force_login(applicant)
    page = client.get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
    assert "ملاحظة داخلية" not in page.content.decode()
