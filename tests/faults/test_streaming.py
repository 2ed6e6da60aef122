"""``client.with_streaming_response``: the body unread, streamed in pieces or to a file."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers.faults import LARGE_BODY_SIZE, LARGE_CHUNK, NOT_FOUND, RECORD, FaultServer

from .conftest import Caller

MEMORY_BOUND = 8 * 1024 * 1024  # far below the 50 MB body


def large_body_digest() -> str:
    digest = hashlib.sha256()
    for _ in range(LARGE_BODY_SIZE // len(LARGE_CHUNK)):
        digest.update(LARGE_CHUNK)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_large_body(caller: Caller, target: Path, scenario: str = "large") -> int:
    def download(client: Any) -> int:
        with client.with_streaming_response.download(scenario=scenario) as response:
            assert response.status_code == 200
            assert response.headers["content-length"] == str(LARGE_BODY_SIZE)
            written: int = response.write_to(target)
            return written

    async def download_async(client: Any) -> int:
        async with client.with_streaming_response.download(scenario=scenario) as response:
            assert response.status_code == 200
            written: int = await response.write_to(target)
            return written

    result: int = caller.using(download if caller.mode == "sync" else download_async)
    return result


def test_50_mb_body_goes_to_a_file_in_bounded_memory(
    caller: Caller, fault_server: FaultServer, tmp_path: Path
) -> None:
    target = tmp_path / "large.bin"
    tracemalloc.start()
    try:
        written = write_large_body(caller, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written == LARGE_BODY_SIZE == target.stat().st_size
    assert peak < MEMORY_BOUND, f"peak {peak / 2**20:.1f} MiB"
    assert file_digest(target) == large_body_digest()
    assert list(tmp_path.iterdir()) == [target]  # the temporary file was renamed
    assert fault_server.attempts("/large") == 1


def test_broken_body_leaves_no_file(caller: Caller, faults_sdk: Any, tmp_path: Path) -> None:
    target = tmp_path / "broken.bin"
    with pytest.raises(faults_sdk.APIConnectionError):
        write_large_body(caller, target, scenario="truncated")
    assert list(tmp_path.iterdir()) == []


def test_body_in_pieces(caller: Caller) -> None:
    body = json.dumps(RECORD).encode()

    def pieces(client: Any) -> list[bytes]:
        with client.with_streaming_response.get_record(scenario="ok") as response:
            return list(response.iter_bytes(5))

    async def pieces_async(client: Any) -> list[bytes]:
        async with client.with_streaming_response.get_record(scenario="ok") as response:
            return [piece async for piece in response.iter_bytes(5)]

    received = caller.using(pieces if caller.mode == "sync" else pieces_async)
    assert b"".join(received) == body
    assert {len(piece) for piece in received[:-1]} == {5}


def test_streamed_call_is_retried_and_shows_its_response(
    caller: Caller, fault_server: FaultServer
) -> None:
    def read(client: Any) -> tuple[Any, bytes]:
        with client.with_streaming_response.get_record(scenario="unavailable-twice") as response:
            return response, response.read()

    async def read_async(client: Any) -> tuple[Any, bytes]:
        async with client.with_streaming_response.get_record(
            scenario="unavailable-twice"
        ) as response:
            return response, await response.read()

    response, body = caller.using(read if caller.mode == "sync" else read_async)
    assert json.loads(body) == RECORD
    assert response.status_code == 200
    assert response.attempts == 3 == fault_server.attempts("/unavailable-twice")
    assert response.captured == {"X-Request-Id": "req-3", "X-Missing": None}
    assert response.request.url.endswith("?api_key=***")


def test_error_status_raises_on_entering_with_its_body(caller: Caller, faults_sdk: Any) -> None:
    entered = []

    def enter(client: Any) -> None:
        with client.with_streaming_response.get_record(scenario="not-found"):
            entered.append(True)

    async def enter_async(client: Any) -> None:
        async with client.with_streaming_response.get_record(scenario="not-found"):
            entered.append(True)

    with pytest.raises(faults_sdk.NotFoundError) as raised:
        caller.using(enter if caller.mode == "sync" else enter_async)
    assert entered == []
    assert raised.value.body == NOT_FOUND
    assert raised.value.error.error.code == "not_found"


def test_result_call_streamed_raises_its_error(caller: Caller, faults_sdk: Any) -> None:
    def enter(client: Any) -> None:
        with client.with_streaming_response.try_record(scenario="not-found"):
            pass

    async def enter_async(client: Any) -> None:
        async with client.with_streaming_response.try_record(scenario="not-found"):
            pass

    with pytest.raises(faults_sdk.NotFoundError):
        caller.using(enter if caller.mode == "sync" else enter_async)


def test_connection_is_released_on_leaving_the_block(caller: Caller) -> None:
    """With a pool of one connection, a second call waits for the first to give it back."""
    limits = httpx.Limits(max_connections=1)
    timeout = httpx.Timeout(5.0, pool=1.0)

    def twice(client: Any) -> Any:
        with client.with_streaming_response.download(scenario="large"):
            pass  # leave without reading the 50 MB
        return client.get_record(scenario="ok")

    async def twice_async(client: Any) -> Any:
        async with client.with_streaming_response.download(scenario="large"):
            pass
        record = await client.get_record(scenario="ok")
        await http_async.aclose()  # the caller's, closed in the loop that used it
        return record

    if caller.mode == "sync":
        with httpx.Client(limits=limits, timeout=timeout) as http:
            record = caller.configured(http_client=http).using(twice)
    else:
        http_async = httpx.AsyncClient(limits=limits, timeout=timeout)
        record = caller.configured(http_client=http_async).using(twice_async)
    assert record.model_dump(by_alias=True) == RECORD
