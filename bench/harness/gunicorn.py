"""The portal under gunicorn on 127.0.0.1, as production runs it, and single GETs to it."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harness.config import BIN, ROOT, WORK, WSGI_APPLICATION
from loopback.ports import free_port


class Gunicorn:
    """The portal under gunicorn on a free loopback port (sync workers by default)."""

    def __init__(self, env: dict[str, str], workers: int, threads: int = 1, name: str = "web"):
        self.env, self.workers, self.threads, self.name = env, workers, threads, name
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def logfile(self) -> Path:
        return WORK / f"gunicorn-{self.name}.log"

    def __enter__(self) -> Gunicorn:
        cmd = [str(BIN / "gunicorn"), WSGI_APPLICATION, "--bind", f"127.0.0.1:{self.port}"]
        cmd += ["--workers", str(self.workers), "--timeout", "120"]
        cmd += ["--error-logfile", str(self.logfile), "--log-level", "warning"]
        if self.threads > 1:
            cmd += ["--worker-class", "gthread", "--threads", str(self.threads)]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if http_get(self.url("/bench/bare/"))[0] == 200:
                    # Every worker imports the app on its first request: warm them all up.
                    for _ in range(self.workers * 4):
                        http_get(self.url("/bench/bare/"))
                    return self
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer; see {self.logfile}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_get(url: str, cookie: str = "") -> tuple[int, str]:
    """One GET, redirects not followed: the status and the body."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
