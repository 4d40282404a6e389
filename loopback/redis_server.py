"""Redis on loopback: a private server on a free port, the machine's server stopped and started,
a database emptied. Uses the `redis-server` and `redis-cli` programs and redis-py."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from loopback.ports import LOOPBACK, free_port, wait_until


def server_command(
    port: int, *, host: str = LOOPBACK, workdir: Path | None = None, daemonize: bool = False
) -> list[str]:
    """`redis-server` on host:port keeping nothing on disk (no snapshots, no append-only file)."""
    command = ["redis-server", "--bind", host, "--port", str(port), "--save", ""]
    command += ["--appendonly", "no"]
    if workdir is not None:
        command += ["--dir", str(workdir)]
    if daemonize:
        command += ["--daemonize", "yes"]
    return command


def answers(host: str, port: int) -> bool:
    """Whether a Redis server answers PING on host:port."""
    result = subprocess.run(
        ["redis-cli", "-h", host, "-p", str(port), "ping"],
        capture_output=True,
        timeout=10,
        check=False,
    )
    return result.stdout.strip() == b"PONG"


def tools_missing() -> str:
    """Why Redis cannot be started here ("" when redis-server and redis-cli are installed)."""
    missing = [name for name in ("redis-server", "redis-cli") if not shutil.which(name)]
    return f"{' and '.join(missing)} not installed" if missing else ""


class PrivateRedis:
    """A Redis server of one's own on a free loopback port, stopped on leaving the `with` block:
    nothing anyone else does to the machine's Redis (flushes, restarts) reaches it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def __enter__(self) -> PrivateRedis:
        self.port = free_port()
        self.process = subprocess.Popen(
            server_command(self.port, workdir=self.workdir),
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(lambda: answers(LOOPBACK, self.port), timeout=10, message="Redis to start")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class MachineRedis:
    """The machine's Redis on loopback (the one REDIS_URL names), stopped and started again, as an
    outage would. Started again daemonized, with nothing kept on disk."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.host = parts.hostname or LOOPBACK
        self.port = parts.port or 6379

    @property
    def on_loopback(self) -> bool:
        return self.host in (LOOPBACK, "localhost")

    def ping(self) -> bool:
        return answers(self.host, self.port)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-h", self.host, "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=10,
            check=False,
        )
        wait_until(lambda: not self.ping(), timeout=10, message="Redis to stop")

    def start(self) -> None:
        if self.ping():
            return
        subprocess.run(
            server_command(self.port, host=self.host, daemonize=True),
            check=True,
            capture_output=True,
            timeout=10,
        )
        wait_until(self.ping, timeout=10, message="Redis to start")

    def restart(self, *, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


def flush(url: str, *, all_of_db0: bool = False) -> None:
    """Empty the Redis database `url` names. Database 0 may hold someone else's data: there only
    Celery's keys go, unless `all_of_db0` (a private server's)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    db = client.connection_pool.connection_kwargs.get("db", 0)
    if db or all_of_db0:
        client.flushdb()
        return
    for pattern in ("*celery*", "unacked*"):
        for key in client.scan_iter(match=pattern):
            client.delete(key)
