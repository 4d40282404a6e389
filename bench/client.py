"""A small HTTP client for the bench's form flows (no third-party library): one keep-alive
connection, cookies, the CSRF token from the page, multipart uploads streamed from disk."""

from __future__ import annotations

import http.client
import os
import re
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    def __init__(self, port: int, cookie: str = ""):
        self.port = port
        self.cookies: dict[str, str] = {}
        if cookie:
            name, value = cookie.split("=", 1)
            self.cookies[name] = value
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def close(self) -> None:
        self.connection.close()

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": f"http://127.0.0.1:{self.port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _send(self, method: str, path: str, body=None, headers=None) -> Response:
        start = time.perf_counter()
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=self._headers(headers))
                raw = self.connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn closed the kept-alive connection: open a new one, once.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt or hasattr(body, "read"):
                    raise
        seconds = time.perf_counter() - start
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        location = urlsplit(raw.headers.get("Location", "")).path
        return Response(raw.status, location, data.decode("utf-8", "replace"), seconds)

    def get(self, path: str) -> Response:
        return self._send("GET", path)

    def csrf_from(self, response: Response) -> str:
        match = CSRF_INPUT.search(response.body)
        if not match:
            raise RuntimeError(f"no CSRF token in the page (HTTP {response.status})")
        return match.group(1)

    def post(self, path: str, fields: dict[str, str]) -> Response:
        body = urlencode(fields).encode()
        return self._send("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(
        self, path: str, fields: dict[str, str], files: list[tuple[str, str, Path, str]]
    ) -> Response:
        """files: (field name, file name, path on disk, content type), streamed from disk."""
        boundary = uuid.uuid4().hex
        head_parts = []
        for name, value in fields.items():
            head_parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        head = "".join(head_parts).encode()
        pieces: list[bytes | Path] = [head]
        for field, filename, path_on_disk, content_type in files:
            pieces.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
                ).encode()
            )
            pieces.append(path_on_disk)
            pieces.append(b"\r\n")
        pieces.append(f"--{boundary}--\r\n".encode())
        length = sum(p.stat().st_size if isinstance(p, Path) else len(p) for p in pieces)

        def stream():
            for piece in pieces:
                if isinstance(piece, Path):
                    with open(piece, "rb") as handle:
                        while chunk := handle.read(256 * 1024):
                            yield chunk
                else:
                    yield piece

        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
        }
        return self._send("POST", path, stream(), headers)


def make_pdf(path: Path, size: int) -> Path:
    """A valid one-page PDF of about `size` bytes (a large, harmless content stream)."""
    header = b"%PDF-1.4\n"
    filler_length = max(0, size - 600)
    chunks = [
        header,
        b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n",
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n",
        f"4 0 obj<</Length {filler_length}>>stream\n".encode(),
    ]
    with open(path, "wb") as handle:
        offsets = []
        position = 0
        for chunk in chunks:
            if chunk.startswith((b"1 0", b"2 0", b"3 0", b"4 0")):
                offsets.append(position)
            handle.write(chunk)
            position += len(chunk)
        line = b"0 0 m 100 100 l S\n"
        remaining = filler_length
        block = line * (64 * 1024 // len(line))
        while remaining > 0:
            piece = block[:remaining]
            handle.write(piece)
            remaining -= len(piece)
        position += filler_length
        tail = b"\nendstream\nendobj\n"
        handle.write(tail)
        position += len(tail)
        xref = [b"xref\n0 5\n0000000000 65535 f \n"]
        xref += [f"{offset:010d} 00000 n \n".encode() for offset in offsets]
        handle.write(b"".join(xref))
        handle.write(f"trailer<</Size 5/Root 1 0 R>>\nstartxref\n{position}\n%%EOF\n".encode())
    return path


def file_size(path: Path) -> int:
    return os.stat(path).st_size
