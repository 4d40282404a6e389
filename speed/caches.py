"""The portal's Redis caches (part of the speed layer: speed/__init__.py).

`RedisCache`: Django's, with one `redis.Redis` client per connection pool. Django's own client
builds a new `redis.Redis` object (and its ~170 response callbacks) on every cache call. The
client object is thread-safe and cheap to keep: its connections come from the pool either way, so
reusing it changes nothing but the cost (measured in bench/FINDINGS.md). Values are stored as JSON,
never pickled: Django's serializer unpickles whatever it reads, so anyone able to write one Redis
key could run code in every web process. A value that is not JSON reads as an error (ValueError).

`LocalFirstRedisCache`: the same, with reads answered from the process's memory until Redis
announces that the key changed (sessions and user snapshots, CACHES["auth"] in production).
"""

import json
import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


class JSONSerializer:
    """Redis values as JSON (integers as they are, so that INCR works as with Django's)."""

    def dumps(self, obj) -> bytes | int:
        if type(obj) is int:
            return obj
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()

    def loads(self, data: bytes):
        try:
            return int(data)
        except ValueError:
            return json.loads(data)  # raises ValueError for anything that is not JSON


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        try:
            return self._clients[index]
        except KeyError:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
            return client


class RedisCache(DjangoRedisCache):
    """Use as BACKEND "speed.caches.RedisCache" (production settings do)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
        self._options = {"serializer": JSONSerializer, **self._options}


class _LocalCopies:
    """One process's copies of values read from Redis, and the subscriber that drops them.

    Shared by every thread of the process (Django makes one cache object per thread). The
    subscriber thread is started lazily in the process that uses it, so a forking server
    (gunicorn) gives each worker its own.
    """

    _instances: dict[tuple[str, str], "_LocalCopies"] = {}
    _instances_lock = threading.Lock()

    def __init__(self, url: str, channel: str, max_entries: int, max_age: float):
        self.url, self.channel = url, channel
        self.max_entries, self.max_age = max_entries, max_age
        self.values: dict[str, tuple[float, bytes]] = {}
        self.lock = threading.Lock()
        # Bumped by every invalidation the subscriber receives; a reader that started before
        # an invalidation of its key (or of everything) does not keep what it read.
        self.generation = 0
        self.invalidated: dict[str, int] = {}
        self.everything_invalidated_at = 0
        self.subscribed = False
        self.pid = None

    @classmethod
    def for_cache(cls, url: str, channel: str, max_entries: int, max_age: float) -> "_LocalCopies":
        with cls._instances_lock:
            copies = cls._instances.get((url, channel))
            if copies is None or copies.pid != os.getpid():
                copies = cls._instances[(url, channel)] = cls(url, channel, max_entries, max_age)
                copies.pid = os.getpid()
                threading.Thread(
                    target=copies._listen, name=f"cache-invalidations:{channel}", daemon=True
                ).start()
            return copies

    # Reads --------------------------------------------------------------------------------------

    def get(self, key: str):
        """(found, encoded value); only while the subscriber is connected."""
        if not self.subscribed:
            return False, None
        entry = self.values.get(key)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def keep(self, key: str, encoded: bytes, read_started_at: int) -> None:
        with self.lock:
            if not self.subscribed or read_started_at < max(
                self.invalidated.get(key, 0), self.everything_invalidated_at
            ):
                return  # it may have changed while we were reading it
            if len(self.values) >= self.max_entries:
                self.values.pop(next(iter(self.values)))  # the oldest copy
            self.values[key] = (time.monotonic() + self.max_age, encoded)

    # Invalidations ------------------------------------------------------------------------------

    def drop(self, key: str) -> None:
        with self.lock:
            self.generation += 1
            self.values.pop(key, None)
            self.invalidated[key] = self.generation
            if len(self.invalidated) > self.max_entries:
                self.invalidated.clear()
                self.everything_invalidated_at = self.generation

    def drop_everything(self) -> None:
        with self.lock:
            self.generation += 1
            self.values.clear()
            self.invalidated.clear()
            self.everything_invalidated_at = self.generation

    def _listen(self) -> None:
        import redis

        while True:
            try:
                client = redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=2)
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                last_ping = last_heard = time.monotonic()
                while True:
                    message = pubsub.get_message(timeout=0.5)
                    now = time.monotonic()
                    if message is None:
                        # A silent network must not leave stale copies: ping every second, and
                        # a connection that stays quiet for 3 s (no pong) is given up.
                        if now - last_heard > 3:
                            raise ConnectionError("Redis is silent on the invalidation channel")
                        if now - last_ping > 1:
                            pubsub.ping()
                            last_ping = now
                        continue
                    last_heard = now
                    if message["type"] == "subscribe":
                        # Whatever changed while we were not listening is unknown: start empty.
                        self.drop_everything()
                        self.subscribed = True
                    elif message["type"] == "message":
                        key = message["data"].decode()
                        if key == "*":
                            self.drop_everything()
                        else:
                            self.drop(key)
            except Exception:
                self.subscribed = False
                self.drop_everything()
                logger.warning("cache invalidations: subscriber lost, retrying", exc_info=True)
                time.sleep(0.5)


class LocalFirstRedisCache(RedisCache):
    """Redis, with reads answered from this process's memory until Redis says the key changed.

    For values read on every request and written rarely: sessions and signed-in user snapshots
    (CACHES["auth"] in production). A read round trip to Redis costs a logged-in page more than
    the bare view's whole template (bench/FINDINGS.md); a copy in memory costs a JSON decode (each
    reader gets its own object: a session dict is changed in place by its request).

    Every write through this backend publishes the key on an invalidation channel, and each
    process's subscriber drops its copy on the message (within a millisecond on a local network).
    Nothing is served from memory while the subscriber is not connected, a reader that overlapped
    an invalidation of its key does not keep what it read, and a copy lives at most
    `LOCAL_MAX_AGE` seconds (default 30) whatever happens. Only this backend may write its keys.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        options = params.get("OPTIONS", {})
        self._local_options = {
            "max_entries": int(options.get("LOCAL_MAX_ENTRIES", 5000)),
            "max_age": float(options.get("LOCAL_MAX_AGE", 30)),
        }
        # The rest go to the Redis client, as RedisCache passes them.
        self._options = {
            "serializer": JSONSerializer,
            **{k: v for k, v in options.items() if not k.startswith("LOCAL_")},
        }
        self._serializer = JSONSerializer()
        self._channel = f"{self.key_prefix or 'cache'}:invalidations"
        self._url = self._servers[0]
        self._copies = None

    @property
    def _local(self) -> _LocalCopies:
        if self._copies is None or self._copies.pid != os.getpid():
            self._copies = _LocalCopies.for_cache(self._url, self._channel, **self._local_options)
        return self._copies

    def _announce(self, key: str) -> None:
        self._local.drop(key)
        self._cache.get_client(write=True).publish(self._channel, key)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        local = self._local
        found, encoded = local.get(key)
        if found:
            return self._serializer.loads(encoded)
        started_at = local.generation
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            return default
        local.keep(key, self._serializer.dumps(value), started_at)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._cache.set(key, value, self.get_backend_timeout(timeout))
        self._announce(key)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        added = self._cache.add(key, value, self.get_backend_timeout(timeout))
        if added:
            self._announce(key)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        touched = self._cache.touch(key, self.get_backend_timeout(timeout))
        self._announce(key)
        return touched

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        deleted = self._cache.delete(key)
        self._announce(key)
        return deleted

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._cache.incr(key, delta)
        self._announce(key)
        return value

    def get_many(self, keys, version=None):
        result = {}
        for key in keys:
            value = self.get(key, _MISSING, version=version)
            if value is not _MISSING:
                result[key] = value
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            self.set(key, value, timeout, version=version)
        return []

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version=version)

    def clear(self):
        result = self._cache.clear()
        self._local.drop_everything()
        self._cache.get_client(write=True).publish(self._channel, "*")
        return result


_MISSING = object()
