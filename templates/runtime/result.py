"""Errors as values: what a call with ``on_error: return`` gives back instead of raising."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict, model_serializer

from .errors import APIError, APIStatusError

T = TypeVar("T")


class Result(BaseModel, Generic[T]):
    """The outcome of a call: ``ok`` with its ``value``, or not ok with the ``error``.

    Only API errors become results (error statuses, connection failures and timeouts, bodies that
    do not fit); a mistake in the calling code still raises. A result dumps
    (``model_dump``, ``model_dump_json``) as the data it holds: the value, or the body of the
    error (None when there is none, as after a connection failure), so code that stores or
    forwards what a call returned needs no unwrapping.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    ok: bool
    value: T | None = None
    error: APIError | None = None

    def unwrap(self) -> T:
        """The value; raises the error when the call failed."""
        if self.error is not None:
            raise self.error
        # ``value`` is None only where T allows it (an empty 204 body).
        return cast(T, self.value)

    @model_serializer(mode="plain")
    def _dump_held_data(self) -> Any:
        if self.ok:
            return self.value
        return self.error.body if isinstance(self.error, APIStatusError) else None


def success(value: T) -> Result[T]:
    return Result(ok=True, value=value)


def failure(error: APIError) -> Result[Any]:
    return Result(ok=False, error=error)
