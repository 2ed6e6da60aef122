"""The attempts of one call: how many may be sent, what follows each, and what is logged.

Sync and async clients run the same loop around this class; only their sending and sleeping
differ. ``timeout`` bounds each attempt (each connect, read, write and pool wait, as in httpx),
so a call that times out on every attempt ends after about ``attempts * timeout`` plus the pauses.
"""

from __future__ import annotations

import time
import uuid

import httpx

from .config import Operation
from .credentials import Redactor
from .exchange import record
from .logs import failure_text, log_attempt, log_outcome, log_retry, status_text
from .response import transport_error
from .retry import (
    Backoff,
    idempotency_key_header,
    may_repeat,
    retry_delay,
    should_retry,
    should_retry_failure,
)


class Attempts:
    """Counts a call's attempts and decides after each: pause and send again, or stop.

    ``retries`` is the most a call is sent again (see ``retry.retry_budget``); a call that may
    not be repeated is sent again only after a 429.

    A call that may be retried and declares an Idempotency-Key header gets a key here when the
    caller passed none; the request is sent as it is again, so every attempt carries that key.
    """

    def __init__(
        self,
        request: httpx.Request,
        operation: Operation,
        retries: int,
        backoff: Backoff,
        redactor: Redactor,
    ) -> None:
        self._request = request
        self._operation = operation
        self._backoff = backoff
        self._redactor = redactor
        self._retries = retries
        self._repeatable = may_repeat(operation)
        self._sent = 0
        self._started = time.monotonic()
        if self._retries and self._repeatable:
            _add_idempotency_key(request, operation)

    def begin(self) -> None:
        """Count the attempt about to be sent."""
        self._sent += 1

    def pause_after(self, response: httpx.Response) -> float | None:
        """Seconds to wait before sending again, or None when ``response`` ends the call."""
        self._log_sent()
        if self._sent > self._retries or not should_retry(response, self._repeatable):
            return None
        return self._pause(status_text(response), response)

    def pause_after_failure(self, exc: httpx.RequestError) -> float:
        """Seconds to wait before sending again; raises the call's error when none is left."""
        self._log_sent()
        repeat = self._repeatable and should_retry_failure(exc)
        if self._sent > self._retries or not repeat:
            log_outcome(
                self._request, failure_text(exc), self._sent, self._elapsed(), self._redactor
            )
            raise transport_error(exc, self._request, self._redactor) from exc
        return self._pause(failure_text(exc), None)

    def finish(self, response: httpx.Response) -> httpx.Response:
        """Log and record the response that ends the call."""
        elapsed = self._elapsed()
        log_outcome(self._request, response, self._sent, elapsed, self._redactor)
        record(response, self._operation, self._sent, elapsed, self._redactor)
        return response

    def _log_sent(self) -> None:
        # Logged once sent: the auth adds its credentials (masked here) while sending.
        log_attempt(self._request, self._sent, self._retries + 1, self._redactor)

    def _pause(self, outcome: str, response: httpx.Response | None) -> float:
        pause = retry_delay(self._sent, response, self._backoff)
        log_retry(self._request, outcome, self._sent, self._retries + 1, pause, self._redactor)
        return pause

    def _elapsed(self) -> float:
        return time.monotonic() - self._started


def _add_idempotency_key(request: httpx.Request, operation: Operation) -> None:
    """One key per call, left out by the caller: every attempt then sends the same one."""
    name = idempotency_key_header(operation)
    if name is not None and name not in request.headers:
        request.headers[name] = str(uuid.uuid4())
