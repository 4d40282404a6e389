"""«تواصل», my requests, page by page: newest first, twenty a page, and where I am among the pages.

The rows and their count come from one query (tawasul.selectors.requests_page_for_user)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tawasul.models import TawasulRequest
from tests.pages import links_to, words
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db

LIST = reverse("tawasul:request_list")


@pytest.fixture
def drawn_fresh(settings):
    """Every visit draws the page (as a first visit does), so each counts its own queries."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture
def numbers(applicant):
    """45 requests, one a day: numbers[0] is the newest, numbers[44] the oldest."""
    now = timezone.now()
    made = TawasulRequestFactory.create_batch(45, requester=applicant)
    for age, tawasul_request in enumerate(reversed(made)):
        TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
            created_at=now - timedelta(days=age)
        )
    return [tawasul_request.number for tawasul_request in reversed(made)]


def listed(page: str) -> list[str]:
    """The request numbers in the table, top to bottom."""
    hrefs = re.findall(r'href="/tawasul/requests/([^"/]+)/"', page)
    return hrefs


def page_of(client, query: str = "") -> str:
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def me(client, applicant):
    client.force_login(applicant)
    return client


def test_the_first_page_shows_my_twenty_newest_requests(me, numbers):
    page = page_of(me)

    assert listed(page) == numbers[:20]
    assert "الصفحة 1 من 3" in words(page)
    assert links_to(page, "?page=2") == ["الأقدم"]
    assert links_to(page, "?page=0") == []


def test_the_last_page_shows_the_oldest_ones_and_no_older_link(me, numbers):
    page = page_of(me, "?page=3")

    assert listed(page) == numbers[40:]
    assert "الصفحة 3 من 3" in words(page)
    assert links_to(page, "?page=2") == ["الأحدث"]
    assert links_to(page, "?page=4") == []


@pytest.mark.parametrize("asked", ["99", "0", "-1"])
def test_a_page_out_of_range_shows_the_last_one(me, numbers, asked):
    assert listed(page_of(me, f"?page={asked}")) == numbers[40:]


@pytest.mark.parametrize("asked", ["", "abc", "2.5"])
def test_a_page_that_is_no_number_shows_the_first_one(me, numbers, asked):
    assert listed(page_of(me, f"?page={asked}")) == numbers[:20]


def test_without_requests_the_page_says_how_to_send_one(me):
    page = words(page_of(me))

    assert "لم ترسل أي طلب تواصل بعد." in page
    assert "الصفحة 1" not in page


def test_someone_elses_requests_are_not_listed_nor_counted(me, numbers):
    TawasulRequestFactory.create_batch(30)

    page = page_of(me, "?page=3")

    assert listed(page) == numbers[40:]
    assert "الصفحة 3 من 3" in words(page)


def test_a_page_is_drawn_with_one_query_for_its_rows_and_their_count(
    me, numbers, drawn_fresh, django_assert_num_queries
):
    page_of(me)  # the session and the signed-in user are read once, then kept

    with django_assert_num_queries(2):  # the session, and the page with its count
        page = page_of(me, "?page=2")

    assert listed(page) == numbers[20:40]
