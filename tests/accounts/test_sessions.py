"""Signed-in sessions end when left alone: staff after 30 idle minutes and when the browser closes,
portal users after SESSION_IDLE_TIMEOUT, everyone SESSION_MAX_AGE after logging in. Time passes by
moving the session's stored clock back, not by waiting."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.sessions import LAST_SEEN_KEY, LOGGED_IN_AT_KEY
from tests.factories import DEMO_PASSWORD, UserFactory, totp_code, totp_device, verified_login

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
PROFILE = reverse("accounts:profile")
IDLE_30_AR = "لحمايتك سُجّل خروجك بعد 30 دقيقة دون نشاط. سجّل الدخول مجددًا للمتابعة."


def idle_for(client, minutes: float, key: str = LAST_SEEN_KEY) -> None:
    """As if the session's last request (or its log-in) were `minutes` ago."""
    session = client.session
    session[key] -= int(minutes * 60)
    session.save()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_staff_session_idle_31_minutes_is_logged_out(client, staff):
    verified_login(client, staff)
    assert client.get(ADMIN).status_code == 200
    old_key = client.session.session_key
    idle_for(client, 31)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert IDLE_30_AR in response.content.decode()
    assert response.context["user"].is_anonymous
    # The old session is gone from the store, not only from this browser.
    assert not client.session.exists(old_key)


def test_an_active_staff_session_stays(client, staff):
    verified_login(client, staff)
    idle_for(client, 29)
    assert client.get(ADMIN).status_code == 200
    # That request counts as activity: 29 more minutes are fine again.
    idle_for(client, 29)
    assert client.get(ADMIN).status_code == 200


def test_a_portal_session_ends_after_its_own_idle_time(client, user, settings):
    client.force_login(user)
    idle_for(client, 29)
    assert client.get(PROFILE).status_code == 200
    idle_for(client, 31)
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    # Configurable: with an hour, half an hour idle is fine.
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=60)
    client.force_login(user)
    idle_for(client, 31)
    assert client.get(PROFILE).status_code == 200


def test_staff_never_get_longer_than_portal_users(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    settings.STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=60)
    verified_login(client, staff)
    idle_for(client, 11)
    assert client.get(ADMIN).status_code == 302


def test_staff_idle_time_is_configurable(client, staff, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    verified_login(client, staff)
    idle_for(client, 11)
    assert client.get(ADMIN).status_code == 302


def test_an_active_session_still_ends_12_hours_after_the_log_in(client, user):
    client.force_login(user)
    idle_for(client, 11 * 60, key=LOGGED_IN_AT_KEY)
    assert client.get(PROFILE).status_code == 200
    idle_for(client, 61, key=LOGGED_IN_AT_KEY)
    response = client.get(PROFILE, follow=True)
    assert "انتهت جلستك. سجّل الدخول مجددًا للمتابعة." in response.content.decode()
    assert response.context["user"].is_anonymous


def test_a_staff_session_cookie_ends_with_the_browser(client, staff):
    device = totp_device(staff)
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": DEMO_PASSWORD, "next": ADMIN},
    )
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")
    response = client.post(reverse("staffauth:verify"), {"code": totp_code(device)})
    cookie = response.cookies["sessionid"]  # a new session id after the code
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_a_portal_session_cookie_outlives_the_browser_up_to_the_maximum_age(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": DEMO_PASSWORD}
    )
    assert response.cookies["sessionid"]["max-age"] == 12 * 3600


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, user):
    client.post(reverse("accounts:login"), {"username": user.username, "password": DEMO_PASSWORD})
    seen = client.session[LAST_SEEN_KEY]
    # Within the minute: nothing written (no new cookie means the session was not saved).
    response = client.get(PROFILE)
    assert "sessionid" not in response.cookies
    assert client.session[LAST_SEEN_KEY] == seen
    idle_for(client, 1.1)
    response = client.get(PROFILE)
    assert "sessionid" in response.cookies
    assert client.session[LAST_SEEN_KEY] >= seen


def test_anonymous_visitors_get_no_session(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
