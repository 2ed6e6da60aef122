"""Small specs at the edges the hostile spec cannot hold at once, each built and called for real.

- Client names that meet the runtime's own class names (collections "Sync" and "Async").
- Calls named like the attributes a client already has (``base_url``, ``timeout`` …): by the
  naming rule (spec-format "Names") they get a trailing ``_``, and calling them must work.
- Header values HTTP cannot carry: apigen must reject them, or the client must send them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import RecordingServer, Reply

from .support import build_spec, import_built, unload

PONG = {"pong": True, "at": "2024-05-14T09:30:12Z"}


def single_call_spec(package: str, collection: dict[str, Any]) -> dict[str, Any]:
    return {"apigen": 1, "package": {"name": package}, "collections": [collection]}


def ping(name: str = "Ping", path: str = "/ping", **keys: Any) -> dict[str, Any]:
    call = {"name": name, "use_as": "data", "method": "GET", "path": path}
    return {**call, "response": {"samples": [{"inline": PONG}]}, **keys}


@contextmanager
def built(spec: dict[str, Any], root: Path, package: str) -> Iterator[ModuleType]:
    """The spec's package, built (without errors) and imported; forgotten afterwards."""
    files, errors = build_spec(spec, root / "spec")
    assert files is not None and not errors, errors
    try:
        yield import_built(files, root / "out", package)
    finally:
        unload([package])


@pytest.mark.parametrize("name", ["Sync", "Async"])
def test_clients_named_like_the_runtime_classes_work(
    name: str, tmp_path: Path, recording_server: RecordingServer
) -> None:
    """Collection "Async" gives AsyncClient and AsyncAsyncClient; both must call the API."""
    package_name = f"{name.lower()}_named_sdk"
    collection = {"name": name, "base_url": "http://127.0.0.1:9", "calls": [ping()]}
    with built(single_call_spec(package_name, collection), tmp_path, package_name) as package:
        sync_class = getattr(package, f"{name}Client")
        async_class = getattr(package, f"Async{name}Client")
        call_both(sync_class, async_class, recording_server)


def call_both(sync_class: type[Any], async_class: type[Any], server: RecordingServer) -> None:
    """``ping`` with the sync client, then with the async one."""
    server.route("GET", "/ping", Reply.json(PONG))
    with sync_class(base_url=server.url, max_retries=0) as client:
        assert client.ping().model_dump(by_alias=True) == PONG

    async def call_async() -> Any:
        async with async_class(base_url=server.url, max_retries=0) as client:
            return await client.ping()

    assert asyncio.run(call_async()).model_dump(by_alias=True) == PONG
    assert [request.path for request in server.requests] == ["/ping", "/ping"]


# Call name → its method: the constructor's keywords are attributes of every client.
ATTRIBUTE_CALLS = {
    "Base URL": "base_url_",
    "Timeout": "timeout_",
    "Max retries": "max_retries_",
    "Environment": "environment_",
}


@pytest.fixture(scope="module")
def attribute_named(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    calls = [ping(name, f"/{method}") for name, method in ATTRIBUTE_CALLS.items()]
    collection = {"name": "Shadow", "base_url": "http://127.0.0.1:9", "calls": calls}
    package = "shadow_sdk"
    root = tmp_path_factory.mktemp("shadow")
    with built(single_call_spec(package, collection), root, package) as imported:
        yield imported


@pytest.mark.parametrize("method", ATTRIBUTE_CALLS.values())
def test_calls_named_like_client_attributes_can_be_called(
    method: str, attribute_named: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", f"/{method}", Reply.json(PONG))
    with attribute_named.ShadowClient(base_url=recording_server.url, max_retries=0) as client:
        result = getattr(client, method)()
    assert result.model_dump(by_alias=True) == PONG
    assert recording_server.last.path == f"/{method}"


UNSENDABLE_HEADERS = {
    "non-ascii-shared": {"shared_headers": {"X-Lang": "Français"}},
    "newline-shared": {"shared_headers": {"X-Note": "line one\nline two"}},
    "non-ascii-call": {"calls": [ping(headers={"X-Lang": "Français"})]},
    "non-ascii-default": {
        "calls": [ping(parameters=[{"name": "X-Lang", "in": "header", "default": "Français"}])]
    },
}


@pytest.mark.parametrize("keys", UNSENDABLE_HEADERS.values(), ids=list(UNSENDABLE_HEADERS))
def test_header_values_are_rejected_or_sent(
    keys: dict[str, Any], tmp_path: Path, recording_server: RecordingServer
) -> None:
    """A header value HTTP cannot carry as text must not pass the build and fail every call."""
    collection = {"name": "Headers", "base_url": recording_server.url, "calls": [ping()], **keys}
    files, errors = build_spec(single_call_spec("headers_sdk", collection), tmp_path / "spec")
    if errors:
        return
    assert files is not None
    recording_server.route("GET", "/ping", Reply.json(PONG))
    try:
        package = import_built(files, tmp_path / "out", "headers_sdk")
        with package.HeadersClient(max_retries=0) as client:
            assert client.ping().model_dump(by_alias=True) == PONG
    finally:
        unload(["headers_sdk"])
    name, value = next(iter(_spec_headers(keys).items()))
    sent = recording_server.last.header(name)
    assert sent is not None and sent.encode("latin-1").decode("utf-8") == value


def _spec_headers(keys: dict[str, Any]) -> dict[str, str]:
    if "shared_headers" in keys:
        return dict(keys["shared_headers"])
    call = keys["calls"][0]
    if "headers" in call:
        return dict(call["headers"])
    return {p["name"]: p["default"] for p in call["parameters"]}
