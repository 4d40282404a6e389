"""The Redis cache keeps one client per connection pool, and still behaves as Django's but never
unpickles what it reads; the local-first one answers from memory only what Redis has not announced
as changed."""

import os
import pickle
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings

from speed.caches import JSONSerializer, LocalFirstRedisCache, RedisCache, _LocalCopies
from tests.fixtures.real_services import wait_until
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
    assert result.stdout.strip().splitlines()[-1] == "speed.caches.RedisCache"


class WritesAFile:
    """A pickle that creates a file once loaded: what an attacker able to write Redis would send."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_a_pickle_found_in_redis_is_refused_not_run(tmp_path):
    proof = tmp_path / "ran"
    with pytest.raises(ValueError):
        JSONSerializer().loads(pickle.dumps(WritesAFile(proof)))
    assert not proof.exists()
    assert JSONSerializer().loads(JSONSerializer().dumps({"ar": "مرحبا"})) == {"ar": "مرحبا"}


@pytest.mark.real_services
@pytest.mark.parametrize("backend", [RedisCache, LocalFirstRedisCache])
def test_on_redis_a_pickle_written_by_hand_is_refused_not_run(backend, tmp_path):
    proof = tmp_path / "ran"
    cache = backend(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"})
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    raw.set(cache.make_and_validate_key("session"), pickle.dumps(WritesAFile(proof)))
    with pytest.raises(ValueError):
        cache.get("session")
    assert not proof.exists()
    cache.delete("session")


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


# LocalFirstRedisCache: sessions and user snapshots answered from memory, never stale ------------

CHANGE_IN_ANOTHER_PROCESS = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "muqeem.settings.test"
import django
django.setup()
from speed.caches import LocalFirstRedisCache
cache = LocalFirstRedisCache(sys.argv[1], {"KEY_PREFIX": sys.argv[2]})
cache.set("session", {"user": "omar"}, 60)
"""


def local_first(prefix: str) -> LocalFirstRedisCache:
    cache = LocalFirstRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})
    wait_until(lambda: cache._local.subscribed, timeout=5, message="the invalidation subscriber")
    return cache


@pytest.mark.real_services
def test_a_value_changed_by_another_process_is_never_served_from_memory_again():
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    cache = local_first(prefix)
    cache.set("session", {"user": "layla"}, 60)
    # Read from Redis and kept in memory (once the echo of our own write has come back).
    wait_until(
        lambda: (
            cache.get("session") == {"user": "layla"}
            and cache._local.get(cache.make_key("session"))[0]
        ),
        timeout=1,
        message="the value to be kept in memory",
    )
    subprocess.run(
        [sys.executable, "-c", CHANGE_IN_ANOTHER_PROCESS, os.environ["REDIS_URL"], prefix],
        check=True,
        cwd=settings.BASE_DIR,
    )
    wait_until(
        lambda: cache.get("session") == {"user": "omar"},
        timeout=1,
        message="the other process's change",
    )
    cache.delete("session")
    assert cache.get("session") is None


@pytest.mark.real_services
def test_after_a_redis_restart_nothing_stale_comes_from_memory(redis_server):
    cache = local_first(f"test-{uuid.uuid4().hex[:8]}")
    cache.set("session", {"user": "layla"}, 60)
    assert cache.get("session") == {"user": "layla"}
    redis_server.restart()  # keeps nothing on disk: the session is gone
    assert cache.get("session") is None
    wait_until(lambda: cache._local.subscribed, timeout=10, message="the subscriber to reconnect")
    cache.set("session", {"user": "omar"}, 60)
    assert cache.get("session") == {"user": "omar"}


def test_a_read_that_overlapped_a_change_of_its_key_is_not_kept():
    copies = _LocalCopies("redis://unused", "unused", max_entries=10, max_age=30)
    copies.subscribed = True
    started = copies.generation
    copies.drop("auth:1:session")  # the change arrives while the old value is being read
    copies.keep("auth:1:session", b'{"user":"old"}', started)
    assert copies.get("auth:1:session") == (False, None)
    copies.keep("auth:1:session", b'{"user":"new"}', copies.generation)
    assert copies.get("auth:1:session")[0]


def test_nothing_comes_from_memory_while_the_subscriber_is_not_listening():
    copies = _LocalCopies("redis://unused", "unused", max_entries=10, max_age=30)
    copies.subscribed = True
    copies.keep("k", b'"v"', copies.generation)
    assert copies.get("k")[0]
    copies.subscribed = False
    assert copies.get("k") == (False, None)
