"""Free loopback ports and waiting for something to become true."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_until(
    predicate: Callable[[], object], *, timeout: float = 20.0, message: str = ""
) -> object:
    """Poll `predicate` every 50 ms until it returns something true, and return that; raise
    TimeoutError (naming `message`) if it has not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {timeout:.0f}s: {message or predicate!r}")
        time.sleep(0.05)
