"""``apigen mock``: the calls of a spec answered over HTTP from their samples, until stopped.

The answers come from the runtime's ``mock`` module, the one generated ``testing`` modules use,
loaded from templates/runtime as the live commands load the runtime: nothing is built, and
neither black nor the model generator is imported, so the server starts at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from apigen import ir
from apigen.live.runtime import submodule
from apigen.mock_calls import mock_calls, route

Echo = Callable[[str], None]


def mock_server(package: ir.Package, host: str, port: int, echo: Echo) -> ThreadingHTTPServer:
    """A server (not yet serving) that answers the calls of ``package`` and logs each request.

    Raises OSError when it cannot listen on ``host``:``port``.
    """
    mock = submodule("mock")
    router = mock.Router(mock.MockCall.from_data(call) for call in mock_calls(package))
    namespace = {"mock": mock, "router": router, "echo": staticmethod(echo)}
    handler = type("MockHandler", (_Handler,), namespace)
    return ThreadingHTTPServer((host, port), handler)


def serve(package: ir.Package, host: str, port: int, echo: Echo) -> None:
    """Serve until interrupted (Ctrl-C), then close the socket and return."""
    server = mock_server(package, host, port, echo)
    address = f"http://{_url_host(host)}:{server.server_address[1]}"
    calls = sum(len(collection.calls) for collection in package.collections)
    echo(f"apigen mock: {calls} call(s) of {package.spec_file} on {address} (Ctrl-C stops)")
    for collection in package.collections:
        echo(f"  {collection.name}: base_url={address}{route(collection.base_url, '')}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("apigen mock: stopped")
    finally:
        server.server_close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class _Handler(BaseHTTPRequestHandler):
    """Reads a request, lets the runtime's mock answer it, writes the answer and a log line."""

    protocol_version = "HTTP/1.1"  # keeps connections open between requests of one client
    mock: Any
    router: Any
    echo: Echo

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers:
            self.echo(f"{self.command} {self.path} -> preflight: 204")
            self._write(204, (), b"")  # a browser asks before a cross-origin call
            return
        path, _, query = self.path.partition("?")
        request = self.mock.MockRequest(
            method=self.command,
            path=path,
            query=tuple(parse_qsl(query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        answer = self.mock.handle(self.router, request, {})
        call = answer.call
        matched = "no call" if call is None else f"{call.collection}.{call.name}"
        # Logged before answering: whoever got the answer finds the line already printed.
        self.echo(f"{self.command} {self.path} -> {matched}: {answer.status}")
        self._write(answer.status, answer.headers, answer.body)

    def _write(self, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in (*headers, *self._cors()):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _cors(self) -> list[tuple[str, str]]:
        """Any page may call the mock: a front end served from another port is the usual case."""
        allowed = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "*")]
        method = self.headers.get("Access-Control-Request-Method")
        if self.command == "OPTIONS" and method:
            requested = self.headers.get("Access-Control-Request-Headers") or "*"
            allowed += [
                ("Access-Control-Allow-Methods", method),
                ("Access-Control-Allow-Headers", requested),
            ]
        return allowed

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = answer

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: :meth:`answer` logs each request with the call it matched."""
