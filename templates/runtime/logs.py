"""Log records of calls, through the standard ``logging`` module, with secrets masked.

The logger is named after the runtime package (``<package>._runtime``): configure it, or its
parent ``<package>``, like any other (it has a ``NullHandler``, so nothing is printed unless the
application configures logging). Each attempt is logged at DEBUG with the headers it was
sent with, each outcome at INFO (request line, status, attempt, elapsed time) and each retry at
WARNING.
"""

from __future__ import annotations

import logging

import httpx

from .credentials import Redactor

LOGGER = logging.getLogger(__package__ or __name__)
# A library logs but leaves output to the application: without a handler of its own, Python
# would print warnings (retries) to stderr in programs that never configured logging.
LOGGER.addHandler(logging.NullHandler())


def request_line(request: httpx.Request, redactor: Redactor) -> str:
    return f"{request.method} {redactor.redact_url(request.url)}"


def masked_headers(headers: httpx.Headers, redactor: Redactor) -> dict[str, str]:
    """The headers by their names as sent, with credentials and secret values masked."""
    masked: dict[str, str] = {}
    for raw_name, raw_value in headers.raw:
        name, value = raw_name.decode(headers.encoding), raw_value.decode(headers.encoding)
        masked[name] = redactor.redact_header(name, value)
    return masked


def log_attempt(request: httpx.Request, attempt: int, attempts: int, redactor: Redactor) -> None:
    if LOGGER.isEnabledFor(logging.DEBUG):
        LOGGER.debug(
            "%s: attempt %d of %d sent, headers %s",
            request_line(request, redactor),
            attempt,
            attempts,
            masked_headers(request.headers, redactor),
        )


def log_retry(
    request: httpx.Request,
    outcome: str,
    attempt: int,
    attempts: int,
    pause: float,
    redactor: Redactor,
) -> None:
    LOGGER.warning(
        "%s: %s (attempt %d of %d); retrying in %.2f s",
        request_line(request, redactor),
        redactor.redact(outcome),
        attempt,
        attempts,
        pause,
    )


def log_outcome(
    request: httpx.Request,
    outcome: httpx.Response | str,
    attempt: int,
    elapsed: float,
    redactor: Redactor,
) -> None:
    """Log how a call ended: its final response, or the text of the failure that ended it."""
    # Nothing is formatted unless the level is enabled: redacting costs more than the rest of a
    # call's work, and a call that succeeds is the usual case.
    if LOGGER.isEnabledFor(logging.INFO):
        text = status_text(outcome) if isinstance(outcome, httpx.Response) else outcome
        LOGGER.info(
            "%s: %s (attempt %d, %.3f s)",
            request_line(request, redactor),
            redactor.redact(text),
            attempt,
            elapsed,
        )


def status_text(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".rstrip()


def failure_text(exc: httpx.RequestError) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
