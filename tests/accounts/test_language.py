"""The language switch on every page: a POST to set_language, kept in a cookie and on the user."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SET_LANGUAGE = reverse("set_language")


def test_switching_to_english_sets_the_cookie_and_the_page_turns_ltr(client):
    profile_free_page = reverse("accounts:login")
    response = client.post(SET_LANGUAGE, {"language": "en", "next": profile_free_page})
    assert response.status_code == 302
    assert response.url == profile_free_page
    assert response.cookies["muqeem_language"].value == "en"
    page = client.get(profile_free_page).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "bootstrap.min.css" in page
    assert "bootstrap.rtl.min.css" not in page


def test_switching_back_to_arabic(client):
    client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    client.post(SET_LANGUAGE, {"language": "ar", "next": "/"})
    assert '<html lang="ar" dir="rtl">' in client.get("/").content.decode()


def test_logged_in_users_choice_is_kept_on_the_account(client, user):
    client.force_login(user)
    client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_anonymous_switch_changes_no_account(client, user):
    client.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "ar"


def test_unknown_language_changes_nothing(client, user):
    client.force_login(user)
    response = client.post(SET_LANGUAGE, {"language": "fr", "next": "/"})
    assert "muqeem_language" not in response.cookies
    user.refresh_from_db()
    assert user.preferred_language == "ar"


def test_next_pointing_to_another_site_is_ignored(client):
    response = client.post(SET_LANGUAGE, {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_get_is_refused(client):
    assert client.get(SET_LANGUAGE, {"language": "en"}).status_code == 405


def test_switch_needs_the_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(SET_LANGUAGE, {"language": "en", "next": "/"}).status_code == 403


def test_every_page_offers_the_switch(client):
    page = client.get("/").content.decode()
    assert f'action="{SET_LANGUAGE}"' in page
    assert 'name="language"' in page
