"""When a call is sent again, and how long to wait first."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from .config import Operation

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Sending these twice may do the work twice, unless the call is declared idempotent.
_UNSAFE_METHODS = frozenset({"POST", "PATCH"})
_IDEMPOTENCY_KEY = "idempotency-key"


@dataclass(frozen=True)
class Backoff:
    """The pauses between attempts, settable per client (``client.backoff = Backoff(...)``).

    Retry number n waits ``first_delay * 2 ** (n - 1)`` seconds, at most ``max_delay``, times a
    random factor between 0.5 and 1; a server's Retry-After replaces that, up to
    ``max_retry_after``.
    """

    first_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0


DEFAULT_BACKOFF = Backoff()


def idempotency_key_header(operation: Operation) -> str | None:
    """The wire name of the call's Idempotency-Key header parameter, if it has one."""
    for param in operation.params:
        if param.location == "header" and param.name.lower() == _IDEMPOTENCY_KEY:
            return param.name
    return None


def retry_budget(operation: Operation, client_max_retries: int | None, default: int) -> int:
    """How often a call may be sent again at most: the client's setting when its user gave one,
    else the call's ``max_retries`` from the spec, else the default."""
    if client_max_retries is not None:
        return client_max_retries
    return default if operation.max_retries is None else operation.max_retries


def may_repeat(operation: Operation) -> bool:
    """Whether sending the call twice is harmless: data calls that are not POST/PATCH, and calls
    declared idempotent.

    A call with an Idempotency-Key header parameter counts as idempotent: every attempt carries
    the same key, so the server does the work once.
    """
    safe = operation.use_as == "data" and operation.method not in _UNSAFE_METHODS
    return safe or operation.idempotent or idempotency_key_header(operation) is not None


def should_retry(response: httpx.Response, repeatable: bool) -> bool:
    """Whether a response is worth another try.

    A 429 says the request was not processed, so any call may be sent again; other statuses
    only for calls that may be repeated (see :func:`may_repeat`).
    """
    if response.status_code == 429:
        return True
    return repeatable and response.status_code in RETRY_STATUSES


def should_retry_failure(exc: httpx.RequestError) -> bool:
    """Whether a request that got no response is worth another try.

    Timeouts and broken or refused connections may pass; a redirect loop, an unsupported URL or
    a body that cannot be decoded will not.
    """
    return isinstance(exc, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError))


def retry_delay(
    retry: int, response: httpx.Response | None, backoff: Backoff = DEFAULT_BACKOFF
) -> float:
    """Seconds to wait before retry number ``retry`` (from 1).

    The server's Retry-After (seconds or an HTTP date, capped) when it sends one, else
    exponential backoff with jitter, so that many clients do not retry in step.
    """
    after = _retry_after(response, backoff.max_retry_after) if response is not None else None
    if after is not None:
        return after
    delay = min(backoff.first_delay * 2.0 ** (retry - 1), backoff.max_delay)
    return delay * random.uniform(0.5, 1.0)


def _retry_after(response: httpx.Response, cap: float) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        seconds = (moment - datetime.now(timezone.utc)).total_seconds()
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), cap)
