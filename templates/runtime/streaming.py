"""Streamed responses: the body read piece by piece, or written to a file, never whole in memory.

``with client.with_streaming_response.download_tile(...) as response:`` sends the call (with its
retries) on entering and gives the response with its body unread; an error status raises on
entering, with the body read for the error. The connection is closed on leaving the block.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
)
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from pathlib import Path
from typing import IO, Any, ParamSpec

import httpx

from .errors import APIConnectionError
from .exchange import Recorded, watching
from .response import transport_error

P = ParamSpec("P")
StrPath = str | os.PathLike[str]


class _StreamedBase:
    def __init__(self, recorded: Recorded) -> None:
        self._recorded = recorded
        self._response = recorded.response
        self.status_code = recorded.response.status_code
        self.headers = recorded.response.headers
        self.captured = recorded.captured
        self.request = recorded.request
        self.elapsed = recorded.elapsed  # until the response's headers arrived
        self.attempts = recorded.attempts

    def _error(self, exc: httpx.RequestError) -> APIConnectionError:
        return transport_error(exc, self._response.request, self._recorded.redactor)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.status_code} {self.request.method} {self.request.url}>"
        )


class StreamedResponse(_StreamedBase):
    """A response whose body is still to be read; ``with`` closes it."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in pieces (of ``chunk_size`` bytes, but the last, when given)."""
        try:
            yield from self._response.iter_bytes(chunk_size)
        except httpx.RequestError as exc:
            raise self._error(exc) from exc

    def read(self) -> bytes:
        """The whole body, in memory."""
        return b"".join(self.iter_bytes())

    def write_to(self, path: StrPath) -> int:
        """Write the body to ``path``; returns the number of bytes written.

        The body goes to a temporary file beside ``path``, renamed to ``path`` once complete, so
        ``path`` never holds a partial body.
        """
        with _partial_file(path) as file:
            for chunk in self.iter_bytes():
                file.write(chunk)
            return file.tell()

    def close(self) -> None:
        self._response.close()


class AsyncStreamedResponse(_StreamedBase):
    """A response whose body is still to be read; ``async with`` closes it."""

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in pieces (of ``chunk_size`` bytes, but the last, when given)."""
        try:
            async for chunk in self._response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.RequestError as exc:
            raise self._error(exc) from exc

    async def read(self) -> bytes:
        """The whole body, in memory."""
        return b"".join([chunk async for chunk in self.iter_bytes()])

    async def write_to(self, path: StrPath) -> int:
        """Write the body to ``path``; returns the number of bytes written.

        As :meth:`StreamedResponse.write_to`. Writes to a local file are left blocking: each is
        one chunk, shorter than handing it to a thread.
        """
        with _partial_file(path) as file:
            async for chunk in self.iter_bytes():
                file.write(chunk)
            return file.tell()

    async def close(self) -> None:
        await self._response.aclose()


@contextlib.contextmanager
def _partial_file(path: StrPath) -> Generator[IO[bytes], None, None]:
    """A new file beside ``path`` that replaces it when the block completes, else is removed."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        with partial.open("xb") as file:
            yield file
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def to_streamed_response(
    method: Callable[P, Any],
) -> Callable[P, AbstractContextManager[StreamedResponse]]:
    """``method`` giving its response unread, in a ``with`` block."""

    @contextlib.contextmanager
    def streamed(*args: P.args, **kwargs: P.kwargs) -> Generator[StreamedResponse, None, None]:
        with watching(stream=True) as exchange:
            value = method(*args, **kwargs)
        response = StreamedResponse(exchange.take(value))
        try:
            yield response
        finally:
            response.close()

    return streamed


def to_async_streamed_response(
    method: Callable[P, Awaitable[Any]],
) -> Callable[P, AbstractAsyncContextManager[AsyncStreamedResponse]]:
    """The async ``method`` giving its response unread, in an ``async with`` block."""

    @contextlib.asynccontextmanager
    async def streamed(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncGenerator[AsyncStreamedResponse, None]:
        with watching(stream=True) as exchange:
            value = await method(*args, **kwargs)
        response = AsyncStreamedResponse(exchange.take(value))
        try:
            yield response
        finally:
            await response.close()

    return streamed
