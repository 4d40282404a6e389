"""A Celery worker of the portal (prefork, one process per core), as production runs it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator

from bench.harness.config import BIN, CELERY_APP, NPROC, ROOT, WORK, run


@contextlib.contextmanager
def celery_worker(env: dict[str, str], *, concurrency: int = NPROC) -> Iterator[str]:
    """A worker on `env`'s broker, answering ping before the block starts; yields its node name."""
    node = f"bench-{os.getpid()}@{socket.gethostname()}"
    celery = str(BIN / "celery")
    command = [celery, "-A", CELERY_APP, "worker", "--loglevel=WARNING"]
    command += [f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "-n", node]
    with (WORK / "celery-worker.log").open("w") as log:
        worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        ping = [celery, "-A", CELERY_APP, "inspect", "ping", "-d", node, "-t", "2"]
        deadline = time.monotonic() + 60
        while run(ping, env=env, check=False, capture_output=True).returncode != 0:
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError(f"the Celery worker did not answer ping; see {log.name}")
        yield node
    finally:
        worker.terminate()
        worker.wait(timeout=60)
