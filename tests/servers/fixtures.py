"""Pytest fixtures for the test servers; load with ``pytest_plugins`` or import them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from .faults import FaultServer
from .oauth_server import OAuthServer
from .recording import RecordingServer
from .streams import StreamServer
from .tls_server import TlsServer


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


@pytest.fixture
def refused_url() -> str:
    """The URL of a local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def oauth_server_session() -> Iterator[OAuthServer]:
    with OAuthServer() as server:
        yield server


@pytest.fixture
def oauth_server(oauth_server_session: OAuthServer) -> OAuthServer:
    """The session's OAuth server, with no token, code or recorded request of earlier tests."""
    oauth_server_session.reset()
    return oauth_server_session


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    with TlsServer(tmp_path_factory.mktemp("tls")) as server:
        yield server


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """A fresh fault server per test, so that attempt counts start at zero."""
    with FaultServer() as server:
        yield server


@pytest.fixture
def stream_server() -> Iterator[StreamServer]:
    """A fresh streaming server per test, so that a hang-up seen belongs to that test."""
    with StreamServer() as server:
        yield server
