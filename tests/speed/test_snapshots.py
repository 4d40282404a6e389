"""The signed-in user comes from the cache between requests, and every change to them is seen by
their very next request: a new name, a deactivation, a password changed elsewhere. The cache is
not an authority: an entry the portal did not sign is ignored, and it holds no secrets."""

import json
import os
import pickle

import pytest
import redis
from django.core import signing
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from speed.snapshots import _key, snapshot_version, user_snapshot_get
from tests.factories import DEMO_PASSWORD, UserFactory, verified_login

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:profile")
ADMIN = reverse("admin:index")
HOME = reverse("home")
LOGIN = reverse("accounts:login")
PASSWORD_CHANGE = reverse("accounts:password_change")


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
    first, first_reads = user_queries(client, HOME)
    second, second_reads = user_queries(client, HOME)
    assert first.status_code == second.status_code == 200
    assert len(first_reads) == 1
    assert second_reads == []
    assert "مرحبًا، ليلى." in second.content.decode()


def test_what_the_cache_leaves_out_is_read_from_the_database_in_one_query(client):
    layla = UserFactory(full_name="ليلى خالد", national_id="1000000008", email="layla@example.com")
    client.force_login(layla)
    client.get(HOME)  # now in the cache
    page, reads = user_queries(client, ACCOUNT)
    assert len(reads) == 1
    assert "1000000008" in page.content.decode()
    assert "layla@example.com" in page.content.decode()


def test_what_the_cache_leaves_out_reads_as_the_database_row_reads(client):
    layla = UserFactory(full_name="ليلى خالد", national_id="1000000008", email="layla@example.com")
    client.force_login(layla)
    client.get(HOME)  # now in the cache
    from_cache = user_snapshot_get(layla.pk)
    from_database = User.objects.get(pk=layla.pk)
    left_out = sorted(from_cache.get_deferred_fields())
    assert {"password", "national_id", "email", "mobile", "is_superuser"} <= set(left_out)

    with CaptureQueriesContext(connection) as reads:
        # The first one read loads them all.
        values = {name: getattr(from_cache, name) for name in left_out}

    assert len(reads) == 1
    # Same values and same types as the ORM gives them (SQLite keeps dates as text).
    assert values == {name: getattr(from_database, name) for name in left_out}
    assert {name: type(value) for name, value in values.items()} == {
        name: type(getattr(from_database, name)) for name in left_out
    }
    # Deleted while a request holds the user: refused as Django refuses it.
    held = user_snapshot_get(layla.pk)
    User.objects.filter(pk=layla.pk).delete()
    with pytest.raises(User.DoesNotExist):
        _ = held.email


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
    assert snapshot_version(user_snapshot_get(layla.pk)) is None


@pytest.mark.real_services
@pytest.mark.usefixtures("auth_cache_on_redis")
def test_on_redis_a_deactivation_reaches_the_next_request(
    client, django_capture_on_commit_callbacks
):
    layla = UserFactory(full_name="ليلى خالد")
    client.force_login(layla)
    assert "ليلى خالد" in client.get(ACCOUNT).content.decode()
    assert snapshot_version(user_snapshot_get(layla.pk))  # it is in Redis
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


# The cache is not an authority ---------------------------------------------------------------


def forged_superuser(user: User) -> User:
    """What an attacker able to write the cache would put there: the same user, all powers."""
    forged = User.objects.get(pk=user.pk)
    forged.is_staff = forged.is_superuser = True
    forged.full_name = "مستخدم مزور"
    forged.cache_version = "forged"
    return forged


def forged_json(user: User, *, key: str = "not-the-portals-key") -> str:
    payload = {
        "id": user.pk,
        "full_name": "مستخدم مزور",
        "preferred_language": "ar",
        "establishment_id": None,
        "is_active": True,
        "is_staff": True,
        "is_superuser": True,
        "session_hash": user.get_session_auth_hash(),
        "version": "forged",
    }
    return signing.TimestampSigner(key=key, salt="speed.snapshots.user").sign(json.dumps(payload))


def assert_kept_out_of_the_admin(client, user) -> None:
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    home = client.get(HOME).content.decode()
    assert "مزور" not in home
    assert f"مرحبًا، {user.get_short_name()}." in home  # still logged in, as the database says


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(forged_superuser, id="the user object with all powers"),
        pytest.param(forged_json, id="JSON signed with another key"),
    ],
)
def test_a_forged_entry_in_the_cache_does_not_open_the_admin(client, forge):
    layla = UserFactory(full_name="ليلى خالد")
    verified_login(client, layla)  # second factor passed: only the cache's word is missing
    caches["auth"].set(_key(layla.pk), forge(layla))
    assert_kept_out_of_the_admin(client, layla)


def test_someone_elses_genuine_entry_copied_to_my_key_is_ignored(client, admin_user):
    admins = Client()
    verified_login(admins, admin_user)
    assert admins.get(ADMIN).status_code == 200  # the superuser's entry is now in the cache
    layla = UserFactory(full_name="ليلى خالد")
    verified_login(client, layla)  # second factor passed: only the cache's word is missing
    caches["auth"].set(_key(layla.pk), caches["auth"].get(_key(admin_user.pk)))
    assert_kept_out_of_the_admin(client, layla)


def test_the_cached_user_holds_no_password_hash_national_id_or_contact(client):
    layla = UserFactory(full_name="ليلى خالد", national_id="1000000008", email="layla@example.com")
    client.force_login(layla)
    client.get(HOME)
    entry = caches["auth"].get(_key(layla.pk))
    assert isinstance(entry, str)
    for secret in (layla.password, "1000000008", "layla@example.com", layla.mobile):
        assert secret not in entry
    assert json.loads(signing.TimestampSigner(salt="speed.snapshots.user").unsign(entry))


def test_my_own_password_change_keeps_me_logged_in_and_logs_out_my_other_devices(
    client, django_capture_on_commit_callbacks
):
    layla = UserFactory()
    other_device = Client()
    other_device.force_login(layla)
    client.force_login(layla)
    assert client.get(HOME).status_code == other_device.get(HOME).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PASSWORD_CHANGE,
            {
                "old_password": DEMO_PASSWORD,
                "new_password1": "Najd-Palm-Tree-91",
                "new_password2": "Najd-Palm-Tree-91",
            },
        )
    assert response.status_code == 302
    assert client.get(ACCOUNT).status_code == 200
    assert_logged_out(other_device)


def redis_values(prefix: str) -> dict[bytes, bytes]:
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    return {key: server.get(key) for key in server.scan_iter(f"{prefix}:*")}


@pytest.mark.real_services
@pytest.mark.usefixtures("auth_cache_on_redis")
def test_on_redis_a_forged_entry_written_by_hand_does_not_open_the_admin(client):
    layla = UserFactory(full_name="ليلى خالد")
    verified_login(client, layla)  # second factor passed: only the cache's word is missing
    cache = caches["auth"]
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    for forged in (
        # Django's own format for a cached object: what the portal used to read back.
        pickle.dumps(forged_superuser(layla)),
        json.dumps(forged_json(layla)).encode(),
    ):
        key = cache.make_and_validate_key(_key(layla.pk))
        server.set(key, forged)
        server.publish(cache._channel, key)  # and tell every process its copy changed
        assert_kept_out_of_the_admin(client, layla)


@pytest.mark.real_services
@pytest.mark.usefixtures("auth_cache_on_redis")
def test_on_redis_no_value_holds_a_password_hash_a_national_id_or_a_pickle(settings):
    layla = UserFactory(full_name="ليلى خالد", national_id="1000000008", email="layla@example.com")
    browser = Client()
    response = browser.post(LOGIN, {"username": layla.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    for url in (HOME, ACCOUNT, reverse("tawasul:request_list")):
        assert browser.get(url).status_code == 200
    values = redis_values(settings.CACHES["auth"]["KEY_PREFIX"])
    assert len(values) >= 2  # the session and the user
    for key, value in values.items():
        json.loads(value)  # JSON (or a bare integer), never a pickle
        for secret in (layla.password, "1000000008", "layla@example.com"):
            assert secret.encode() not in value, key
