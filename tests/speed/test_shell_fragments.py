"""The shell's cached fragments: the same header for everyone in a language and section, but the
signed-in area, the CSRF token and the language switch are always this visitor's own."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_fragments():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def page_of(client, url="/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_visitor_sees_their_own_name_and_log_out_not_someone_elses():
    layla = UserFactory(full_name="ليلى خالد")
    omar = UserFactory(full_name="عمر سالم", is_staff=True)
    first, second, anonymous = Client(), Client(), Client()
    first.force_login(layla)
    second.force_login(omar)
    layla_page, omar_page, anonymous_page = (page_of(c) for c in (first, second, anonymous))
    assert "ليلى" in layla_page and "عمر" not in layla_page
    assert "عمر" in omar_page and "ليلى" not in omar_page
    assert "الإدارة" in omar_page or reverse("admin:index") in omar_page
    assert reverse("admin:index") not in layla_page
    assert "تسجيل الخروج" in layla_page
    assert "تسجيل الخروج" not in anonymous_page and "ليلى" not in anonymous_page
    assert "تسجيل الدخول" in anonymous_page


def test_the_csrf_token_in_the_header_forms_is_each_visitors_own():
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        page = page_of(client)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        tokens.append(token)
        # The language switch of a page drawn from the cache still works for this browser.
        response = client.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert tokens[0] != tokens[1]


def test_switching_language_switches_the_cached_header_and_footer(client):
    arabic = page_of(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page_of(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic_again = page_of(client)
    assert "المديرية العامة للجوازات" in arabic and "الخدمات الإلكترونية" in arabic
    assert "General Directorate of Passports" in english and "E-services" in english
    assert "الخدمات الإلكترونية" not in english
    assert "Contact support (Tawasul)" in english and "تواصل مع الدعم" in arabic_again
    assert arabic_again == arabic.replace(
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', arabic).group(1),
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', arabic_again).group(1),
    )


def test_the_active_section_is_marked_on_each_page(client):
    client.force_login(UserFactory())
    urls = {
        "eservices": reverse("eservices:index"),
        "tawasul": reverse("tawasul:request_list"),
        "subscriptions": reverse("subscriptions:start"),
    }
    for _ in range(2):  # drawn, then from the cache
        for section, url in urls.items():
            header = page_of(client, url).split("</header>")[0]
            current = re.findall(
                r'<a class="nav-link active"\s+aria-current="page"\s+href="([^"]+)"', header
            )
            assert current == [url], section
        assert 'aria-current="page"' not in page_of(client, "/").split("</header>")[0]
