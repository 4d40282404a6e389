"""Paths, the knobs read from the environment, logging and running commands.

Knobs: BENCH_SCALE=0 skips the 1,000,000-request part; BENCH_ONLY (comma list of parts:
pages,uploads,concurrency,notifications,scale); BENCH_ROUNDS (3); BENCH_SECONDS (5 s per page per
round); BENCH_WORKERS (2 × cores + 1); BENCH_DATABASE / BENCH_SCALE_DATABASE (muqeem_bench /
muqeem_bench_scale); BENCH_REDIS_URL (a Redis to use instead of the bench's own); BENCH_PYSPY=1;
BENCH_STRICT=1 (exit 1 when a target is missed).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "tmp"  # git-ignored: targets files, logs, media, flame graphs
LUA = ROOT / "bench" / "wrk" / "report.lua"
# Where the portal's processes find their settings, WSGI application and Celery app.
SETTINGS_MODULE = "muqeem.settings.bench"
WSGI_APPLICATION = "muqeem.wsgi:application"
CELERY_APP = "muqeem"

# Password login for postgres, as .ci/run sets it up (works with trust and scram alike).
PG = "postgres://postgres:postgres@127.0.0.1:5432"
PAGES_DB = os.environ.get("BENCH_DATABASE", "muqeem_bench")
SCALE_DB = os.environ.get("BENCH_SCALE_DATABASE", "muqeem_bench_scale")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
SCALE_SECONDS = int(os.environ.get("BENCH_SCALE_SECONDS", "4"))
NPROC = os.cpu_count() or 2
# gunicorn's own advice for sync workers: (2 × cores) + 1, so a worker waiting on PostgreSQL or
# Redis does not leave a core idle.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * NPROC + 1)))
ALL_PARTS = ("pages", "uploads", "concurrency", "notifications", "scale")


def parts() -> list[str]:
    """The parts to run, in their order."""
    chosen = {part.strip() for part in os.environ.get("BENCH_ONLY", ",".join(ALL_PARTS)).split(",")}
    if os.environ.get("BENCH_SCALE", "1") in {"0", "false", "no"}:
        chosen.discard("scale")
    return [part for part in ALL_PARTS if part in chosen]


def log(message: str) -> None:
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    kwargs.setdefault("cwd", ROOT)
    return subprocess.run(cmd, **kwargs)


def output(cmd: list[str], **kwargs) -> str:
    check = kwargs.pop("check", True)
    result = run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if check and result.returncode != 0:
        sys.stderr.write(result.stderr[-5000:])
        raise subprocess.CalledProcessError(result.returncode, cmd)
    return result.stdout.strip()


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
