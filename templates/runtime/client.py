"""The base classes of generated clients: everything except the calls themselves.

Sync and async clients share all request building and response reading (plain functions in
``request`` and ``response``); they differ only where they send, wait and close.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, ClassVar, TypeVar

import httpx

from .config import CollectionConfig, Environment, Operation
from .credentials import Redactor, redact_httpx_log, resolve_secrets
from .request import Target, build_request
from .response import ANY_RESULT, adapter_for, read_result, transport_error
from .retry import allowed_retries, retry_delay, should_retry

T = TypeVar("T")
_Sync = TypeVar("_Sync", bound="SyncClient")
_Async = TypeVar("_Async", bound="AsyncClient")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2


def select_environment(config: CollectionConfig, name: str | None) -> Environment | None:
    if name is None:
        return None
    try:
        return config.environments[name]
    except KeyError:
        known = ", ".join(sorted(config.environments)) or "none"
        raise ValueError(
            f"unknown environment {name!r} for {config.name} (known: {known})"
        ) from None


class _ClientBase:
    _config: ClassVar[CollectionConfig]

    def __init__(
        self,
        *,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        environment: str | None,
        secrets: Mapping[str, str | None] | None,
    ) -> None:
        config = self._config
        selected = select_environment(config, environment)
        self.environment = environment
        self.base_url = base_url or (selected.base_url if selected else config.base_url)
        explicit_timeout = httpx.Timeout(timeout) if timeout is not None else None
        self.timeout = explicit_timeout if explicit_timeout is not None else DEFAULT_TIMEOUT
        self.max_retries = DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        resolved = resolve_secrets(config, selected.env_suffix if selected else "", secrets or {})
        self._redactor = Redactor(resolved.values())
        redact_httpx_log(self._redactor)
        self._auth = config.auth.bind(resolved) if config.auth is not None else None
        self._target = Target(config, self.base_url, resolved, explicit_timeout)

    def _auth_for(self, operation: Operation) -> httpx.Auth | None:
        return None if operation.skip_auth else self._auth

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"environment={self.environment!r})"
        )


class SyncClient(_ClientBase):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.Client | None = None,
        environment: str | None = None,
        secrets: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            environment=environment,
            secrets=secrets,
        )
        self._owns_http = http_client is None
        self._http = (
            httpx.Client(timeout=self.timeout, follow_redirects=True)
            if http_client is None
            else http_client
        )

    def _call(self, operation: Operation, values: Mapping[str, Any], result: type[T]) -> T:
        response = self._execute(operation, values)
        return read_result(response, operation.response_type, adapter_for(result), self._redactor)

    def _call_untyped(self, operation: Operation, values: Mapping[str, Any]) -> Any:
        response = self._execute(operation, values)
        return read_result(response, operation.response_type, ANY_RESULT, self._redactor)

    def _execute(self, operation: Operation, values: Mapping[str, Any]) -> httpx.Response:
        return self._send(build_request(self._http, self._target, operation, values), operation)

    def _send(self, request: httpx.Request, operation: Operation) -> httpx.Response:
        """Send the request, and again after a pause while the call may be retried."""
        retries = allowed_retries(operation, self.max_retries)
        retry = 0
        while True:
            response: httpx.Response | None = None
            try:
                response = self._http.send(request, auth=self._auth_for(operation))
            except httpx.RequestError as exc:
                if retry >= retries:
                    raise transport_error(exc, request, self._redactor) from exc
            if response is not None and (retry >= retries or not should_retry(response)):
                return response
            retry += 1
            time.sleep(retry_delay(retry, response))

    def close(self) -> None:
        """Close the HTTP client, unless it was passed in (its owner closes it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: _Sync) -> _Sync:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_ClientBase):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        environment: str | None = None,
        secrets: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            environment=environment,
            secrets=secrets,
        )
        self._owns_http = http_client is None
        self._http = (
            httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)
            if http_client is None
            else http_client
        )

    async def _call(self, operation: Operation, values: Mapping[str, Any], result: type[T]) -> T:
        response = await self._execute(operation, values)
        return read_result(response, operation.response_type, adapter_for(result), self._redactor)

    async def _call_untyped(self, operation: Operation, values: Mapping[str, Any]) -> Any:
        response = await self._execute(operation, values)
        return read_result(response, operation.response_type, ANY_RESULT, self._redactor)

    async def _execute(self, operation: Operation, values: Mapping[str, Any]) -> httpx.Response:
        request = build_request(self._http, self._target, operation, values)
        return await self._send(request, operation)

    async def _send(self, request: httpx.Request, operation: Operation) -> httpx.Response:
        """Send the request, and again after a pause while the call may be retried."""
        retries = allowed_retries(operation, self.max_retries)
        retry = 0
        while True:
            response: httpx.Response | None = None
            try:
                response = await self._http.send(request, auth=self._auth_for(operation))
            except httpx.RequestError as exc:
                if retry >= retries:
                    raise transport_error(exc, request, self._redactor) from exc
            if response is not None and (retry >= retries or not should_retry(response)):
                return response
            retry += 1
            await asyncio.sleep(retry_delay(retry, response))

    async def aclose(self) -> None:
        """Close the HTTP client, unless it was passed in (its owner closes it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _Async) -> _Async:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
