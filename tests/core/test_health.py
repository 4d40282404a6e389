"""/health/ tells the load balancer whether this process can serve: database, cache and broker.
Anyone can call it, so it says "ok" or "unavailable" and nothing else."""

import json
import os
import socket
import time

import pytest
from django.conf import settings as django_settings

from muqeem.celery import app
from tests.audit.helpers import admin_login
from tests.factories import UserFactory
from tests.muqeem.test_production_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db

URL = "/health/"
# What an answer must never contain: hosts, ports, library or exception names.
LEAKS = ("127.0.0.1", "localhost", "redis", "Redis", "Error", "error", "refused", "Broker", "Cache")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_at(settings):
    """`broker_at(url)`: this process's Celery app uses that broker for the rest of the test."""
    saved = app.conf.broker_url

    def point(url: str) -> None:
        app.conf.broker_url = url

    yield point
    app.conf.broker_url = saved


@pytest.fixture
def cache_at(settings):
    def point(url: str) -> None:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "speed.caches.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        }

    return point


def assert_unavailable_without_details(response) -> None:
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    for leak in LEAKS:
        assert leak not in response.content.decode()


def test_ok_when_everything_answers(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]  # a proxy must never answer for us
    assert "Set-Cookie" not in response.headers


def test_503_without_details_when_the_cache_is_unreachable(client, cache_at):
    cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    assert_unavailable_without_details(client.get(URL))


def test_503_without_details_when_the_broker_is_unreachable(client, broker_at):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    started = time.monotonic()
    response = client.get(URL)
    assert_unavailable_without_details(response)
    assert time.monotonic() - started < 3  # load balancers give up after a few seconds


def test_staff_get_no_more_detail_than_anyone(client, broker_at):
    admin_login(client, UserFactory(is_staff=True, is_superuser=True))
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    assert_unavailable_without_details(client.get(URL, headers={"accept": "application/json"}))


@pytest.mark.real_services
def test_ok_on_postgresql_and_redis(client, cache_at, broker_at):
    assert django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    cache_at(os.environ["REDIS_URL"])
    broker_at(os.environ["REDIS_URL"])
    response = client.get(URL)
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.mark.real_services
def test_503_on_the_real_layer_when_redis_is_at_a_closed_port(client, cache_at, broker_at):
    cache_at(os.environ["REDIS_URL"])
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    assert_unavailable_without_details(client.get(URL))
    broker_at(os.environ["REDIS_URL"])
    cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    assert_unavailable_without_details(client.get(URL))


def test_production_answers_the_load_balancer_over_plain_http(client, settings):
    """The balancer calls the instance directly, without TLS: /health/ is exempt from the HTTPS
    redirect that every other page gets."""
    result = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT]))",
        env=PRODUCTION_ENV,
    )
    ssl_redirect, exempt = json.loads(result.stdout.strip().splitlines()[-1])
    settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT = ssl_redirect, exempt
    assert client.get("/").status_code == 301
    assert client.get(URL).status_code == 200
