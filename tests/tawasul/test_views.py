"""The applicant's pages, as the applicant sees them: the new-request form, the review step and the
number page."""

import re

import pytest
from django.urls import reverse

from tawasul import selectors, services
from tawasul.models import Attachment, Draft, TawasulRequest
from tests.factories import UserFactory
from tests.pages import row_with
from tests.tawasul.factories import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    WINDOWS_EXECUTABLE,
    IncidentFactory,
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
