"""Seed step 1: log in to the portal with username and password; log out; the lock-out."""

import pytest
from django.urls import reverse

from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
WRONG_LOGIN = "اسم المستخدم أو كلمة المرور غير صحيحة. تحقق منهما وحاول مرة أخرى."
LOCKED_OUT = (
    "محاولات دخول فاشلة كثيرة. لحمايتك أُقفل هذا الحساب لمدة 15 دقيقة؛ "
    "حاول لاحقًا أو أعد تعيين كلمة المرور."
)


@pytest.fixture
def demo_user():
    return UserFactory(username="demo", full_name="عبدالله بن محمد القحطاني")


def test_login_page_is_arabic_with_labelled_fields(client):
    response = client.get(LOGIN_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    assert "اسم المستخدم" in page
    assert "كلمة المرور" in page
    assert 'for="id_username"' in page
    assert reverse("accounts:password_reset") in page


def test_login_page_offers_the_subscription_request_tab(client):
    # Seed, registering individuals, step 2: the "طلب اشتراك" tab beside log-in.
    page = client.get(LOGIN_URL).content.decode()
    assert f'href="{reverse("subscriptions:start")}">طلب اشتراك</a>' in page


def test_right_password_logs_the_user_in_and_goes_home(client, demo_user):
    response = client.post(LOGIN_URL, {"username": "demo", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "عبدالله" in page  # the header greets the user by first name


def test_login_follows_a_safe_next_but_not_an_external_one(client, demo_user):
    profile = reverse("accounts:profile")
    response = client.post(
        LOGIN_URL, {"username": "demo", "password": DEMO_PASSWORD, "next": profile}
    )
    assert response.url == profile
    client.post(reverse("accounts:logout"))
    response = client.post(
        LOGIN_URL,
        {"username": "demo", "password": DEMO_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == reverse("home")


def test_wrong_password_shows_the_arabic_error_and_keeps_the_username(client, demo_user):
    response = client.post(LOGIN_URL, {"username": "demo", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert WRONG_LOGIN in page
    assert 'value="demo"' in page
    assert "_auth_user_id" not in client.session


def test_unknown_username_gets_the_same_error_as_a_wrong_password(client, demo_user):
    response = client.post(LOGIN_URL, {"username": "nobody", "password": "wrong"})
    assert WRONG_LOGIN in response.content.decode()


def test_first_login_applies_the_language_the_account_keeps(client):
    UserFactory(username="sam", preferred_language="en")
    response = client.post(LOGIN_URL, {"username": "sam", "password": DEMO_PASSWORD})
    assert response.cookies["muqeem_language"].value == "en"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in page


def test_a_language_chosen_on_this_browser_wins_over_the_account(client):
    UserFactory(username="sam", preferred_language="en")
    client.cookies["muqeem_language"] = "ar"
    response = client.post(LOGIN_URL, {"username": "sam", "password": DEMO_PASSWORD})
    assert "muqeem_language" not in response.cookies
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("home")).content.decode()


def _fail(client, username="demo"):
    return client.post(LOGIN_URL, {"username": username, "password": "wrong-password"})


def test_five_wrong_passwords_lock_the_account_and_the_sixth_is_refused(client, demo_user):
    for _attempt in range(4):
        response = _fail(client)
        assert response.status_code == 200
        assert WRONG_LOGIN in response.content.decode()

    fifth = _fail(client)  # the fifth failure reaches the limit: the lock starts now
    assert fifth.status_code == 429
    assert LOCKED_OUT in fifth.content.decode()

    sixth = _fail(client)
    page = sixth.content.decode()
    assert sixth.status_code == 429
    assert LOCKED_OUT in page
    assert 'value="demo"' in page  # still the person's username in the field
    assert '<html lang="ar" dir="rtl">' in page


def test_locked_out_user_is_refused_even_with_the_right_password(client, demo_user):
    for _attempt in range(5):
        _fail(client)
    response = client.post(LOGIN_URL, {"username": "demo", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_only(client, demo_user):
    UserFactory(username="colleague")
    for _attempt in range(5):
        _fail(client)
    response = client.post(LOGIN_URL, {"username": "colleague", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, demo_user):
    for _attempt in range(4):
        _fail(client)
    assert (
        client.post(LOGIN_URL, {"username": "demo", "password": DEMO_PASSWORD}).status_code == 302
    )
    client.post(reverse("accounts:logout"))
    for _attempt in range(4):
        assert _fail(client).status_code == 200


def test_logout_needs_a_post(client, demo_user):
    client.force_login(demo_user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.get(reverse("accounts:profile")).status_code == 200  # still logged in


def test_logout_by_post_ends_the_session_with_an_arabic_message(client, demo_user):
    client.force_login(demo_user)
    response = client.post(reverse("accounts:logout"), follow=True)
    page = response.content.decode()
    assert "تم تسجيل خروجك." in page
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_logged_in_user_visiting_login_is_sent_home(client, demo_user):
    client.force_login(demo_user)
    assert client.get(LOGIN_URL).url == reverse("home")


def test_login_page_query_count_is_bounded(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(LOGIN_URL)
