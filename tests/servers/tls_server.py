"""An HTTPS server on 127.0.0.1 that requires a client certificate (mutual TLS).

Certificates come from trustme: one CA signs the server's certificate and the client's; a
second CA signs a "stranger" client certificate that the server refuses. ``GET /v1/whoami``
answers with the common name of the client's certificate.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import trustme

from .background import BackgroundServer, QuietHTTPServer

CLIENT_NAME = "vault-client"
_DRAIN_SECONDS = 2.0


@dataclass(frozen=True)
class TlsFiles:
    """PEM files: the CA bundle, and the client certificates (ours and a stranger's) with keys."""

    ca: Path
    client_cert: Path
    client_key: Path
    stranger_cert: Path
    stranger_key: Path


class TlsServer(BackgroundServer):
    scheme = "https"

    """Start with ``with TlsServer(directory) as server``; PEM files are written to directory."""

    def __init__(self, directory: Path) -> None:
        ca = trustme.CA()
        self.files = _write_files(ca, directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        ca.configure_trust(context)
        context.verify_mode = ssl.CERT_REQUIRED
        server = _Server(("127.0.0.1", 0), _Handler)
        server.context = context
        super().__init__(server)


def _write_files(ca: trustme.CA, directory: Path) -> TlsFiles:
    client = ca.issue_cert(f"{CLIENT_NAME}.example", common_name=CLIENT_NAME)
    stranger = trustme.CA().issue_cert("stranger.example", common_name="stranger")
    files = TlsFiles(
        ca=directory / "ca.pem",
        client_cert=directory / "client.pem",
        client_key=directory / "client.key",
        stranger_cert=directory / "stranger.pem",
        stranger_key=directory / "stranger.key",
    )
    ca.cert_pem.write_to_path(str(files.ca))
    client.cert_chain_pems[0].write_to_path(str(files.client_cert))
    client.private_key_pem.write_to_path(str(files.client_key))
    stranger.cert_chain_pems[0].write_to_path(str(files.stranger_cert))
    stranger.private_key_pem.write_to_path(str(files.stranger_key))
    return files


class _Server(QuietHTTPServer):
    # A client without an acceptable certificate fails the handshake: expected, not an error.
    expected_errors = (ssl.SSLError, ConnectionError)
    context: ssl.SSLContext

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = self.socket.accept()
        # The handshake happens in the handler's thread, where a refusal cannot stall the server.
        wrapped = self.context.wrap_socket(
            connection, server_side=True, do_handshake_on_connect=False
        )
        return wrapped, address


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        assert isinstance(self.connection, ssl.SSLSocket)
        try:
            self.connection.do_handshake()
        except ssl.SSLError:
            _drain(self.connection)
            raise

    def do_GET(self) -> None:
        assert isinstance(self.connection, ssl.SSLSocket)
        certificate = self.connection.getpeercert() or {}
        names: Any = certificate.get("subject", ())  # ((("commonName", "..."),), ...)
        subject = {key: value for rdn in names for key, value in rdn}
        body = json.dumps({"path": self.path, "subject": subject.get("commonName")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read the answers, not the server's log


def _drain(connection: ssl.SSLSocket) -> None:
    """Read (below TLS) what the client still sends, until it hangs up.

    With TLS 1.3 a client sends its request before the server has checked its certificate;
    closing with that request unread would reset the connection, and the client might never
    read the alert that says why it was refused.
    """
    socket.socket.shutdown(connection, socket.SHUT_WR)
    connection.settimeout(_DRAIN_SECONDS)
    with contextlib.suppress(OSError):
        while socket.socket.recv(connection, 65536):
            pass
