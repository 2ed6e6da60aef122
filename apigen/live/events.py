"""Reading the first events of a streamed response, for ``apigen initialize`` and ``verify``.

A stream may never end (chat tokens, a feed): the reader stops after :data:`MAX_EVENTS` events,
at the call's end marker, at the end of the body, or when ``seconds`` have passed, and the caller
closes the response. Events are decoded by the generated runtime's own decoders.
"""

from __future__ import annotations

import time

import httpx

from apigen import ir
from apigen.live import runtime

MAX_EVENTS = 5


def first_events(response: httpx.Response, call: ir.Call, seconds: float) -> tuple[str, ...]:
    """The data of the stream's first events (at most :data:`MAX_EVENTS`), in order."""
    decoder = runtime.submodule("sse").decoder_for(call.response_type)
    deadline = time.monotonic() + seconds
    found: list[str] = []
    lines = response.iter_lines()
    while len(found) < MAX_EVENTS and time.monotonic() < deadline:
        line = next(lines, None)
        raw = decoder.feed("" if line is None else line)  # the end completes a last event
        if raw is not None:
            if call.end_marker is not None and raw.data.strip() == call.end_marker:
                break
            found.append(raw.data)
        if line is None:
            break
    return tuple(found)
