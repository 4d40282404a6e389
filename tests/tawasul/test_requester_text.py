"""What a requester reads: the service's Arabic message, never an internal error code."""

import pytest
from django.urls import reverse

from tests.factories import verified_login
from tests.tawasul.factories import IncidentFactory

pytestmark = pytest.mark.django_db

MESSAGE = "صدرت تأشيرة خروج وعودة سارية حتى 2 ديسمبر 2026 لهذا المقيم."


@pytest.fixture
def visa_incident(applicant):
    return IncidentFactory(user=applicant, code="visa_already_issued", message=MESSAGE)


def test_the_open_request_page_shows_the_message_not_the_code(client, applicant, visa_incident):
    client.force_login(applicant)
    page = client.get(
        reverse("tawasul:request_create"), {"incident": visa_incident.reference}
    ).content.decode()
    assert MESSAGE in page
    assert "visa_already_issued" not in page


def test_the_request_page_shows_the_message_not_the_code(
    client, applicant, visa_incident, sent_request
):
    tawasul_request = sent_request(incident=visa_incident)
    client.force_login(applicant)
    page = client.get(
        reverse("tawasul:request_detail", args=[tawasul_request.number])
    ).content.decode()
    assert MESSAGE in page
    assert "visa_already_issued" not in page


def test_staff_still_see_the_code(client, agent, applicant, visa_incident, sent_request):
    tawasul_request = sent_request(incident=visa_incident)
    verified_login(client, agent)
    page = client.get(
        reverse("admin:tawasul_tawasulrequest_change", args=[tawasul_request.pk])
    ).content.decode()
    assert "visa_already_issued" in page
