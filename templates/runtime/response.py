"""Reading a response: the typed result of a call, or the error it stands for."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaValidator

from .config import ResponseType
from .credentials import Redactor
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RequestInfo,
    ResponseValidationError,
    status_error_class,
)

T = TypeVar("T")
_EXCERPT_LENGTH = 200
_SHOWN_VALIDATION_ERRORS = 3


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}
ANY_RESULT: TypeAdapter[Any] = TypeAdapter(Any)


def adapter_for(result: type[T]) -> TypeAdapter[T]:
    """The validator of a result type, built once per type."""
    adapter = _ADAPTERS.get(result)
    if adapter is None:
        adapter = _ADAPTERS.setdefault(result, TypeAdapter(result))
    return adapter


def json_validator(adapter: TypeAdapter[T]) -> Callable[[str], T]:
    """Validation of JSON text by ``adapter``, for a value validated many times over (events).

    Once the adapter is built, pydantic-core's validator itself: the adapter's wrapper is a
    fifth of the cost of validating a small event. Until then (models build on first use),
    the adapter, which builds it.
    """
    validator = adapter.validator
    return (
        validator.validate_json if isinstance(validator, SchemaValidator) else adapter.validate_json
    )


def describe_request(request: httpx.Request, redactor: Redactor) -> RequestInfo:
    return RequestInfo(request.method, redactor.redact_url(request.url))


def read_result(
    response: httpx.Response,
    response_type: ResponseType,
    adapter: TypeAdapter[T],
    redactor: Redactor,
    error: TypeAdapter[Any] | None = None,
) -> T:
    """The result of a call; raises for an error status or a body that does not fit.

    ``error`` validates the body of an error status as the call's error type.
    """
    if not response.is_success:
        raise status_error(response, redactor, error)
    try:
        return _decode(response, response_type, adapter)
    except ValidationError as exc:
        request = describe_request(response.request, redactor)
        shown = "; ".join(
            f"{'.'.join(map(str, error['loc'])) or 'body'}: {error['msg']}"
            for error in exc.errors(include_url=False)[:_SHOWN_VALIDATION_ERRORS]
        )
        raise ResponseValidationError(
            f"unexpected response to {request.method} {request.url}: "
            f"{exc.error_count()} validation error(s): {redactor.redact(shown)}",
            request=request,
            status_code=response.status_code,
            body=response.content,
            errors=exc.errors(include_url=False),
        ) from exc


def _decode(response: httpx.Response, response_type: ResponseType, adapter: TypeAdapter[T]) -> T:
    if response.status_code == 204 or not response.content:
        # An empty body is None where the result allows it, else "" / b"" or a validation error.
        with suppress(ValidationError):
            return adapter.validate_python(None)
    if response_type == "text":
        return adapter.validate_python(response.text)
    if response_type == "binary":
        return adapter.validate_python(response.content)
    return adapter.validate_json(response.content)


def status_error(
    response: httpx.Response, redactor: Redactor, error: TypeAdapter[Any] | None = None
) -> APIStatusError:
    request = describe_request(response.request, redactor)
    message = f"{response.status_code} {response.reason_phrase}: {request.method} {request.url}"
    # Masked before it is cut, so a cut never leaves part of a secret readable.
    excerpt = redactor.redact(response.text)[:_EXCERPT_LENGTH]
    if excerpt:
        message += f": {excerpt}"
    body = redactor.redact_data(_error_body(response))
    return status_error_class(response.status_code)(
        message,
        request=request,
        status_code=response.status_code,
        headers=response.headers,
        body=body,
        error=_typed_error(body, error),
    )


def _typed_error(body: Any, error: TypeAdapter[Any] | None) -> Any:
    """The error body as the call's error type; None when there is none or it does not fit."""
    if error is None:
        return None
    try:
        return error.validate_python(body)
    except ValidationError:
        return None


def _error_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def transport_error(
    exc: httpx.RequestError, request: httpx.Request, redactor: Redactor
) -> APIConnectionError:
    """The error for a request that got no response (timeouts get :class:`APITimeoutError`)."""
    info = describe_request(request, redactor)
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = str(exc) or type(exc).__name__
    return kind(f"{info.method} {info.url}: {redactor.redact(detail)}", request=info)
