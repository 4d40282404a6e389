"""wrk runs: GETs of a list of (path, cookie) pairs for a fixed time, one wrk thread."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from bench.harness.config import LUA, WORK, output
from bench.harness.gunicorn import Gunicorn


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    status_errors: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.status_errors + self.socket_errors


# Requests sent by every wrk run of this bench: the run is bounded in time (a fixed number of
# runs of fixed seconds), and the results say how many requests that came to.
sent: list[int] = []


def wrk(server: Gunicorn, targets: list[tuple[str, str]], seconds: float, connections: int) -> Load:
    """Drive GETs of `targets` ((path, cookie) pairs, taken in turn) with wrk, one thread."""
    with tempfile.NamedTemporaryFile("w", dir=WORK, suffix=".targets", delete=False) as handle:
        for path, cookie in targets:
            handle.write(f"{path}\t{cookie}\n")
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        result = output([*command, "-s", str(LUA), server.url(""), "--", handle.name])
    finally:
        os.unlink(handle.name)
    line = next(line for line in result.splitlines() if line.startswith("BENCH "))
    values = dict(item.split("=") for item in line.split()[1:])
    sent.append(int(values["requests"]))
    return Load(
        requests=int(values["requests"]),
        seconds=int(values["duration_us"]) / 1e6,
        p50_ms=int(values["p50"]) / 1000,
        p95_ms=int(values["p95"]) / 1000,
        p99_ms=int(values["p99"]) / 1000,
        max_ms=int(values["max"]) / 1000,
        status_errors=int(values["status_errors"]),
        socket_errors=int(values["socket_errors"]),
    )
