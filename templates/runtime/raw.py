"""Raw responses: a method's value together with the response it came from.

``client.with_raw_response.get_contact(contact_id=...)`` takes the same arguments as
``client.get_contact`` and returns a :class:`RawResponse` whose ``value`` is exactly what the method
returns (a ``Result`` for calls with ``on_error: return``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, ParamSpec, TypeVar

import httpx

from .errors import RequestInfo
from .exchange import Recorded, watching

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The final response of a call (after any retries) and its parsed value.

    ``captured`` holds the response headers the call declares (``response.headers`` in the spec)
    by their declared names, None where the response had none; ``elapsed`` spans every attempt.
    """

    status_code: int
    headers: httpx.Headers
    value: T
    captured: Mapping[str, str | None]
    request: RequestInfo
    elapsed: timedelta
    attempts: int


def _raw(recorded: Recorded, value: T) -> RawResponse[T]:
    return RawResponse(
        status_code=recorded.response.status_code,
        headers=recorded.response.headers,
        value=value,
        captured=recorded.captured,
        request=recorded.request,
        elapsed=recorded.elapsed,
        attempts=recorded.attempts,
    )


def to_raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """``method`` returning its raw response, with the same parameters."""

    @functools.wraps(method)
    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        with watching(stream=False) as exchange:
            value = method(*args, **kwargs)
        return _raw(exchange.take(value), value)

    return raw


def to_async_raw_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async ``method`` returning its raw response, with the same parameters."""

    @functools.wraps(method)
    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        with watching(stream=False) as exchange:
            value = await method(*args, **kwargs)
        return _raw(exchange.take(value), value)

    return raw
