"""Whole pages served from memory (speed.pages): drawn once, yet every visitor gets a CSRF
token of their own that works, their own messages, their own data, and only their own."""

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tawasul.models import TawasulRequest
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.pages import row_with
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
INDIVIDUAL = reverse("subscriptions:individual")
LIST = reverse("tawasul:request_list")


def token_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_log_in_page_is_drawn_once_and_each_visitor_gets_a_working_token():
    layla = UserFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    drawn = first.get(LOGIN)
    served = second.get(LOGIN)
    assert drawn.templates[0].name == "accounts/login.html"
    assert served.templates == []  # from memory: no template rendered
    page = served.content.decode()
    assert "تسجيل الدخول" in page
    assert "CsrfTokenPlaceholder" not in page
    assert token_of(page) != token_of(drawn.content.decode())
    response = second.post(
        LOGIN,
        {
            "username": layla.username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token_of(page),
        },
    )
    assert response.status_code == 302
    assert second.session["_auth_user_id"] == str(layla.pk)


def test_a_csrf_placeholder_in_the_next_address_stays_text_and_never_carries_my_token():
    # An attacker sends a log-in link whose `next` holds the text the page cache used to replace.
    target = "/tawasul/?q=CsrfTokenPlaceholder7c1e0f4b9d2a&csrf=csrf"
    layla = UserFactory()
    Client().get(LOGIN, {"next": target})  # the attacker's own visit draws the page
    victim = Client(enforce_csrf_checks=True)
    page = victim.get(LOGIN, {"next": target}).content.decode()
    token = token_of(page)
    assert page.count(token) == page.count('name="csrfmiddlewaretoken"')
    login_form = page.split(f'action="{LOGIN}"', 1)[1]
    next_field = html.unescape(re.search(r'name="next" value="([^"]*)"', login_form).group(1))
    assert next_field == target
    response = victim.post(
        LOGIN,
        {
            "username": layla.username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": next_field,
        },
    )
    assert response.status_code == 302
    assert response.url == target


def test_a_cached_page_without_its_token_is_still_refused():
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    client.get(LOGIN)
    response = client.post(LOGIN, {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_each_language_has_its_own_page():
    client = Client()
    assert "تسجيل الدخول" in client.get(LOGIN).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(LOGIN).content.decode()
    assert "Log in" in page and "تسجيل الدخول" not in page


def test_a_form_sent_with_errors_is_drawn_with_them_and_keeps_the_input(client):
    client.get(INDIVIDUAL)  # the blank form, now in memory
    response = client.post(INDIVIDUAL, {"company_name": "مؤسسة النور", "mobile": "123"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "مؤسسة النور" in page
    assert "invalid-feedback" in page


@pytest.mark.usefixtures("auth_cache_unreachable")
def test_with_the_cache_unreachable_pages_are_drawn_fresh_each_time(client):
    # The user snapshot then has no version, so no page of theirs is kept.
    applicant = UserFactory()
    tawasul_request = TawasulRequestFactory(requester=applicant)
    client.force_login(applicant)
    assert "جديد" in row_with(client.get(LIST).content.decode(), tawasul_request.number)
    TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
        status=TawasulRequest.Status.PROCESSED, updated_at=timezone.now()
    )
    row = row_with(client.get(LIST).content.decode(), tawasul_request.number)
    assert "تمت المعالجة" in row and "جديد" not in row
