"""The requester rates the answer once, through the signed link, without logging in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ratings.models import Rating
from ratings.tokens import rating_token
from tawasul import services
from tawasul.models import TawasulRequest
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

Status = TawasulRequest.Status


def rate_url(tawasul_request) -> str:
    return reverse("ratings:rate", args=[rating_token(request_id=tawasul_request.pk)])


def test_the_e_mail_of_a_processed_request_carries_a_link_that_rates_it_once(
    client, applicant, agent, django_capture_on_commit_callbacks
):
    tawasul_request = TawasulRequestFactory(requester=applicant, status=Status.UNDER_PROCESSING)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change_status(
            tawasul_request=tawasul_request, to_status=Status.PROCESSED, changed_by=agent
        )
    (email,) = mail.outbox
    link = re.search(r"https?://\S+/rate/[^/\s]+/", email.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    page = client.get(path)  # no log-in
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]  # the link's page is kept nowhere
    assert "قيّم الرد" in page.content.decode()
    response = client.post(path, {"score": "4", "comment": "رد واضح وسريع."}, follow=True)
    assert "شكرًا، سُجّل تقييمك." in response.content.decode()
    rating = Rating.objects.get()
    assert (rating.request, rating.score, rating.comment) == (tawasul_request, 4, "رد واضح وسريع.")

    again = client.post(path, {"score": "1"}, follow=True)
    assert "قُيّم هذا الطلب من قبل. شكرًا لك." in again.content.decode()
    assert Rating.objects.get().score == 4


def test_an_open_request_cannot_be_rated(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant, status=Status.NEW)
    response = client.post(rate_url(tawasul_request), {"score": "5"})
    assert "يمكن تقييم الطلب بعد معالجته أو إغلاقه." in response.content.decode()
    assert not Rating.objects.exists()


def test_a_score_is_required_and_the_comment_is_kept(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant, status=Status.CLOSED)
    response = client.post(rate_url(tawasul_request), {"comment": "ممتاز"})
    page = response.content.decode()
    assert "اختر تقييمًا من 1 إلى 5." in page
    assert "ممتاز" in page
    assert not Rating.objects.exists()


def test_a_forged_link_finds_nothing(client):
    assert client.get(reverse("ratings:rate", args=["forged:token"])).status_code == 404


def test_the_status_page_asks_for_a_rating_once_processed(client, applicant):
    tawasul_request = TawasulRequestFactory(requester=applicant, status=Status.PROCESSED)
    client.force_login(applicant)
    page = client.get(reverse("tawasul:request_detail", args=[tawasul_request.number]))
    assert "قيّم الرد" in page.content.decode()
    still_open = TawasulRequestFactory(requester=applicant, status=Status.NEW)
    page = client.get(reverse("tawasul:request_detail", args=[still_open.number]))
    assert "قيّم الرد" not in page.content.decode()
