"""A real HTTP server on 127.0.0.1 that records every request and answers from set routes.

Routes match on method and raw path (percent-encoded, without the query) and answer with their
replies in turn, repeating the last; a request with no route gets a 404 with a JSON body naming
it, so a test that sends to the wrong place fails.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from .background import BackgroundServer


@dataclass(frozen=True)
class Part:
    """One part of a multipart/form-data body."""

    name: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of a header (case-insensitive), or None if it was not sent."""
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)

    def json(self) -> Any:
        return json.loads(self.body)

    def form_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode(), keep_blank_values=True)

    def multipart(self) -> list[Part]:
        head = f"Content-Type: {self.header('Content-Type')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        assert isinstance(message, EmailMessage) and message.is_multipart()
        return [_part(part) for part in message.iter_parts() if isinstance(part, EmailMessage)]


def _part(part: EmailMessage) -> Part:
    content = part.get_payload(decode=True)
    assert isinstance(content, bytes)
    return Part(
        name=str(part.get_param("name", header="content-disposition")),
        filename=part.get_filename(),
        content_type=part["Content-Type"],
        content=content,
    )


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds to wait before answering

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        delay: float = 0.0,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> Reply:
        body = json.dumps(data).encode()
        return cls(status, body, (("Content-Type", "application/json"), *headers), delay)

    @classmethod
    def text(cls, text: str, status: int = 200) -> Reply:
        return cls(status, text.encode(), (("Content-Type", "text/plain; charset=utf-8"),))


@dataclass
class _State:
    routes: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0  # requests received and not yet answered
    most_in_flight: int = 0


class RecordingServer(BackgroundServer):
    """Start with ``with RecordingServer() as server``; ``server.url`` has no trailing slash."""

    def __init__(self) -> None:
        self._state = _State()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.state = self._state
        super().__init__(server)

    def route(self, method: str, path: str, reply: Reply, *then: Reply) -> None:
        """Answer ``method path`` with ``reply``, then with each of ``then``; the last repeats."""
        with self._state.lock:
            self._state.routes[(method.upper(), path)] = [reply, *then]

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def most_in_flight(self) -> int:
        """The most requests the server was handling at one time: how parallel a client was."""
        with self._state.lock:
            return self._state.most_in_flight

    @property
    def last(self) -> RecordedRequest:
        requests = self.requests
        assert requests, "the server has received no request"
        return requests[-1]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping in a delayed reply must not stall close
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timeout test) closes its end; that is not a server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _handle(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        recorded = RecordedRequest(
            method=self.command,
            path=path,
            query=query,
            headers=tuple(self.headers.items()),
            body=self.rfile.read(length),
        )
        state = self.server.state
        with state.lock:
            state.requests.append(recorded)
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
            replies = state.routes.get((self.command, path))
            if replies is None:
                reply = Reply.json({"error": f"no route for {self.command} {path}"}, status=404)
            else:
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
        try:
            time.sleep(reply.delay)
            self._answer(reply)
        finally:
            with state.lock:
                state.in_flight -= 1

    def _answer(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status != 204:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.status != 204:
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the recorded requests instead."""
