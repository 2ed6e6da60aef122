"""The base classes of generated clients: everything except the calls themselves.

Sync and async clients share all request building and response reading (plain functions in
``request`` and ``response``); they differ only where they send, wait and close.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import ssl
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import httpx

from .attempts import Attempts
from .auth import ClientCertificate, CredentialAuth
from .config import CollectionConfig, Environment, Operation
from .credentials import Redactor, SecretValues, redact_httpx_log, resolve_secrets
from .dotenv import FilePath, read_env_file
from .encoding import NotGiven, not_given
from .errors import APIError
from .event_stream import AsyncStream, Clock, Stream, bound_reads, reader_for
from .exchange import call_value, handed_over, streams, unread
from .pages import (
    AsyncPage,
    AsyncPaginator,
    PageReader,
    SyncPage,
    first_request,
    page_http_request,
)
from .pagination import PageRequest
from .redirects import next_hop, send_following
from .request import RequestOptions, Target, build_request
from .response import ANY_RESULT, adapter_for
from .result import Result, failure, success
from .retry import DEFAULT_BACKOFF, Backoff, retry_budget

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self needs Python 3.11

T = TypeVar("T")

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


def cause_message(exc: BaseException) -> str | None:
    """The first message along an exception's chain of causes.

    A connection the server drops (as after refusing a client certificate) can surface as a
    bare ``ReadError`` whose only explanation is a socket error deeper in the chain.
    """
    cause: BaseException | None = exc
    while cause is not None and not str(cause):
        cause = cause.__cause__ or cause.__context__
    return str(cause) if cause is not None else None


def _redactor(config: CollectionConfig, secrets: SecretValues, auth: httpx.Auth | None) -> Redactor:
    """The client's redactor: its secrets, where they are sent, and what its auth derives."""
    places = [
        (param.location, param.name) for param in config.params if param.private_env is not None
    ]
    if isinstance(auth, CredentialAuth):
        places += [("query", auth.credential_param or ""), ("header", auth.credential_header or "")]
    redactor = Redactor(
        secrets.values(),
        query_keys=[name for location, name in places if location == "query" and name],
        headers=[name for location, name in places if location == "header" and name],
    )
    if isinstance(auth, CredentialAuth):
        auth.report_to(redactor.add)
    return redactor


class _ClientBase:
    _config: ClassVar[CollectionConfig]
    _owns_http: bool
    backoff: Backoff = DEFAULT_BACKOFF  # pauses between attempts; replace to change them

    def __init__(
        self,
        *,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        environment: str | None,
        secrets: Mapping[str, str | None] | None,
        env_file: FilePath | None,
    ) -> None:
        config = self._config
        selected = select_environment(config, environment)
        self.environment = environment
        self.base_url = base_url or (selected.base_url if selected else config.base_url)
        explicit_timeout = httpx.Timeout(timeout) if timeout is not None else None
        self.timeout = explicit_timeout if explicit_timeout is not None else DEFAULT_TIMEOUT
        self.max_retries = DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        self._explicit_max_retries = max_retries
        suffix = selected.env_suffix if selected else ""
        file_values = read_env_file(env_file) if env_file is not None else None
        resolved = resolve_secrets(config, suffix, secrets or {}, file_values)
        self._auth = config.auth.bind(resolved) if config.auth is not None else None
        self._redactor = _redactor(config, resolved, self._auth)
        redact_httpx_log(self._redactor)
        self._target = Target(config, self.base_url, resolved, explicit_timeout)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven | None = not_given,
        max_retries: int | NotGiven = not_given,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A client like this one with other settings, sharing its connections and credentials.

        Its settings win over the spec's per-call ``timeout`` and ``max_retries`` (as arguments
        given to the constructor do); ``headers`` are sent with every call (after the spec's,
        before each call's ``extra_headers``). Closing it leaves the shared connections open.
        """
        other = copy.copy(self)
        other._owns_http = False
        target = self._target
        if not isinstance(timeout, NotGiven):
            other.timeout = httpx.Timeout(timeout)
            target = dataclasses.replace(target, timeout=other.timeout)
        if not isinstance(max_retries, NotGiven):
            other.max_retries = other._explicit_max_retries = max_retries
        if headers:
            target = dataclasses.replace(target, headers=(*target.headers, *headers.items()))
        other._target = target
        return other

    def _retries(self, operation: Operation) -> int:
        return retry_budget(operation, self._explicit_max_retries, DEFAULT_MAX_RETRIES)

    def _auth_for(self, operation: Operation) -> httpx.Auth | None:
        return None if operation.skip_auth else self._auth

    def _verify(self) -> ssl.SSLContext | bool:
        """What a client-made HTTP client verifies with: the client certificate's context."""
        return self._auth.ssl_context if isinstance(self._auth, ClientCertificate) else True

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
        env_file: FilePath | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            environment=environment,
            secrets=secrets,
            env_file=env_file,
        )
        self._owns_http = http_client is None
        self._http = (
            httpx.Client(timeout=self.timeout, verify=self._verify())
            if http_client is None
            else http_client
        )

    def _call(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        result: type[T],
        error: type[Any] | None = None,
    ) -> T:
        response = self._execute(operation, values)
        return call_value(response, operation, adapter_for(result), self._redactor, error)

    def _call_untyped(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        error: type[Any] | None = None,
    ) -> Any:
        response = self._execute(operation, values)
        return call_value(response, operation, ANY_RESULT, self._redactor, error)

    def _call_result(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        result: type[T],
        error: type[Any] | None = None,
    ) -> Result[T]:
        try:
            return success(self._call(operation, values, result, error))
        except APIError as exc:
            return failure(exc)

    def _call_untyped_result(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        error: type[Any] | None = None,
    ) -> Result[Any]:
        try:
            return success(self._call_untyped(operation, values, error))
        except APIError as exc:
            return failure(exc)

    def _execute(
        self,
        operation: Operation,
        values: Mapping[str, Any],
    ) -> httpx.Response:
        request = build_request(
            self._http, self._target, operation, values, RequestOptions.of(values)
        )
        return self._send(request, operation)

    def _paginate(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        response: Any,
        item: type[T],
        error: type[Any] | None = None,
    ) -> SyncPage[T]:
        """The first page of a paginated call; later pages are fetched as they are needed."""
        reader = PageReader[T].of(operation, response, item)
        options = RequestOptions.of(values)

        def fetch(page: PageRequest) -> SyncPage[T]:
            request = page_http_request(self._http, self._target, operation, values, page, options)
            http = self._send(request, operation)
            value = call_value(http, operation, reader.response, self._redactor, error)
            if handed_over(http):
                return cast(SyncPage[T], value)
            return SyncPage(*reader.read(http, value, page), fetch)

        return fetch(first_request(operation, values))

    def _stream(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        event: type[T],
        error: type[Any] | None = None,
    ) -> Stream[T]:
        """The events of a streamed call, read as they arrive."""
        clock = Clock(operation, time.monotonic())
        request = build_request(
            self._http, self._target, operation, values, RequestOptions.of(values)
        )
        bound_reads(request, operation)
        with unread():
            response = self._send(request, operation)
        if handed_over(response):
            return cast(Stream[T], None)
        reader = reader_for(response, operation, event, error, self._redactor)
        return Stream(response, reader, clock, self._redactor)

    def _send(self, request: httpx.Request, operation: Operation) -> httpx.Response:
        """Send the request, and again after a pause while the call may be retried."""
        retries = self._retries(operation)
        attempts = Attempts(request, operation, retries, self.backoff, self._redactor)
        while True:
            attempts.begin()
            try:
                response = self._send_following(request, self._auth_for(operation))
            except httpx.RequestError as exc:
                time.sleep(attempts.pause_after_failure(exc))
                continue
            pause = attempts.pause_after(response)
            if pause is None:
                if not response.is_success:
                    response.read()  # the body of an error, also when streamed
                return attempts.finish(response)
            response.close()
            time.sleep(pause)

    def _send_following(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        """Send the request and follow its redirects (see ``redirects``)."""
        return send_following(
            self._send_once, request, auth, self._redactor, self._http.max_redirects
        )

    def _send_once(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        try:
            return self._http.send(request, auth=auth, follow_redirects=False, stream=streams())
        except httpx.TransportError as exc:
            message = cause_message(exc)
            if str(exc) or message is None:
                raise
            raise type(exc)(message, request=request) from exc

    def close(self) -> None:
        """Close the HTTP client, unless it was passed in (its owner closes it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
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
        env_file: FilePath | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            environment=environment,
            secrets=secrets,
            env_file=env_file,
        )
        self._owns_http = http_client is None
        self._http = (
            httpx.AsyncClient(timeout=self.timeout, verify=self._verify())
            if http_client is None
            else http_client
        )

    async def _call(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        result: type[T],
        error: type[Any] | None = None,
    ) -> T:
        response = await self._execute(operation, values)
        return call_value(response, operation, adapter_for(result), self._redactor, error)

    async def _call_untyped(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        error: type[Any] | None = None,
    ) -> Any:
        response = await self._execute(operation, values)
        return call_value(response, operation, ANY_RESULT, self._redactor, error)

    async def _call_result(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        result: type[T],
        error: type[Any] | None = None,
    ) -> Result[T]:
        try:
            return success(await self._call(operation, values, result, error))
        except APIError as exc:
            return failure(exc)

    async def _call_untyped_result(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        error: type[Any] | None = None,
    ) -> Result[Any]:
        try:
            return success(await self._call_untyped(operation, values, error))
        except APIError as exc:
            return failure(exc)

    async def _execute(
        self,
        operation: Operation,
        values: Mapping[str, Any],
    ) -> httpx.Response:
        request = build_request(
            self._http, self._target, operation, values, RequestOptions.of(values)
        )
        return await self._send(request, operation)

    def _paginate(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        response: Any,
        item: type[T],
        error: type[Any] | None = None,
    ) -> AsyncPaginator[T]:
        """A paginated call: awaited, its first page; iterated, every item of every page."""
        reader = PageReader[T].of(operation, response, item)
        options = RequestOptions.of(values)

        async def fetch(page: PageRequest) -> AsyncPage[T]:
            request = page_http_request(self._http, self._target, operation, values, page, options)
            http = await self._send(request, operation)
            value = call_value(http, operation, reader.response, self._redactor, error)
            if handed_over(http):
                return cast(AsyncPage[T], value)
            return AsyncPage(*reader.read(http, value, page), fetch)

        return AsyncPaginator(lambda: fetch(first_request(operation, values)))

    async def _stream(
        self,
        operation: Operation,
        values: Mapping[str, Any],
        event: type[T],
        error: type[Any] | None = None,
    ) -> AsyncStream[T]:
        """The events of a streamed call, read as they arrive."""
        clock = Clock(operation, time.monotonic())
        request = build_request(
            self._http, self._target, operation, values, RequestOptions.of(values)
        )
        bound_reads(request, operation)
        with unread():
            response = await self._send(request, operation)
        if handed_over(response):
            return cast(AsyncStream[T], None)
        reader = reader_for(response, operation, event, error, self._redactor)
        return AsyncStream(response, reader, clock, self._redactor)

    async def _send(self, request: httpx.Request, operation: Operation) -> httpx.Response:
        """Send the request, and again after a pause while the call may be retried."""
        retries = self._retries(operation)
        attempts = Attempts(request, operation, retries, self.backoff, self._redactor)
        while True:
            attempts.begin()
            try:
                response = await self._send_following(request, self._auth_for(operation))
            except httpx.RequestError as exc:
                await asyncio.sleep(attempts.pause_after_failure(exc))
                continue
            pause = attempts.pause_after(response)
            if pause is None:
                if not response.is_success:
                    await response.aread()  # the body of an error, also when streamed
                return attempts.finish(response)
            await response.aclose()
            await asyncio.sleep(pause)

    async def _send_following(
        self, request: httpx.Request, auth: httpx.Auth | None
    ) -> httpx.Response:
        """Send the request and follow its redirects (see ``redirects``)."""
        response = await self._send_once(request, auth)
        hops = 0
        while (hop := next_hop(response, request.url, auth, self._redactor)) is not None:
            hops += 1
            if hops > self._http.max_redirects:
                raise httpx.TooManyRedirects("too many redirects", request=hop.request)
            await response.aclose()
            response = await self._send_once(hop.request, hop.auth)
        return response

    async def _send_once(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        try:
            return await self._http.send(
                request, auth=auth, follow_redirects=False, stream=streams()
            )
        except ssl.SSLError as exc:
            # httpx's async transport lets TLS alerts that arrive while reading (a refused
            # client certificate) escape unwrapped; the sync one raises httpx.ReadError.
            raise httpx.ReadError(str(exc), request=request) from exc
        except httpx.TransportError as exc:
            message = cause_message(exc)
            if str(exc) or message is None:
                raise
            raise type(exc)(message, request=request) from exc

    async def aclose(self) -> None:
        """Close the HTTP client, unless it was passed in (its owner closes it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
