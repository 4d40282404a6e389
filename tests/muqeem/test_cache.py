"""The Redis cache keeps one client per connection pool, and still behaves as Django's."""

import os
import uuid

import pytest

from muqeem.cache import RedisCache
from tests.muqeem.test_production_settings import PRODUCTION_ENV, manage


def test_every_cache_call_reuses_one_redis_client():
    # Nothing connects until a command is sent: no Redis needed here.
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    client = cache._cache.get_client("some-key")
    assert cache._cache.get_client("other-key", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(write=False)


def test_production_settings_use_it():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "muqeem.cache.RedisCache"


@pytest.mark.real_services
def test_it_reads_writes_and_survives_a_redis_restart(redis_server):
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"})
    cache.set("greeting", {"ar": "مرحبا"}, 60)
    assert cache.get("greeting") == {"ar": "مرحبا"}
    assert cache.add("greeting", "other", 60) is False
    assert cache.incr(cache.set("n", 1) or "n") == 2
    redis_server.restart()
    # Same client object: its pool reconnects on the next command.
    cache.set("after", "yes", 60)
    assert cache.get("after") == "yes"
    cache.delete_many(["greeting", "n", "after"])
