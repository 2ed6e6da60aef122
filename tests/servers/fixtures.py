"""Pytest fixtures for the test servers; load with ``pytest_plugins`` or import them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from .recording import RecordingServer


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
