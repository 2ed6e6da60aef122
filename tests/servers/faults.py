"""A real HTTP server on 127.0.0.1 that misbehaves on purpose, one way per route.

A route answers according to how many requests its path has seen so far (attempt 1, 2, ...), so
"503 twice, then 200" is one route. The server counts the attempts per path and keeps the method
and headers of each, for tests that check retries and idempotency keys.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from .background import BackgroundServer, QuietHTTPServer

RECORD = {"id": "r_1", "name": "Ada", "size": 3}
ERROR = {"error": {"code": "unavailable", "message": "Try again later."}}
NOT_FOUND = {"error": {"code": "not_found", "message": "No such record."}}
SLOW_SECONDS = 3.0  # longer than any timeout the tests set
LARGE_BODY_SIZE = 50 * 1024 * 1024
LARGE_CHUNK = bytes(range(256)) * 256  # the large body is this, repeated: 64 KiB


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # drop the connection with a TCP reset instead of answering
    large: bool = False  # a body of LARGE_BODY_SIZE bytes, written chunk by chunk
    truncated: bool = False  # announce the large body, send one chunk of it, then hang up


def json_answer(data: Any, status: int = 200, *headers: tuple[str, str]) -> Answer:
    return Answer(status, json.dumps(data).encode(), headers=headers)


def _ok(attempt: int) -> Answer:
    return json_answer(RECORD, 200, ("X-Request-Id", f"req-{attempt}"))


def _http_date_in(seconds: float) -> str:
    return format_datetime(datetime.now(timezone.utc) + timedelta(seconds=seconds), usegmt=True)


def _first_then_ok(first: Callable[[], Answer]) -> Callable[[int], Answer]:
    return lambda attempt: first() if attempt == 1 else _ok(attempt)


# Path → the answer to attempt number n (from 1) on that path.
SCENARIOS: dict[str, Callable[[int], Answer]] = {
    "/ok": _ok,
    "/rate-limited-seconds": _first_then_ok(lambda: json_answer(ERROR, 429, ("Retry-After", "1"))),
    # An HTTP date has whole seconds: two seconds ahead is a pause of one to two seconds.
    "/rate-limited-date": _first_then_ok(
        lambda: json_answer(ERROR, 429, ("Retry-After", _http_date_in(2)))
    ),
    "/rate-limited-long": lambda attempt: json_answer(ERROR, 429, ("Retry-After", "3600")),
    "/unavailable-twice": lambda attempt: (
        json_answer(ERROR, 503) if attempt <= 2 else _ok(attempt)
    ),
    "/failing": lambda attempt: json_answer(ERROR, 500),
    "/slow": lambda attempt: Answer(body=json.dumps(RECORD).encode(), delay=SLOW_SECONDS),
    "/reset": lambda attempt: Answer(reset=True),
    "/malformed": lambda attempt: Answer(body=b'{"id": "r_1", "name": '),
    "/incomplete": lambda attempt: json_answer({"id": "r_1"}),
    "/html": lambda attempt: Answer(
        body=b"<html><body>Maintenance</body></html>", content_type="text/html"
    ),
    "/empty": lambda attempt: Answer(204),
    "/large": lambda attempt: Answer(content_type="application/octet-stream", large=True),
    "/truncated": lambda attempt: Answer(
        content_type="application/octet-stream", large=True, truncated=True
    ),
    "/not-found": lambda attempt: json_answer(NOT_FOUND, 404),
    "/not-found-text": lambda attempt: Answer(404, b"gone", content_type="text/plain"),
}


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class FaultServer(BackgroundServer):
    """Start with ``with FaultServer() as server``; ``server.url`` has no trailing slash."""

    def __init__(self) -> None:
        self._faults = _Server(("127.0.0.1", 0), _Handler)
        super().__init__(self._faults)

    def seen(self, path: str) -> list[Seen]:
        """The requests sent to ``path`` (without its query), in order."""
        with self._faults.lock:
            return [request for request in self._faults.seen if request.path == path]

    def attempts(self, path: str) -> int:
        return len(self.seen(path))


class _Server(QuietHTTPServer):
    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        super().__init__(address, handler)
        self.lock = threading.Lock()
        self.seen: list[Seen] = []


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _handle(self) -> None:
        path = self.path.partition("?")[0]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.seen.append(Seen(self.command, path, tuple(self.headers.items())))
            attempt = sum(1 for seen in self.server.seen if seen.path == path)
        scenario = SCENARIOS.get(path)
        if scenario is None:
            self._answer(json_answer({"error": f"no scenario {path}"}, 404))
            return
        answer = scenario(attempt)
        time.sleep(answer.delay)
        if answer.reset:
            self._reset()
        else:
            self._answer(answer)

    def _reset(self) -> None:
        # Linger on, with a zero timeout: closing sends RST instead of an orderly FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _answer(self, answer: Answer) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        if answer.status == 204:
            self.end_headers()
            return
        self.send_header("Content-Type", answer.content_type)
        size = LARGE_BODY_SIZE if answer.large else len(answer.body)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if answer.truncated:
            self.wfile.write(LARGE_CHUNK)
            self._reset()
        elif answer.large:
            for _ in range(LARGE_BODY_SIZE // len(LARGE_CHUNK)):
                self.wfile.write(LARGE_CHUNK)
        else:
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the counted attempts instead."""
