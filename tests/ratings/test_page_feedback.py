"""«هل كانت هذه الصفحة مفيدة؟»: each answer counted once per page and browser session, in daily
counters that hold nothing about who answered; back on the page, the thanks."""

import pytest
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ratings import services
from ratings.models import PageFeedback
from ratings.page_feedback import SESSION_KEY
from ratings.selectors import page_usefulness
from tests.factories import UserFactory
from tests.ratings.feedback import ASKED, THANKED, THANKS_MESSAGE, answer, widget_of

pytestmark = pytest.mark.django_db

Page = PageFeedback.Page


def counts() -> dict[tuple[str, str, str, str], int]:
    """{(page, answer, reason, language): answers} over every day."""
    totals: dict[tuple[str, str, str, str], int] = {}
    for row in PageFeedback.objects.all():
        key = (row.page, row.answer, row.reason, row.language)
        totals[key] = totals.get(key, 0) + row.count
    return totals


@pytest.fixture
def number_page(client, applicant, sent_request):
    """The applicant, logged in, on the page with the number of the request they just sent."""
    tawasul_request = sent_request()
    client.force_login(applicant)
    return reverse("tawasul:request_received", args=[tawasul_request.number])


# The counters


def test_answers_of_a_kind_on_a_day_add_up_in_one_row():
    for _ in range(3):
        services.page_feedback_count(page=Page.PASSWORD_CHANGED, answer="yes", language="ar")
    services.page_feedback_count(page=Page.PASSWORD_CHANGED, answer="yes", language="en")
    services.page_feedback_count(
        page=Page.PASSWORD_CHANGED, answer="no", reason="unclear", language="ar"
    )
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    services.page_feedback_count(
        page=Page.PASSWORD_CHANGED, answer="yes", language="ar", day=yesterday
    )

    assert PageFeedback.objects.count() == 4
    today = PageFeedback.objects.get(day=timezone.localdate(), answer="yes", language="ar")
    assert today.count == 3
    (figures,) = page_usefulness()
    assert (figures.label, figures.yes, figures.no, figures.percent_useful) == (
        "تم تغيير كلمة المرور",
        5,
        1,
        83,
    )


def test_a_reason_is_kept_only_with_no():
    services.page_feedback_count(
        page=Page.ANSWER_RATED, answer="yes", reason="technical", language="ar"
    )
    assert counts() == {(Page.ANSWER_RATED, "yes", "", "ar"): 1}


def test_two_first_answers_at_once_make_one_row_of_two():
    # Between this answer's UPDATE (no row yet) and its INSERT, another answer inserts the row
    # (just before the INSERT's savepoint, so that rolling the INSERT back leaves it).
    raced = []

    def other_answer_first(execute, sql, params, many, context):
        if sql.startswith("SAVEPOINT") and not raced:
            raced.append(True)
            PageFeedback.objects.create(
                page=Page.EMAIL_CHANGED,
                day=timezone.localdate(),
                answer="no",
                reason="",
                language="ar",
                count=1,
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(other_answer_first):
        services.page_feedback_count(page=Page.EMAIL_CHANGED, answer="no", language="ar")

    assert raced
    assert PageFeedback.objects.get().count == 2


def test_nothing_stored_can_hold_personal_data():
    fields = {field.name: field for field in PageFeedback._meta.get_fields()}

    assert set(fields) == {"id", "page", "day", "answer", "reason", "language", "count"}
    # No link to a user or a request, no time of day, no free text: each text is a key of a list.
    assert not any(field.is_relation for field in fields.values())
    assert type(fields["day"]) is models.DateField
    for name in ("page", "answer", "reason", "language"):
        assert fields[name].choices, name


# Answering on a page


def test_an_answer_on_the_number_page_is_counted_and_the_page_thanks_instead_of_asking(
    client, number_page
):
    page = client.get(number_page).content.decode()
    assert widget_of(page).startswith(ASKED)

    response = answer(client, page, "no", reason="not_found")

    assert response.status_code == 302
    assert response.url == number_page  # back on the same page
    back = client.get(number_page).content.decode()
    assert THANKS_MESSAGE in back
    assert widget_of(back) == THANKED  # no buttons any more
    assert counts() == {(Page.TAWASUL_REQUEST_RECEIVED, "no", "not_found", "ar"): 1}


def test_one_answer_per_page_and_browser_session(client, number_page):
    page = client.get(number_page).content.decode()
    answer(client, page, "yes")
    again = answer(client, page, "no")  # the old page, still open in another tab

    assert "سبق أن أخبرتنا برأيك في فائدة هذه الصفحة" in client.get(again.url).content.decode()
    assert counts() == {(Page.TAWASUL_REQUEST_RECEIVED, "yes", "", "ar"): 1}
    # Another browser answers for itself.
    other = Client()
    complete = reverse("accounts:password_reset_complete")
    answer(other, other.get(complete).content.decode(), "yes")
    assert counts()[(Page.PASSWORD_RESET_COMPLETE, "yes", "", "ar")] == 1


def test_the_session_remembers_the_page_key_only(client, number_page):
    answer(client, client.get(number_page).content.decode(), "yes")

    assert client.session[SESSION_KEY] == [Page.TAWASUL_REQUEST_RECEIVED]


def test_nothing_about_the_person_or_the_request_reaches_the_counters(
    client, number_page, applicant
):
    answer(client, client.get(number_page).content.decode(), "no", reason="unclear")

    number = number_page.rstrip("/").split("/")[-2]
    stored = " ".join(str(value) for row in PageFeedback.objects.values_list() for value in row)
    for personal in (
        number,
        applicant.username,
        applicant.national_id,
        applicant.email,
        applicant.full_name,
        "127.0.0.1",
    ):
        assert personal not in stored


def test_an_english_page_counts_an_english_answer(client, number_page):
    client.cookies["muqeem_language"] = "en"
    page = client.get(number_page).content.decode()
    assert widget_of(page).startswith("Was this page useful? Yes No")

    answer(client, page, "yes")

    assert counts() == {(Page.TAWASUL_REQUEST_RECEIVED, "yes", "", "en"): 1}
    assert "Thank you for your feedback." in client.get(number_page).content.decode()


def test_an_unknown_page_is_not_found_and_the_address_takes_posts_only(client):
    unknown = reverse("ratings:page_feedback", args=["tawasul_request_TW-2026-0000001"])
    assert client.post(unknown, {"answer": "yes"}).status_code == 404
    known = reverse("ratings:page_feedback", args=[Page.PASSWORD_CHANGED])
    assert client.get(known).status_code == 405
    assert not PageFeedback.objects.exists()


def test_an_answer_not_from_the_buttons_is_refused(client):
    complete = reverse("accounts:password_reset_complete")
    page = client.get(complete).content.decode()

    response = answer(client, page, "maybe")
    tampered = answer(client, page, "no", reason="my iqama is 2000000006")

    assert "تعذّر تسجيل إجابتك" in client.get(response.url).content.decode()
    assert tampered.url == complete
    assert not PageFeedback.objects.exists()


def test_the_way_back_never_leaves_the_portal(client):
    page = client.get(reverse("accounts:password_reset_complete")).content.decode()

    response = answer(client, page, "yes", next="https://evil.example/")

    assert response.url == reverse("home")


def test_the_form_is_refused_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    complete = reverse("accounts:password_reset_complete")
    page = client.get(complete).content.decode()
    action = reverse("ratings:page_feedback", args=[Page.PASSWORD_RESET_COMPLETE])

    refused = client.post(action, {"answer": "yes", "next": complete})
    assert refused.status_code == 403
    assert not PageFeedback.objects.exists()

    assert answer(client, page, "yes").status_code == 302
    assert counts() == {(Page.PASSWORD_RESET_COMPLETE, "yes", "", "ar"): 1}


def test_a_script_answering_from_one_address_is_stopped(settings):
    settings.PAGE_FEEDBACK_RATE = "3/h"
    complete = reverse("accounts:password_reset_complete")
    for _ in range(5):  # a new browser session each time: the one-per-session rule never bites
        browser = Client()
        response = answer(browser, browser.get(complete).content.decode(), "no")

    assert counts() == {(Page.PASSWORD_RESET_COMPLETE, "no", "", "ar"): 3}
    assert "لم تُحتسب إجابتك" in browser.get(response.url).content.decode()
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")  # another client is not held back
    answer(elsewhere, elsewhere.get(complete).content.decode(), "no")
    assert counts() == {(Page.PASSWORD_RESET_COMPLETE, "no", "", "ar"): 4}


def test_an_answer_costs_a_bounded_number_of_queries(
    client, number_page, django_assert_max_num_queries
):
    page = client.get(number_page).content.decode()
    services.page_feedback_count(page=Page.PASSWORD_CHANGED, answer="yes", language="ar")
    # The session read; the counter's UPDATE, and on the day's first answer of its kind the INSERT;
    # the session saved. The INSERT and the session's save each run in a savepoint, two more
    # statements each here, where the test's transaction is around them (measured: 8).
    with django_assert_max_num_queries(8):
        answer(client, page, "yes")
    other = Client()
    other.force_login(UserFactory())
    complete = reverse("accounts:password_reset_complete")
    answer(other, other.get(complete).content.decode(), "yes")
    third = Client()
    third.force_login(UserFactory())
    page = third.get(complete).content.decode()
    with django_assert_max_num_queries(5):  # the counter exists: one UPDATE (measured: 5)
        answer(third, page, "yes")
