"""What the raw and streamed variants of a method learn from the call it makes.

``client.with_raw_response.get_contact(...)`` calls the plain method inside :func:`watching`; the
client records the call's final response in the :class:`Exchange` it finds in a context variable,
so calls in other threads or tasks never see it. A streamed variant also asks the client to leave
the response's body unread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar, cast

import httpx
from pydantic import TypeAdapter

from .config import Operation
from .credentials import Redactor
from .errors import RequestInfo
from .response import adapter_for, describe_request, read_result
from .result import Result

T = TypeVar("T")


@dataclass(frozen=True)
class Recorded:
    """A call's final response and how it came about."""

    response: httpx.Response
    operation: Operation
    request: RequestInfo  # secrets masked
    attempts: int
    elapsed: timedelta
    redactor: Redactor

    @property
    def captured(self) -> dict[str, str | None]:
        """The operation's captured response headers, by their declared names."""
        headers = self.response.headers
        return {name: headers.get(name) for name in self.operation.capture_headers}


@dataclass
class Exchange:
    stream: bool  # leave the body unread for the caller
    recorded: Recorded | None = None

    def take(self, value: Any) -> Recorded:
        """The recorded response of the call that returned ``value``.

        A call with ``on_error: return`` returns its error instead of raising it; the variants
        raise it, since there is no response to show (connection failures) or to stream.
        """
        unshown = self.stream or self.recorded is None
        if isinstance(value, Result) and value.error is not None and unshown:
            raise value.error
        if self.recorded is None:
            raise RuntimeError("the wrapped method made no call")
        return self.recorded


_CURRENT: ContextVar[Exchange | None] = ContextVar("exchange", default=None)
_UNREAD: ContextVar[bool] = ContextVar("unread", default=False)


@contextmanager
def watching(stream: bool) -> Iterator[Exchange]:
    """Record the call made inside the block (the first one, should a method make several)."""
    exchange = Exchange(stream)
    token = _CURRENT.set(exchange)
    try:
        yield exchange
    finally:
        _CURRENT.reset(token)


def _open_exchange() -> Exchange | None:
    exchange = _CURRENT.get()
    return exchange if exchange is not None and exchange.recorded is None else None


@contextmanager
def unread() -> Iterator[None]:
    """Leave the body of the call sent inside the block unread: a stream of events reads it."""
    token = _UNREAD.set(True)
    try:
        yield
    finally:
        _UNREAD.reset(token)


def streams() -> bool:
    """Whether the call being sent leaves its response unread (streamed variant or events)."""
    exchange = _open_exchange()
    return _UNREAD.get() or (exchange is not None and exchange.stream)


def record(
    response: httpx.Response,
    operation: Operation,
    attempts: int,
    elapsed: float,
    redactor: Redactor,
) -> None:
    exchange = _open_exchange()
    if exchange is not None:
        exchange.recorded = Recorded(
            response=response,
            operation=operation,
            request=describe_request(response.request, redactor),
            attempts=attempts,
            elapsed=timedelta(seconds=elapsed),
            redactor=redactor,
        )


def handed_over(response: httpx.Response) -> bool:
    """Whether ``response`` goes unread to a streamed variant (which ignores the value)."""
    exchange = _CURRENT.get()
    return (
        exchange is not None
        and exchange.stream
        and exchange.recorded is not None
        and exchange.recorded.response is response
        and response.is_success
    )


def call_value(
    response: httpx.Response,
    operation: Operation,
    adapter: TypeAdapter[T],
    redactor: Redactor,
    error: type[Any] | None,
) -> T:
    """What the method returns: the parsed body; raises the error an error status stands for.

    ``error`` is the call's error type, given to the error as the typed body. A successful
    response handed to a streamed variant is left unread: that variant ignores the value.
    """
    if handed_over(response):
        return cast(T, None)
    error_adapter = adapter_for(error) if error is not None else None
    return read_result(response, operation.response_type, adapter, redactor, error_adapter)
