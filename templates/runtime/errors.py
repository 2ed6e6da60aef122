"""The exceptions a client raises; every one derives from :class:`APIError`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class RequestInfo:
    """The request an error belongs to; secret values in the URL are masked as ``***``."""

    method: str
    url: str


class APIError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingCredentialsError(APIError):
    """Raised when a client is created without every private value it needs."""

    def __init__(self, collection: str, missing: Sequence[tuple[str, str]]) -> None:
        self.variables = tuple(variable for variable, _ in missing)
        self.keywords = tuple(keyword for _, keyword in missing)
        wanted = ", ".join(f"{variable} (or pass {keyword}=...)" for variable, keyword in missing)
        super().__init__(f"{collection}: missing credentials: set {wanted}")


class APIConnectionError(APIError):
    def __init__(self, message: str, *, request: RequestInfo) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    pass


class APIStatusError(APIError):
    """The server answered with a status that is not 2xx; ``body`` is its JSON, else its text.

    ``error`` is the body as the call's error type (inferred from its error samples), or None
    when the call has none or the body does not fit it.
    """

    def __init__(
        self,
        message: str,
        *,
        request: RequestInfo,
        status_code: int,
        headers: httpx.Headers,
        body: Any,
        error: Any = None,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.error = error


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class ResponseValidationError(APIError):
    """A successful response whose body does not fit the expected type.

    ``body`` is the raw body; ``errors`` the pydantic error details.
    """

    def __init__(
        self,
        message: str,
        *,
        request: RequestInfo,
        status_code: int,
        body: bytes,
        errors: list[ErrorDetails],
    ) -> None:
        super().__init__(message)
        self.request = request
        self.status_code = status_code
        self.body = body
        self.errors = errors


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


class TokenRequestError(AuthenticationError):
    """A token endpoint refused to issue a token; ``status_code`` and ``body`` are its answer."""


class AuthorizationRequiredError(APIError):
    """No token yet: authorize first (``authorization_url``, then ``exchange_code``)."""


class APIStreamError(APIError):
    """A streamed response that reported an error in one of its events.

    ``event`` is the event's name (``error`` for a server-sent ``event: error``, else None),
    ``body`` the event's data (its JSON, else its text), and ``error`` that data as the call's
    error type (inferred from its error samples), or None when it has none or the data does
    not fit it.
    """

    def __init__(
        self,
        message: str,
        *,
        request: RequestInfo,
        event: str | None,
        body: Any,
        error: Any = None,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.event = event
        self.body = body
        self.error = error
