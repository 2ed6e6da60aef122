"""A server running in a background thread for the length of a ``with`` block."""

from __future__ import annotations

import functools
import socketserver
import sys
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar

_Self = TypeVar("_Self", bound="BackgroundServer")


class BackgroundServer:
    """Serves ``server`` (bound to 127.0.0.1, port 0) from a daemon thread while in use."""

    scheme = "http"

    def __init__(self, server: socketserver.BaseServer) -> None:
        self._server = server
        # A short poll interval keeps shutdown (once per test) fast.
        serve = functools.partial(server.serve_forever, poll_interval=0.01)
        self._thread = threading.Thread(target=serve, daemon=True)

    @property
    def url(self) -> str:
        """The server's address, without a trailing slash."""
        port = self._server.server_address[1]  # type: ignore[attr-defined]
        return f"{self.scheme}://127.0.0.1:{port}"

    def __enter__(self: _Self) -> _Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class QuietHTTPServer(ThreadingHTTPServer):
    """An HTTP server for tests: closes without waiting for handlers, quiet on dropped clients."""

    daemon_threads = True
    block_on_close = False  # a handler still sleeping in a slow answer must not stall close
    expected_errors: tuple[type[BaseException], ...] = (ConnectionError,)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or stop reading close their end: that is the point of the tests.
        if not isinstance(sys.exc_info()[1], self.expected_errors):
            super().handle_error(request, client_address)
