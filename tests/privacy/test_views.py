"""The privacy notice, linked from the forms that collect personal data, and one's own data."""

import json

import pytest
from django.urls import reverse

from tests.factories import UserFactory, establishment_with_primary_user
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory
from tests.tawasul.factories import (
    AttachmentFactory,
    ReplyFactory,
    TawasulRequestFactory,
)

pytestmark = pytest.mark.django_db

NOTICE = reverse("privacy:notice")
MY_DATA = reverse("privacy:my_data")


def test_the_notice_says_what_why_where_how_long_and_how_to_ask(client, settings):
    settings.TAWASUL_DOCUMENT_RETENTION_DAYS = 730
    page = client.get(NOTICE).content.decode()
    for heading in ("إشعار الخصوصية", "ما نجمعه", "لماذا", "أين تُحفظ", "إلى متى", "حقوقك"):
        assert heading in page
    assert "بعد سنتين من إغلاقه" in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("subscriptions:individual"),
        reverse("subscriptions:status"),
        reverse("accounts:profile_edit"),
        reverse("tawasul:request_create"),
    ],
)
def test_forms_that_collect_personal_data_link_to_the_notice(client, url):
    client.force_login(establishment_with_primary_user().primary_user)
    page = client.get(url).content.decode()
    assert f'<a href="{NOTICE}">إشعار الخصوصية</a>' in page


def test_the_footer_links_to_the_notice(client):
    assert f'href="{NOTICE}"' in client.get("/").content.decode()


def test_my_data_needs_a_log_in(client):
    response = client.get(MY_DATA)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_my_data_holds_my_requests_and_nobody_elses(client):
    me = establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user
    someone = UserFactory(full_name="خالد عمر")
    mine = TawasulRequestFactory(requester=me)
    ReplyFactory(request=mine, body="نرجو إرفاق صورة جواز السفر.")
    AttachmentFactory(request=mine)
    theirs = TawasulRequestFactory(requester=someone, description="طلب شخص آخر لا يخصني أبدًا.")
    my_subscription = EstablishmentRequestFactory(requester=me)
    their_subscription = IndividualRequestFactory()
    client.force_login(me)

    response = client.get(MY_DATA)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="muqeem-my-data-')
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == "سارة أحمد القحطاني"
    assert data["profile"]["national_id"] == me.national_id
    assert [r["number"] for r in data["tawasul_requests"]] == [mine.number]
    assert data["tawasul_requests"][0]["replies"][0]["body"] == "نرجو إرفاق صورة جواز السفر."
    assert data["tawasul_requests"][0]["documents"][0]["name"] == "جواز السفر.pdf"
    assert [s["number"] for s in data["subscription_requests"]] == [my_subscription.number]
    text = response.content.decode()
    for foreign in (theirs.number, theirs.description, "خالد عمر", their_subscription.number):
        assert foreign not in text
