"""A client package generated from a small spec, and callers of it at the fault server.

The spec is built in process (build, write, import) once per session, as ``apigen build`` would:
one data call, its ``on_error: return`` twin, POST actions with and without the means to retry
them, an untyped DELETE, a binary download and a call with its own timeout.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from tests.e2e.support import build_spec, import_built, unload
from tests.servers.faults import ERROR, RECORD, FaultServer

PACKAGE = "faults_sdk"
API_KEY = "fk-secret-5150"
ACCOUNT = "acct-hidden-2718"
# Pauses short enough for tests; Retry-After is still honoured up to its usual cap.
FAST_BACKOFF = {"first_delay": 0.01, "max_delay": 0.05}

_SCENARIO = {"name": "scenario", "in": "path", "example": "ok"}
_TYPED = {
    "samples": [{"inline": RECORD}],
    "error_samples": [{"inline": ERROR}],
    "headers": ["X-Request-Id", "X-Missing"],
}
_NAME = {"name": "name", "in": "body", "example": "Ada"}


def _call(name: str, use_as: str, method: str, **keys: Any) -> dict[str, Any]:
    parameters = [_SCENARIO, *keys.pop("parameters", [])]
    call = {"name": name, "use_as": use_as, "method": method, "path": "/{scenario}"}
    return {**call, "parameters": parameters, "response": _TYPED, **keys}


SPEC = {
    "apigen": 1,
    "package": {"name": PACKAGE, "version": "0.1.0"},
    "collections": [
        {
            "name": "Faults",
            "base_url": "https://faults.example/v1",
            "auth": {"type": "private_key_in_url", "param": "api_key", "env": "FAULTS_API_KEY"},
            "shared_parameters": [
                {"name": "X-Account", "in": "header", "private": True, "env": "FAULTS_ACCOUNT"}
            ],
            "calls": [
                _call("Get record", "data", "GET"),
                _call("Try record", "data", "GET", on_error="return"),
                _call("Get record quickly", "data", "GET", timeout=0.3, max_retries=1),
                _call("Create record", "action", "POST", parameters=[_NAME]),
                _call("Create record idempotent", "action", "POST", idempotent=True),
                _call(
                    "Create record keyed",
                    "action",
                    "POST",
                    parameters=[{"name": "Idempotency-Key", "in": "header", "required": False}],
                ),
                {
                    "name": "Delete record",
                    "use_as": "action",
                    "method": "DELETE",
                    "path": "/{scenario}",
                    "parameters": [_SCENARIO],
                },
                {
                    "name": "Download",
                    "use_as": "data",
                    "method": "GET",
                    "path": "/{scenario}",
                    "parameters": [_SCENARIO],
                    "response": {"type": "binary"},
                },
            ],
        }
    ],
}


@pytest.fixture(scope="session")
def faults_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("faults")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None, errors
    try:
        yield import_built(files, root / "out", PACKAGE)
    finally:
        unload([PACKAGE])


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Outcome:
    """What a call returned or raised."""

    value: Any
    error: BaseException | None


@dataclass(frozen=True)
class Caller:
    """Uses a fresh client of the faults package (sync or async) at the fault server."""

    mode: str
    package: ModuleType
    options: dict[str, Any]
    backoff: dict[str, float] = field(default_factory=lambda: dict(FAST_BACKOFF))

    def configured(self, backoff: dict[str, float] | None = None, **options: Any) -> Caller:
        return Caller(self.mode, self.package, {**self.options, **options}, backoff or self.backoff)

    def __call__(self, method: str, /, **kwargs: Any) -> Any:
        """The method's value; what it raises is raised."""
        return self.using(lambda client: getattr(client, method)(**kwargs))

    def outcome(self, method: str, /, **kwargs: Any) -> Outcome:
        try:
            value, error = self(method, **kwargs), None
        except Exception as raised:
            value, error = None, raised
        return Outcome(value, error)

    def using(self, use: Callable[[Any], Any]) -> Any:
        """``use(client)`` (awaited when async) with a fresh client, closed afterwards."""
        if self.mode == "sync":
            with self.package.FaultsClient(**self.options) as client:
                client.backoff = dataclasses.replace(client.backoff, **self.backoff)
                return use(client)
        return asyncio.run(self._using_async(use))

    async def _using_async(self, use: Callable[[Any], Awaitable[Any]]) -> Any:
        async with self.package.AsyncFaultsClient(**self.options) as client:
            client.backoff = dataclasses.replace(client.backoff, **self.backoff)
            return await use(client)


@pytest.fixture
def caller(mode: str, faults_sdk: ModuleType, fault_server: FaultServer) -> Caller:
    options = {"base_url": fault_server.url, "faults_api_key": API_KEY, "faults_account": ACCOUNT}
    return Caller(mode, faults_sdk, options)
