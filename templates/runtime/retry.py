"""When a call is sent again, and how long to wait first."""

from __future__ import annotations

import math
import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from .config import Operation

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Sending these twice may do the work twice, unless the call is declared idempotent.
_UNSAFE_METHODS = frozenset({"POST", "PATCH"})
_FIRST_DELAY = 0.5
_MAX_DELAY = 8.0
_MAX_RETRY_AFTER = 60.0


def allowed_retries(operation: Operation, client_max_retries: int) -> int:
    """How often a call may be sent again: never for actions or POST/PATCH, unless idempotent."""
    safe = operation.use_as == "data" and operation.method not in _UNSAFE_METHODS
    if not (safe or operation.idempotent):
        return 0
    return client_max_retries if operation.max_retries is None else operation.max_retries


def should_retry(response: httpx.Response) -> bool:
    """Whether a response is worth another try (transport failures always are)."""
    return response.status_code in RETRY_STATUSES


def retry_delay(retry: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number ``retry`` (from 1).

    The server's Retry-After (seconds or an HTTP date, at most a minute) when it sends one,
    else exponential backoff with jitter, so that many clients do not retry in step.
    """
    after = _retry_after(response) if response is not None else None
    if after is not None:
        return after
    return min(_FIRST_DELAY * 2.0 ** (retry - 1), _MAX_DELAY) * random.uniform(0.5, 1.0)


def _retry_after(response: httpx.Response) -> float | None:
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
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
