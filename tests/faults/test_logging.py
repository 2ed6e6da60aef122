"""Log records of calls (secrets masked), and httpx event hooks passed through ``http_client``."""

from __future__ import annotations

import importlib
import logging
import re
from typing import Any

import httpx
import pytest

from tests.servers.faults import FaultServer

from .conftest import ACCOUNT, API_KEY, PACKAGE, Caller

LOGGER = f"{PACKAGE}._runtime"


def runtime_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == LOGGER]


def test_attempts_retries_and_outcome_are_logged_without_secrets(
    caller: Caller, caplog: pytest.LogCaptureFixture, fault_server: FaultServer
) -> None:
    with caplog.at_level(logging.DEBUG):
        caller("get_record", scenario="unavailable-twice")
    records = runtime_records(caplog)
    assert [r.levelname for r in records] == [
        *("DEBUG", "WARNING") * 2,
        "DEBUG",
        "INFO",
    ]
    messages = [r.getMessage() for r in records]
    line = f"GET {fault_server.url}/unavailable-twice?api_key=***"
    assert all(message.startswith(f"{line}: ") for message in messages)
    assert "attempt 1 of 3 sent, headers {" in messages[0]
    assert "'X-Account': '***'" in messages[0]
    assert re.search(r"503 Service Unavailable \(attempt 1 of 3\); retrying in \d", messages[1])
    assert re.search(r": 200 OK \(attempt 3, \d+\.\d{3} s\)$", messages[-1])
    # Nothing logged anywhere (httpx's own records included) shows a secret.
    assert API_KEY not in caplog.text and ACCOUNT not in caplog.text


def test_transport_failures_are_logged(
    caller: Caller, caplog: pytest.LogCaptureFixture, faults_sdk: Any
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        outcome = caller.outcome("get_record", scenario="reset")
    assert isinstance(outcome.error, faults_sdk.APIConnectionError)
    assert [r.levelname for r in runtime_records(caplog)] == ["WARNING", "WARNING", "INFO"]
    assert "(attempt 3, " in runtime_records(caplog)[-1].getMessage()


def test_credential_headers_are_masked_whatever_their_value(faults_sdk: Any) -> None:
    logs = importlib.import_module(f"{PACKAGE}._runtime.logs")
    credentials = importlib.import_module(f"{PACKAGE}._runtime.credentials")
    headers = httpx.Headers(
        {"Authorization": "Basic dXNlcjpwYXNz", "X-Key": f"Key {API_KEY}", "Accept": "*/*"}
    )
    masked = logs.masked_headers(headers, credentials.Redactor([API_KEY]))
    assert masked == {"Authorization": "***", "X-Key": "Key ***", "Accept": "*/*"}


def test_event_hooks_of_a_passed_http_client_see_every_attempt(caller: Caller) -> None:
    seen: list[tuple[str, Any]] = []
    hooks: dict[str, list[Any]]
    if caller.mode == "sync":
        hooks = {
            "request": [lambda request: seen.append(("request", request.method))],
            "response": [lambda response: seen.append(("response", response.status_code))],
        }
        with httpx.Client(event_hooks=hooks) as http:
            caller.configured(http_client=http)("get_record", scenario="unavailable-twice")
    else:

        async def on_request(request: httpx.Request) -> None:
            seen.append(("request", request.method))

        async def on_response(response: httpx.Response) -> None:
            seen.append(("response", response.status_code))

        http_async = httpx.AsyncClient(
            event_hooks={"request": [on_request], "response": [on_response]}
        )

        async def call(client: Any) -> None:
            await client.get_record(scenario="unavailable-twice")
            await http_async.aclose()  # the caller's, closed in the loop that used it

        caller.configured(http_client=http_async).using(call)
    statuses = [503, 503, 200]
    assert seen == [
        item for status in statuses for item in (("request", "GET"), ("response", status))
    ]
