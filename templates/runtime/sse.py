"""Decoding streamed bodies line by line: server-sent events and JSON Lines.

Both decoders take one line at a time (without its line ending) and return a :class:`RawEvent`
when the line completes one, else None, so the stream can check its clocks after every line,
keep-alive comments included. Server-sent events follow the WHATWG event-stream rules: ``data:``
lines join with newlines, a blank line dispatches, ``:`` lines are comments, ``id:`` is kept for
later events, an event without data is not dispatched.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol


class RawEvent(NamedTuple):
    """One event's text and its server-sent fields (None for JSON Lines).

    A named tuple: one is made per event, and a tuple is made several times faster than a
    frozen dataclass.
    """

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


class LineDecoder(Protocol):
    def feed(self, line: str) -> RawEvent | None: ...


class SSEDecoder:
    """Server-sent events (``text/event-stream``)."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._retry: int | None = None
        self._last_id: str | None = None
        self._started = False

    def feed(self, line: str) -> RawEvent | None:
        # Runs once per line: the usual lines (data, then a blank line) come first and call
        # nothing else.
        if not self._started:
            self._started = True
            line = line.removeprefix("\ufeff")  # a byte order mark may open the stream
        if line.startswith("data:"):  # taken without splitting the line
            self._data.append(line[6:] if line.startswith(" ", 5) else line[5:])
            return None
        if line:
            self._field(line)
            return None
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry = [], None, None
        if not data:
            return None  # an event without data is not dispatched
        return RawEvent("\n".join(data), event, self._last_id, retry)

    def _field(self, line: str) -> None:
        """A line that is neither data nor blank: a comment or another field."""
        if line.startswith(":"):
            return  # a comment: often a keep-alive
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value or None
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)


class JsonLinesDecoder:
    """JSON Lines: one JSON value per line; blank lines are skipped."""

    def feed(self, line: str) -> RawEvent | None:
        return RawEvent(line) if line.strip() else None


def decoder_for(response_type: str) -> LineDecoder:
    return SSEDecoder() if response_type == "sse" else JsonLinesDecoder()
