"""Every page the requester's side and the staff's second factor added, in Arabic and in English:
drawn in that language and direction, and clean for axe-core (WCAG 2.1 AA). The journeys test
each page in one language; this walks all of them in both."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.services import user_email_change_request
from accounts.tokens import email_change_confirm_path
from ratings.templatetags.ratings_tags import rating_path
from tawasul.models import TawasulRequest
from tests.factories import (
    DEMO_PASSWORD,
    UserFactory,
    establishment_with_primary_user,
    totp_code,
    totp_device,
)
from tests.fixtures.browser import axe_check, log_in
from tests.subscriptions.factories import EstablishmentRequestFactory
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = TawasulRequest.Status
DIRECTION = {"ar": "rtl", "en": "ltr"}


@pytest.fixture(params=["ar", "en"])
def language(request, page, live_server) -> str:
    """The visitor chose this language (the cookie the language switch sets)."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": request.param, "url": live_server.url}]
    )
    return request.param


def assert_accessible_in(page, language: str, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
        language,
        DIRECTION[language],
    ), path
    axe_check(page)


def test_the_requesters_new_pages_in_both_languages(page, language):
    user = establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user
    processed = TawasulRequestFactory(requester=user, status=Status.PROCESSED)
    waiting = TawasulRequestFactory(requester=user, status=Status.NEW)
    TawasulRequest.objects.filter(pk=waiting.pk).update(
        answer_by=timezone.localdate() + timedelta(days=5)
    )
    subscription = EstablishmentRequestFactory(requester=user)
    change = user_email_change_request(user=user, new_email="sara.new@example.org")
    log_in(page, username=user.username, password=DEMO_PASSWORD)

    for path in (
        # The number page and a request's page: receipt, print, answer-by date, rating.
        f"/tawasul/requests/{waiting.number}/received/",
        f"/tawasul/requests/{waiting.number}/",
        f"/tawasul/requests/{processed.number}/",
        rating_path(processed.pk),
        # A subscription request's confirmation with its receipt, and the look-up its QR opens.
        f"/subscriptions/requests/{subscription.number}/",
        f"/subscriptions/status/?number={subscription.number}",
        # Privacy: the notice, the profile with the data download; the e-mail change.
        "/privacy/",
        "/accounts/profile/",
        "/accounts/profile/edit/",
        email_change_confirm_path(change.pk),
        "/security/",
    ):
        assert_accessible_in(page, language, path)


def password_step(page, staff) -> None:
    """The admin's log-in form: the first factor."""
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(staff.username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("[type='submit']").click()


def test_the_staff_second_factor_pages_in_both_languages(page, language, live_server):
    newcomer = UserFactory(is_staff=True, is_superuser=True, full_name="موظف جديد")
    password_step(page, newcomer)
    assert "/staff/setup/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)

    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    staff = UserFactory(is_staff=True, is_superuser=True, full_name="موظفة الجوازات")
    device = totp_device(staff)
    password_step(page, staff)
    assert "/staff/verify/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)
    code_form = page.locator("main form").filter(has=page.locator("input[name='code']"))
    code_form.locator("input[name='code']").fill(totp_code(device))
    with page.expect_navigation():
        code_form.locator("[type='submit']").click()
    assert page.url.endswith("/admin/")
