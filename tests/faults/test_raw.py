"""``client.with_raw_response``: the method's value with the response it came from."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.servers.faults import RECORD, FaultServer

from .conftest import Caller


def test_raw_response_has_the_final_response_and_the_value(caller: Caller, faults_sdk: Any) -> None:
    raw = caller.using(lambda c: c.with_raw_response.get_record(scenario="unavailable-twice"))
    assert isinstance(raw, faults_sdk.RawResponse)
    assert raw.status_code == 200
    assert isinstance(raw.headers, httpx.Headers)
    assert raw.headers["content-type"] == "application/json"
    assert raw.value.model_dump(by_alias=True) == RECORD
    assert raw.captured == {"X-Request-Id": "req-3", "X-Missing": None}
    assert raw.attempts == 3
    assert isinstance(raw.elapsed, timedelta) and raw.elapsed > timedelta(0)
    assert raw.request.method == "GET"
    assert raw.request.url.endswith("/unavailable-twice?api_key=***")


def test_raw_variant_keeps_the_methods_name_and_parameters(caller: Caller) -> None:
    def check(client: Any) -> None:
        wrapped = client.with_raw_response.get_record
        assert wrapped.__name__ == "get_record"
        assert wrapped.__wrapped__ == client.get_record

    caller.using(check if caller.mode == "sync" else _awaitable(check))


def test_raw_variant_raises_what_the_method_raises(caller: Caller, faults_sdk: Any) -> None:
    with pytest.raises(faults_sdk.NotFoundError):
        caller.using(lambda c: c.with_raw_response.get_record(scenario="not-found"))


def test_raw_response_of_a_failed_result_shows_the_error_response(
    caller: Caller, faults_sdk: Any
) -> None:
    raw = caller.using(lambda c: c.with_raw_response.try_record(scenario="not-found"))
    assert raw.status_code == 404
    assert isinstance(raw.value.error, faults_sdk.NotFoundError)
    assert raw.attempts == 1


def test_raw_variant_of_a_result_without_response_raises_its_error(
    caller: Caller, faults_sdk: Any, fault_server: FaultServer
) -> None:
    with pytest.raises(faults_sdk.APIConnectionError):
        caller.using(lambda c: c.with_raw_response.try_record(scenario="reset"))
    assert fault_server.attempts("/reset") == 3


def test_a_plain_call_after_a_raw_one_is_not_recorded(caller: Caller) -> None:
    """The raw variant records only the call it wraps; the next plain call returns its value."""

    def both(client: Any) -> Any:
        client.with_raw_response.get_record(scenario="ok")
        return client.get_record(scenario="ok")

    async def both_async(client: Any) -> Any:
        await client.with_raw_response.get_record(scenario="ok")
        return await client.get_record(scenario="ok")

    record = caller.using(both if caller.mode == "sync" else both_async)
    assert record.model_dump(by_alias=True) == RECORD


def _awaitable(check: Any) -> Any:
    async def run(client: Any) -> None:
        check(client)

    return run
