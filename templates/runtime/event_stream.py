"""Streams of typed events: calls with ``response.type: sse`` or ``jsonl``.

``for chunk in client.stream_chat(...)`` yields each event's data as the call's event model;
``stream.events()`` yields :class:`Event` objects that also carry the server-sent ``event``,
``id`` and ``retry`` fields. The stream ends at the end of the body or at the call's end marker
(``[DONE]``). An ``event: error`` (or an event whose data fits the call's error type but not its
event type) raises :class:`APIStreamError`.

Two clocks bound a stream, both raising :class:`APITimeoutError`: ``idle_timeout`` (seconds
without an event; keep-alive comments do not count, time the caller spends between events does
not either) and ``deadline`` (seconds for the whole stream, from sending the request). Each read
waits at most the shorter of the two, so a silent connection ends too.

The response is closed when the stream ends, raises, is closed (``close()``, ``with``), or is
collected as garbage (a ``for`` loop left with ``break`` over a stream nobody else holds).
Retries happen only before the response's headers arrive, never after an event.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass
from itertools import chain
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from .config import Operation
from .credentials import Redactor
from .errors import APIStreamError, APITimeoutError, RequestInfo, ResponseValidationError
from .response import (
    adapter_for,
    describe_request,
    json_validator,
    status_error,
    transport_error,
)
from .sse import RawEvent, decoder_for

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self needs Python 3.11

T = TypeVar("T")
_EXCERPT_LENGTH = 200  # characters of an error event's data shown in the message


@dataclass(frozen=True)
class Event(Generic[T]):
    """One event: its data as the call's event model, and its server-sent fields."""

    data: T
    event: str | None = None
    id: str | None = None
    retry: int | None = None


def bound_reads(request: httpx.Request, operation: Operation) -> None:
    """Let no single read of the stream wait longer than its idle timeout or deadline."""
    bounds = [b for b in (operation.idle_timeout, operation.deadline) if b is not None]
    timeout: dict[str, float | None] = dict(request.extensions.get("timeout", {}))
    if bounds:
        read = timeout.get("read")
        timeout["read"] = min([*bounds, read] if read is not None else bounds)
        request.extensions["timeout"] = timeout


class Clock:
    """The idle timeout and deadline of one stream."""

    def __init__(self, operation: Operation, started: float) -> None:
        self._idle = operation.idle_timeout
        self._deadline = None if operation.deadline is None else started + operation.deadline
        # Unbounded streams (the usual case) read no clock per line and per event.
        self.bounded = self._idle is not None or self._deadline is not None
        self._last = time.monotonic()

    def restart(self) -> None:
        """An event arrived, or the caller asks for the next one: the idle time starts over."""
        self._last = time.monotonic()

    def overdue(self, saw_event: bool) -> str | None:
        """Why the stream must end now, if it must (for a bounded clock)."""
        now = time.monotonic()
        if self._deadline is not None and now > self._deadline:
            return "the stream's deadline passed"
        if not saw_event and self._idle is not None and now - self._last > self._idle:
            return f"no event for {self._idle:g} seconds (idle timeout)"
        return None


@dataclass(frozen=True)
class EventReader(Generic[T]):
    """Turns a decoded event into the call's event model, or into the error it reports."""

    operation: Operation
    adapter: TypeAdapter[T]
    error: TypeAdapter[Any] | None
    request: RequestInfo
    status_code: int
    redactor: Redactor
    validate_json: Callable[[str], T]  # the adapter's (see ``json_validator``)

    def typed(self, raw: RawEvent) -> T:
        """The event's data as the event type; raises for an error event."""
        if raw.event == "error":
            raise self._stream_error(raw)
        try:
            return self.validate_json(raw.data)  # once per event: the one fast path
        except ValidationError as exc:
            return self._not_json(raw, exc)

    def _not_json(self, raw: RawEvent, exc: ValidationError) -> T:
        """Text for a ``str`` event type; else the error the event reports, or does not fit."""
        try:
            if _body(raw.data) is not raw.data:
                raise exc  # valid JSON that does not fit
            return self.adapter.validate_python(raw.data)
        except ValidationError as invalid:
            if self._fits_error(raw):
                raise self._stream_error(raw) from invalid
            raise ResponseValidationError(
                f"unexpected event in the stream of {self.request.method} {self.request.url}: "
                f"{invalid.error_count()} validation error(s)",
                request=self.request,
                status_code=self.status_code,
                body=raw.data.encode(),
                errors=invalid.errors(include_url=False),
            ) from invalid

    def _fits_error(self, raw: RawEvent) -> bool:
        if self.error is None:
            return False
        try:
            self.error.validate_json(raw.data)
        except ValidationError:
            return False
        return True

    def _stream_error(self, raw: RawEvent) -> APIStreamError:
        body = _body(raw.data)
        typed = None
        if self.error is not None:
            try:
                typed = self.error.validate_python(body)
            except ValidationError:
                typed = None
        return APIStreamError(
            self.redactor.redact(
                f"the stream of {self.request.method} {self.request.url} reported an error: "
                f"{raw.data[:_EXCERPT_LENGTH]}"
            ),
            request=self.request,
            event=raw.event,
            body=body,
            error=typed,
        )


def _body(data: str) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return data


def reader_for(
    response: httpx.Response,
    operation: Operation,
    event: type[T],
    error: type[Any] | None,
    redactor: Redactor,
) -> EventReader[T]:
    """The reader of a stream's events; raises the error an error status stands for."""
    error_adapter = adapter_for(error) if error is not None else None
    if not response.is_success:
        raise status_error(response, redactor, error_adapter)
    request = describe_request(response.request, redactor)
    adapter = adapter_for(event)
    return EventReader(
        operation,
        adapter,
        error_adapter,
        request,
        response.status_code,
        redactor,
        json_validator(adapter),
    )


# A stream's events as its generators yield them: the typed data and the decoded event, from
# which ``events()`` makes an :class:`Event`; plain iteration makes no object per event.
_Read = tuple[T, RawEvent]
# After the last line of the body: a blank line completes an event the body left unfinished.
_END_OF_BODY = ("",)


@dataclass(frozen=True)
class _Reading(Generic[T]):
    """One stream's response and what reads it.

    The generators that read a stream hold this, never the stream object: a stream nobody holds
    is then freed at once (and closes its response) instead of waiting for the cycle collector.
    """

    response: httpx.Response
    reader: EventReader[T]
    clock: Clock
    redactor: Redactor

    def check(self, saw_event: bool) -> None:
        """Raise when the stream is past its idle timeout or deadline (bounded clocks only)."""
        reason = self.clock.overdue(saw_event)
        if reason is not None:
            raise APITimeoutError(
                self.redactor.redact(f"{self.reader.request.url}: {reason}"),
                request=self.reader.request,
            )

    def failed(self, exc: httpx.RequestError) -> Exception:
        return transport_error(exc, self.response.request, self.redactor)


def _read(reading: _Reading[T]) -> Generator[_Read[T], None, None]:
    # The loop runs once per line of the stream: it calls as little as it can (the reader once
    # per event, the clock only when the call has an idle timeout or a deadline).
    decoder = decoder_for(reading.reader.operation.response_type)
    reader, bounded = reading.reader, reading.clock.bounded
    marker = reader.operation.end_marker  # None: no data equals it
    try:
        for line in chain(reading.response.iter_lines(), _END_OF_BODY):
            raw = decoder.feed(line)
            if raw is None:
                if bounded:
                    reading.check(saw_event=False)
                continue
            if raw.data.strip() == marker:
                return
            value = reader.typed(raw)
            if bounded:
                reading.check(saw_event=True)
            yield value, raw
            if bounded:
                reading.clock.restart()
    except httpx.RequestError as exc:
        raise reading.failed(exc) from exc
    finally:
        reading.response.close()


async def _aread(reading: _Reading[T]) -> AsyncGenerator[_Read[T], None]:
    decoder = decoder_for(reading.reader.operation.response_type)
    reader, bounded = reading.reader, reading.clock.bounded
    marker = reader.operation.end_marker  # None: no data equals it
    try:
        lines = reading.response.aiter_lines()
        while True:
            line = await anext(lines, None)  # None: the body ended
            raw = decoder.feed("" if line is None else line)  # as after _END_OF_BODY
            if raw is None:
                if bounded:
                    reading.check(saw_event=False)
                if line is None:
                    return
                continue
            if raw.data.strip() == marker:
                return
            value = reader.typed(raw)
            if bounded:
                reading.check(saw_event=True)
            yield value, raw
            if bounded:
                reading.clock.restart()
    except httpx.RequestError as exc:
        raise reading.failed(exc) from exc
    finally:
        await reading.response.aclose()


class Stream(Generic[T]):
    """The events of a streamed call; a context manager that closes the response."""

    def __init__(
        self, response: httpx.Response, reader: EventReader[T], clock: Clock, redactor: Redactor
    ) -> None:
        self.response = response
        self._request = reader.request
        self._events = _read(_Reading(response, reader, clock, redactor))

    def events(self) -> Iterator[Event[T]]:
        """The events with their server-sent fields (``event``, ``id``, ``retry``)."""
        for value, raw in self._events:
            yield Event(value, raw.event, raw.id, raw.retry)

    def __iter__(self) -> Iterator[T]:
        for value, _ in self._events:
            yield value

    def __next__(self) -> T:
        return next(self._events)[0]

    def close(self) -> None:
        """Close the response (and its connection); the stream yields nothing more."""
        self._events.close()
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Stream {self._request.method} {self._request.url}>"

    def __del__(self) -> None:
        # A stream dropped unfinished must not keep its connection open.
        response = self.__dict__.get("response")
        if response is not None:
            response.close()


class AsyncStream(Generic[T]):
    """The events of a streamed async call; an async context manager that closes the response."""

    def __init__(
        self, response: httpx.Response, reader: EventReader[T], clock: Clock, redactor: Redactor
    ) -> None:
        self.response = response
        self._request = reader.request
        self._events = _aread(_Reading(response, reader, clock, redactor))

    async def events(self) -> AsyncIterator[Event[T]]:
        """The events with their server-sent fields (``event``, ``id``, ``retry``)."""
        async for value, raw in self._events:
            yield Event(value, raw.event, raw.id, raw.retry)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for value, _ in self._events:
            yield value

    async def __anext__(self) -> T:
        return (await anext(self._events))[0]

    async def close(self) -> None:
        """Close the response (and its connection); the stream yields nothing more."""
        await self._events.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"<AsyncStream {self._request.method} {self._request.url}>"
