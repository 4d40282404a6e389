import os
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

# Shared fixtures live in plugin modules, one per concern, so each stays small.
pytest_plugins = [
    "tests.fixtures.real_services",
    "tests.fixtures.smtp",
    "tests.fixtures.celery_worker",
    "tests.fixtures.browser",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Each test stores uploads in its own folder, so no test sees another's files.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    # Rolled-back tests reuse row ids: a page or user snapshot cached by one test must not be
    # served to the next one's different user with the same id.
    for name in ("default", "fragments", "pages", "auth"):
        caches[name].clear()
    yield


@pytest.fixture
def auth_cache_unreachable(settings):
    """The sessions' and user snapshots' cache is down: nothing listens on port 1."""
    settings.CACHES = {
        **settings.CACHES,
        "auth": {
            "BACKEND": "speed.caches.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }


@pytest.fixture
def auth_cache_on_redis(settings):
    """As in production: sessions (cached_db) and user snapshots in the test Redis, read from
    this process's local copies; keys of this test only."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        **settings.CACHES,
        "auth": {
            "BACKEND": "speed.caches.LocalFirstRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        },
    }


@pytest.fixture(autouse=True)
def sms_outbox():
    """The text messages the test settings' memory backend received during this test."""
    from notifications.sms_backends import MemoryBackend

    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()


@pytest.fixture
def queries_of():
    """How many SQL queries `call()` runs: a page with many rows must run as many as with few
    (a bound alone hides a query per row while the rows are few)."""

    def count(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    return count


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client
