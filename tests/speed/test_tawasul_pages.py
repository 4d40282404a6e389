"""The Tawasul pages kept in memory (speed.pages): drawn again when what they show changes, never
shown to anyone but their owner, and in the visitor's language."""

import pytest
from django.conf import settings
from django.urls import reverse

from tawasul import services
from tawasul.models import Draft, TawasulRequest
from tests.factories import UserFactory
from tests.pages import row_with
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status
CREATE = reverse("tawasul:request_create")
LIST = reverse("tawasul:request_list")


def test_a_draft_being_edited_never_comes_from_or_goes_into_the_blank_form_cache(client, applicant):
    client.force_login(applicant)
    client.get(CREATE)  # the blank form, now cached
    secret = "وصف خاص بهذا المستخدم لا يراه غيره أبدًا في أي نموذج."
    client.post(
        CREATE, {"section": "visas", "service_type": "exit_reentry_visa", "description": secret}
    )
    draft = Draft.objects.get()
    edit = client.get(reverse("tawasul:draft_edit", args=[draft.pk])).content.decode()
    assert secret in edit
    client.force_login(UserFactory())
    blank = client.get(CREATE, {"section": "visas"}).content.decode()
    assert secret not in blank


def test_a_status_change_redraws_that_row_of_my_requests(client, applicant, agent):
    tawasul_request = TawasulRequestFactory(requester=applicant)
    client.force_login(applicant)
    assert "جديد" in row_with(client.get(LIST).content.decode(), tawasul_request.number)
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.UNDER_PROCESSING, changed_by=agent
    )
    row = row_with(client.get(LIST).content.decode(), tawasul_request.number)
    assert "تحت المعالجة" in row and "جديد" not in row


def test_my_requests_in_english_after_arabic(client, applicant):
    TawasulRequestFactory(requester=applicant, status=Status.PROCESSED)
    client.force_login(applicant)
    assert "تمت المعالجة" in client.get(LIST).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(LIST).content.decode()
    assert "Processed" in page and "تمت المعالجة" not in page


def test_nobody_sees_rows_of_someone_elses_list(client, applicant):
    mine = TawasulRequestFactory(requester=applicant)
    other_user = UserFactory()
    theirs = TawasulRequestFactory(requester=other_user)
    client.force_login(applicant)
    assert mine.number in client.get(LIST).content.decode()
    client.force_login(other_user)
    page = client.get(LIST).content.decode()
    assert theirs.number in page and mine.number not in page


def test_a_new_reply_appears_in_the_timeline_and_older_events_stay(
    client, applicant, sent_request, agent
):
    tawasul_request = sent_request()
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client.force_login(applicant)
    first = client.get(url).content.decode()
    assert "أُرسل الطلب" in first
    services.reply_create_by_staff(
        tawasul_request=tawasul_request, author=agent, body="نرجو إرفاق صورة الجواز."
    )
    page = client.get(url).content.decode()
    assert "نرجو إرفاق صورة الجواز." in page
    assert page.count('class="list-group-item"') == first.count('class="list-group-item"') + 1


def test_a_message_is_shown_even_when_the_page_is_in_memory(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant, status=Status.UNDER_PROCESSING)
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client.force_login(applicant)
    client.get(url)  # now in memory
    response = client.post(url, {"body": "إجابتي"}, follow=True)
    assert "هذا الطلب لا ينتظر ردك." in response.content.decode()
    # Shown once: the next visit is the plain page again.
    assert "alert-warning" not in client.get(url).content.decode()


def test_someone_elses_request_answers_404_even_after_its_owner_opened_it(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant)
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_staff_reply_shows_on_my_list_and_request_at_the_next_visit(
    client, applicant, agent, sent_request, django_capture_on_commit_callbacks
):
    tawasul_request = sent_request()
    url = reverse("tawasul:request_detail", args=[tawasul_request.number])
    client.force_login(applicant)
    assert "جديد" in row_with(client.get(LIST).content.decode(), tawasul_request.number)
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change_status(
            tawasul_request=tawasul_request,
            to_status=Status.RETURNED_TO_APPLICANT,
            changed_by=agent,
            note="نرجو إرفاق صورة الإقامة سارية المفعول.",
        )
    assert "معاد لمقدم الطلب" in row_with(client.get(LIST).content.decode(), tawasul_request.number)
    page = client.get(url).content.decode()
    assert "نرجو إرفاق صورة الإقامة سارية المفعول." in page
    assert 'name="body"' in page  # the answer form, now that it awaits me
