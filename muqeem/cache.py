"""Django's Redis cache, with one `redis.Redis` client per connection pool.

Django's own client builds a new `redis.Redis` object (and its ~170 response callbacks) on every
cache call — every session read of every logged-in page. The client object is thread-safe and
cheap to keep: its connections come from the pool either way, so reusing it changes nothing but
the cost (measured in bench/FINDINGS.md and the issue note).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
    """Use as BACKEND "muqeem.cache.RedisCache" (production settings do)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
