"""The signed-in user comes from the cache between requests, and every change to them is seen by
their very next request: a new name, a deactivation, a password changed elsewhere."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.snapshots import _key, user_snapshot_get
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:profile")
LOGIN = reverse("accounts:login")


def user_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if '"accounts_user"' in q["sql"]]


def commit_change(capture_on_commit, user, **fields) -> None:
    """Change the user and commit, as staff in the admin would (the snapshot is written after)."""
    with capture_on_commit(execute=True):
        for name, value in fields.items():
            setattr(user, name, value)
        user.save(update_fields=list(fields))


def assert_logged_out(client) -> None:
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_the_user_is_read_from_the_database_once_then_from_the_cache(client):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    first, first_reads = user_queries(client, ACCOUNT)
    second, second_reads = user_queries(client, ACCOUNT)
    assert first.status_code == second.status_code == 200
    assert len(first_reads) == 1
    assert second_reads == []
    assert "ليلى خالد" in second.content.decode()


def test_a_new_name_shows_on_the_next_page(client, django_capture_on_commit_callbacks):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    assert "ليلى خالد" in client.get(ACCOUNT).content.decode()
    commit_change(django_capture_on_commit_callbacks, layla, full_name="ليلى خالد العتيبي")
    assert "ليلى خالد العتيبي" in client.get(ACCOUNT).content.decode()


def test_a_user_deactivated_by_staff_is_logged_out_at_the_next_request(
    client, django_capture_on_commit_callbacks
):
    layla = UserFactory()
    client.force_login(layla)
    assert client.get(ACCOUNT).status_code == 200  # now in the cache
    commit_change(django_capture_on_commit_callbacks, layla, is_active=False)
    assert_logged_out(client)


def test_a_password_changed_on_another_device_logs_this_one_out(
    client, django_capture_on_commit_callbacks
):
    layla = UserFactory()
    client.force_login(layla)
    assert client.get(ACCOUNT).status_code == 200
    layla.set_password("Another-pass-2026")
    commit_change(django_capture_on_commit_callbacks, layla, password=layla.password)
    assert_logged_out(client)


def test_a_reader_that_read_the_old_row_before_the_change_cannot_put_it_back(
    django_capture_on_commit_callbacks,
):
    layla = UserFactory(full_name="ليلى خالد")
    user_snapshot_get(layla.pk)
    commit_change(django_capture_on_commit_callbacks, layla, is_active=False)
    # A request that had read the old row ends by adding it: the fresh entry stays.
    stale = type(layla).objects.get(pk=layla.pk)
    stale.is_active = True
    assert caches["auth"].add(_key(layla.pk), stale) is False
    assert user_snapshot_get(layla.pk).is_active is False


@pytest.mark.usefixtures("auth_cache_unreachable")
def test_with_the_cache_unreachable_users_stay_logged_in_and_see_fresh_pages(client):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    assert "ليلى خالد" in client.get(ACCOUNT).content.decode()
    layla.full_name = "ليلى العتيبي"
    layla.save(update_fields=["full_name"])
    assert "ليلى العتيبي" in client.get(ACCOUNT).content.decode()
    assert user_snapshot_get(layla.pk).cache_version is None


@pytest.mark.real_services
@pytest.mark.usefixtures("auth_cache_on_redis")
def test_on_redis_a_deactivation_reaches_the_next_request(
    client, django_capture_on_commit_callbacks
):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    assert "ليلى خالد" in client.get(ACCOUNT).content.decode()
    assert user_snapshot_get(layla.pk).cache_version  # it is in Redis
    commit_change(django_capture_on_commit_callbacks, layla, is_active=False)
    assert_logged_out(client)


@pytest.mark.real_services
@pytest.mark.usefixtures("auth_cache_on_redis")
def test_a_redis_restart_keeps_users_logged_in_and_their_pages_right(
    client, redis_server, django_capture_on_commit_callbacks
):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    assert "ليلى خالد" in client.get(ACCOUNT).content.decode()
    redis_server.restart()  # sessions and snapshots in Redis are gone
    page = client.get(ACCOUNT)
    assert page.status_code == 200  # the session is still in the database
    assert "ليلى خالد" in page.content.decode()
    commit_change(django_capture_on_commit_callbacks, layla, full_name="ليلى العتيبي")
    assert "ليلى العتيبي" in client.get(ACCOUNT).content.decode()
