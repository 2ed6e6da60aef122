"""Every fault scenario, sync and async: what the call returns or raises, how many attempts the
server saw, and the pauses the client took between them.

Clients use the default of 2 retries with short pauses (``client.backoff``), so a retried failure
costs three attempts; Retry-After pauses are the server's. Pauses are recorded instead of slept
(the client's ``time.sleep`` and ``asyncio.sleep`` are replaced): a test checks how long the client
means to wait, which a busy machine cannot make flaky.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from tests.servers.faults import LARGE_BODY_SIZE, NOT_FOUND, RECORD, FaultServer

from .conftest import Caller


@dataclass(frozen=True)
class Scenario:
    id: str
    path: str
    expected: str | Any  # the exported error's name, or a check of the value
    attempts: int
    pauses: Callable[[list[float]], bool]  # a check of the seconds paused between attempts
    method: str = "get_record"
    options: dict[str, Any] = field(default_factory=dict)  # client options
    backoff: dict[str, float] | None = None


def exactly(*seconds: float) -> Callable[[list[float]], bool]:
    return lambda pauses: pauses == list(seconds)


def backoff(count: int) -> Callable[[list[float]], bool]:
    """``count`` pauses of the client's own backoff (FAST_BACKOFF: at most 0.05 s each)."""
    return lambda pauses: len(pauses) == count and all(0 <= p <= 0.05 for p in pauses)


def within_seconds(limit: float) -> Callable[[list[float]], bool]:
    """One pause until an HTTP date at most ``limit`` seconds ahead (dates have whole seconds)."""
    return lambda pauses: len(pauses) == 1 and 0 < pauses[0] <= limit


def is_record(value: Any) -> bool:
    return bool(value.model_dump(by_alias=True) == RECORD)


NONE = exactly()


SCENARIOS = [
    Scenario("ok", "/ok", is_record, 1, NONE),
    Scenario("429-retry-after-seconds", "/rate-limited-seconds", is_record, 2, exactly(1.0)),
    Scenario("429-retry-after-date", "/rate-limited-date", is_record, 2, within_seconds(2)),
    Scenario(
        "429-retry-after-capped",
        "/rate-limited-long",
        "RateLimitError",
        3,
        exactly(0.2, 0.2),
        backoff={"max_retry_after": 0.2},
    ),
    Scenario("503-twice-then-200", "/unavailable-twice", is_record, 3, backoff(2)),
    Scenario("500-always", "/failing", "InternalServerError", 3, backoff(2)),
    Scenario(
        "500-no-retries", "/failing", "InternalServerError", 1, NONE, options={"max_retries": 0}
    ),
    Scenario(
        "500-more-retries",
        "/failing",
        "InternalServerError",
        5,
        backoff(4),
        options={"max_retries": 4},
    ),
    # Each attempt times out after 0.3 s; the server would answer after 3 s.
    Scenario(
        "slower-than-timeout", "/slow", "APITimeoutError", 3, backoff(2), options={"timeout": 0.3}
    ),
    Scenario(
        "slower-than-call-timeout", "/slow", "APITimeoutError", 2, backoff(1), "get_record_quickly"
    ),
    Scenario("connection-reset", "/reset", "APIConnectionError", 3, backoff(2)),
    Scenario("malformed-json", "/malformed", "ResponseValidationError", 1, NONE),
    Scenario("missing-required-fields", "/incomplete", "ResponseValidationError", 1, NONE),
    Scenario("wrong-content-type", "/html", "ResponseValidationError", 1, NONE),
    Scenario("204-for-a-model", "/empty", "ResponseValidationError", 1, NONE),
    Scenario("204-untyped", "/empty", lambda value: value is None, 1, NONE, "delete_record"),
    Scenario(
        "50-mb-body",
        "/large",
        lambda value: isinstance(value, bytes) and len(value) == LARGE_BODY_SIZE,
        1,
        NONE,
        "download",
    ),
    Scenario("404-typed-error", "/not-found", "NotFoundError", 1, NONE),
]


class _RecordedSleep:
    """Stands for a module (``time`` or ``asyncio``) whose ``sleep`` records instead of waiting."""

    def __init__(self, module: ModuleType, pauses: list[float], *, awaitable: bool) -> None:
        self._module, self._pauses, self._awaitable = module, pauses, awaitable

    def sleep(self, seconds: float) -> Any:
        self._pauses.append(round(seconds, 6))
        return self._module.sleep(0) if self._awaitable else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


@pytest.fixture
def pauses(faults_sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds the client paused between attempts, recorded instead of slept."""
    recorded: list[float] = []
    client = sys.modules[f"{faults_sdk.__name__}._runtime.client"]
    monkeypatch.setattr(client, "time", _RecordedSleep(time, recorded, awaitable=False))
    monkeypatch.setattr(client, "asyncio", _RecordedSleep(asyncio, recorded, awaitable=True))
    return recorded


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(
    scenario: Scenario, caller: Caller, fault_server: FaultServer, pauses: list[float]
) -> None:
    configured = caller.configured(
        backoff={**caller.backoff, **(scenario.backoff or {})}, **scenario.options
    )
    outcome = configured.outcome(scenario.method, scenario=scenario.path.lstrip("/"))
    if isinstance(scenario.expected, str):
        error_class = getattr(caller.package, scenario.expected)
        assert type(outcome.error) is error_class, outcome.error
    else:
        assert outcome.error is None, outcome.error
        assert scenario.expected(outcome.value)
    assert fault_server.attempts(scenario.path) == scenario.attempts
    assert scenario.pauses(pauses), pauses


def test_timeout_is_a_connection_error_and_names_the_request(
    caller: Caller, faults_sdk: Any
) -> None:
    outcome = caller.configured(timeout=0.2, max_retries=0).outcome("get_record", scenario="slow")
    assert isinstance(outcome.error, faults_sdk.APITimeoutError)
    assert isinstance(outcome.error, faults_sdk.APIConnectionError)
    assert outcome.error.request.method == "GET"
    assert outcome.error.request.url.endswith("/slow?api_key=***")


def test_validation_error_keeps_the_raw_body(caller: Caller, faults_sdk: Any) -> None:
    for path, body in (("malformed", b'{"id": "r_1", "name": '), ("html", b"<html>")):
        outcome = caller.outcome("get_record", scenario=path)
        assert isinstance(outcome.error, faults_sdk.ResponseValidationError)
        assert outcome.error.status_code == 200
        assert outcome.error.body.startswith(body)


def test_status_error_carries_the_typed_error_body(caller: Caller, faults_sdk: Any) -> None:
    outcome = caller.outcome("get_record", scenario="not-found")
    error = outcome.error
    assert isinstance(error, faults_sdk.NotFoundError)
    assert error.status_code == 404
    assert error.body == NOT_FOUND
    assert type(error.error).__name__ == "GetRecordErrorResponse"
    assert error.error.error.code == "not_found"
    assert error.error.model_dump(by_alias=True) == NOT_FOUND


def test_error_body_that_does_not_fit_its_type_is_kept_raw(caller: Caller, faults_sdk: Any) -> None:
    error = caller.outcome("get_record", scenario="not-found-text").error
    assert isinstance(error, faults_sdk.NotFoundError)
    assert error.body == "gone"
    assert error.error is None
