"""A real HTTP server on 127.0.0.1 that answers with streamed bodies, piece by piece.

Each route is a :class:`Script`: pieces of body written one at a time (chunked transfer encoding),
with pauses between them, optionally repeating one piece forever. The server records every
request and notices when a client hangs up before the body ends (a write fails), so tests can
check that a stream closed its connection.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .background import BackgroundServer

# How long a test waits for the server to notice a hang-up; a bound, never a measurement.
HANG_UP_WAIT = 10.0


@dataclass(frozen=True)
class Script:
    """A streamed answer: ``pieces`` in order, each after ``pause`` seconds, then ``repeat``
    (when set) every ``pause`` seconds until the client hangs up."""

    pieces: tuple[bytes, ...] = ()
    pause: float = 0.0
    repeat: bytes | None = None
    status: int = 200
    content_type: str = "text/event-stream"
    hang_up: bool = False  # drop the connection after the pieces, without ending the body


@dataclass
class _State:
    routes: dict[str, list[Script]] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    hung_up: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class StreamServer(BackgroundServer):
    """Start with ``with StreamServer() as server``; ``server.url`` has no trailing slash."""

    def __init__(self) -> None:
        self._state = _State()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.state = self._state
        super().__init__(server)

    def route(self, path: str, script: Script, *then: Script) -> None:
        """Answer ``path`` with ``script``, then with each of ``then``; the last repeats."""
        with self._state.lock:
            self._state.routes[path] = [script, *then]

    @property
    def paths(self) -> list[str]:
        """The path of every request received, in order."""
        with self._state.lock:
            return list(self._state.paths)

    @property
    def headers(self) -> list[dict[str, str]]:
        """The headers of every request received, in order (names in lower case)."""
        with self._state.lock:
            return [dict(h) for h in self._state.headers]

    def wait_for_hang_up(self) -> bool:
        """Whether a client hung up before its body ended (waits up to HANG_UP_WAIT)."""
        return self._state.hung_up.wait(HANG_UP_WAIT)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        state = self.server.state
        path = self.path.partition("?")[0]
        with state.lock:
            state.paths.append(path)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            scripts = state.routes.get(path, [Script((b"no route",), status=404)])
            script = scripts.pop(0) if len(scripts) > 1 else scripts[0]
        self.send_response(script.status)
        self.send_header("Content-Type", script.content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self._write_body(script)
        except (BrokenPipeError, ConnectionResetError):
            state.hung_up.set()
            self.close_connection = True

    def _write_body(self, script: Script) -> None:
        for piece in script.pieces:
            time.sleep(script.pause)
            self._chunk(piece)
        if script.hang_up:
            self.close_connection = True
            return
        while script.repeat is not None:
            time.sleep(script.pause)
            self._chunk(script.repeat)
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    do_GET = do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the recorded paths instead."""
