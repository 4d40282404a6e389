"""The machine and the versions a run was measured with, for the results file."""

from __future__ import annotations

import contextlib
import platform
import re
import shutil
from pathlib import Path

from bench.harness.config import NPROC, PYTHON, loadavg, output
from bench.harness.services import psql


def machine_info() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    return {
        "nproc": str(NPROC),
        "memory": memory,
        "cpu": cpu,
        "kernel": platform.release(),
        "load average at start": loadavg(),
    }


def versions(redis_url: str) -> dict[str, str]:
    names = {"Django": "django", "gunicorn": "gunicorn", "Celery": "celery", "psycopg": "psycopg"}
    names |= {"redis-py": "redis", "WhiteNoise": "whitenoise", "kombu": "kombu"}
    code = (
        "import platform, sys; from importlib.metadata import version;"
        "print(platform.python_version(), *(version(name) for name in sys.argv[1:]))"
    )
    values = output([PYTHON, "-c", code, *names.values()]).split()
    found = dict(zip(["Python", *names], values, strict=True))
    found["PostgreSQL"] = psql("SHOW server_version")
    redis_info = output(["redis-cli", "-u", redis_url, "INFO", "server"])
    match = re.search(r"redis_version:(\S+)", redis_info)
    found["Redis"] = match.group(1) if match else "?"
    found["wrk"] = (
        output(["wrk", "--version"], check=False).split()[1] if shutil.which("wrk") else "-"
    )
    return found
