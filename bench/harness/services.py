"""PostgreSQL, Redis and the environment the portal's processes run in.

PostgreSQL and Redis are on 127.0.0.1 (started, and installed from Debian's packages with wrk, if
missing). The bench runs a Redis server of its own on a free loopback port: the real-service tests
of `make test` flush and restart the shared one on 6379, which must not disturb a measurement
(BENCH_REDIS_URL names another one instead).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator

from bench.harness.config import PG, PYTHON, ROOT, SETTINGS_MODULE, WORK, log, output, run
from loopback.redis_server import PrivateRedis

os.environ.setdefault("PGPASSWORD", "postgres")


def apt_install(*packages: str) -> None:
    log(f"installing {' '.join(packages)} from Debian's packages")
    run(["apt-get", "update", "-qq"])
    run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )


def ensure_services() -> None:
    """The programs installed, PostgreSQL answering on 127.0.0.1:5432 with the bench's log-in."""
    programs = [("pg_ctlcluster", "postgresql"), ("redis-server", "redis-server"), ("wrk", "wrk")]
    missing = [package for command, package in programs if not shutil.which(command)]
    if missing:
        apt_install(*missing)
    if run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode != 0:
        log("PostgreSQL not answering on 127.0.0.1:5432: starting it")
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
        for _ in range(30):
            if run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
                break
            time.sleep(1)
    login = ["psql", f"{PG}/postgres", "-XAtqc", "SELECT 1"]
    if run(login, check=False, capture_output=True).returncode != 0:
        set_password = "ALTER USER postgres PASSWORD 'postgres'"
        run(["runuser", "-u", "postgres", "--", "psql", "-qc", set_password])


@contextlib.contextmanager
def bench_redis() -> Iterator[str]:
    """The URL of the Redis the bench uses: its own, on a free port, unless BENCH_REDIS_URL."""
    if url := os.environ.get("BENCH_REDIS_URL", ""):
        yield url
        return
    with PrivateRedis(WORK) as redis:
        yield redis.url


def flush_redis(url: str) -> None:
    """Empty the bench's Redis database: user snapshots keyed by row ids must not outlive the
    database that gave the ids (it is re-created each run)."""
    run(["redis-cli", "-u", url, "FLUSHDB"], stdout=subprocess.DEVNULL)


def psql(sql: str, database: str = "postgres") -> str:
    return output(["psql", f"{PG}/{database}", "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql])


def database_exists(name: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def recreate_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')


def bench_env(database: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of the portal's processes: production settings on loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DJANGO_SECRET_KEY="bench-only-not-secret-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=redis_url,
        EMAIL_URL="smtp://127.0.0.1:2525",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_DEFAULT_STORAGE="django.core.files.storage.FileSystemStorage",
        DJANGO_MEDIA_ROOT=str(WORK / "media"),
        DJANGO_STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("CACHE_URL", None)
    env.pop("BENCH_DRAWN_FRESH", None)  # each server says which column it serves
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    """`manage.py <args>` under `env`; its standard output when `capture`."""
    cmd = [PYTHON, "manage.py", *args]
    if capture:
        return output(cmd, env=env)
    run(cmd, env=env, stdout=subprocess.DEVNULL)
    return ""
