"""The bench's own Redis: a private server that answers inside its block and is gone after it, and
a flush that leaves someone else's data in database 0 alone."""

import pytest
import redis

from loopback.ports import LOOPBACK
from loopback.redis_server import PrivateRedis, answers, flush, tools_missing

pytestmark = pytest.mark.skipif(bool(tools_missing()), reason=tools_missing() or "")


def test_a_private_redis_answers_on_its_own_port_and_stops_with_its_block(tmp_path):
    with PrivateRedis(tmp_path) as server:
        assert server.port != 6379
        assert answers(LOOPBACK, server.port)
        redis.Redis.from_url(server.url).set("mine", "1")
    assert not answers(LOOPBACK, server.port)


def test_flushing_database_0_removes_celerys_keys_only(tmp_path):
    with PrivateRedis(tmp_path) as server:
        client = redis.Redis.from_url(server.url)
        client.set("someone-else", "kept")
        client.set("_kombu.binding.celery", "queued")
        client.lpush("unacked_index", "task")
        flush(server.url)
        assert sorted(client.keys()) == [b"someone-else"]
        flush(server.url, all_of_db0=True)
        assert client.keys() == []


def test_flushing_another_database_empties_it(tmp_path):
    with PrivateRedis(tmp_path) as server:
        client = redis.Redis.from_url(server.url.replace("/0", "/3"))
        client.set("left-over", "1")
        flush(server.url.replace("/0", "/3"))
        assert client.keys() == []
