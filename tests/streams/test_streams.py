"""Streamed calls (server-sent events, JSON Lines) against a real local streaming server.

Timeouts are checked by what is raised and why, never by how long it took. Hang-ups are checked
on the server's side: it notices when a write fails because the client closed the connection.
"""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from tests.servers.streams import Script, StreamServer

MODES = ("sync", "async")
KEEP_ALIVE = b": keep-alive\n\n"


def sse(data: Any, **fields: str) -> bytes:
    lines = [f"{name}: {value}" for name, value in fields.items()]
    text = data if isinstance(data, str) else json.dumps(data)
    lines += [f"data: {line}" for line in text.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


CHAT = Script(
    (
        b": the server says hello\n\n",
        # Multi-line data: the lines join with a newline, which JSON takes as whitespace.
        sse('{"id": "chat_1",\n "delta": "Hel"}', event="delta", id="1"),
        b"retry: 3000\r\n" + sse({"id": "chat_1", "delta": "lo"}),
        KEEP_ALIVE,
        sse("[DONE]"),
        sse({"id": "chat_1", "delta": "never read"}),
    )
)


class Streamer:
    """Opens one streamed method sync or async and hands its events to ``consume``."""

    def __init__(self, package: ModuleType, server: StreamServer, mode: str) -> None:
        self.package = package
        self.server = server
        self.mode = mode

    def run(
        self, method: str, consume: Callable[[list[Any]], None] | None = None, **kwargs: Any
    ) -> list[Any]:
        """Every event (with its fields) until the stream ends; ``consume`` sees each arrive."""
        events: list[Any] = []

        def seen(event: Any) -> None:
            events.append(event)
            if consume:
                consume(events)

        if self.mode == "sync":
            client_class = self.package.StreamsClient
            with (
                client_class(base_url=self.server.url, max_retries=0) as client,
                getattr(client, method)(**kwargs) as stream,
            ):
                for event in stream.events():
                    seen(event)
            return events

        async def run_async() -> None:
            async with self.package.AsyncStreamsClient(
                base_url=self.server.url, max_retries=0
            ) as client:
                stream = await getattr(client, method)(**kwargs)
                async with stream:
                    async for event in stream.events():
                        seen(event)

        asyncio.run(run_async())
        return events


@pytest.fixture(params=MODES)
def streamer(
    request: pytest.FixtureRequest, paged_package: ModuleType, stream_server: StreamServer
) -> Streamer:
    return Streamer(paged_package, stream_server, str(request.param))


def test_server_sent_events_are_typed_with_their_fields_until_the_end_marker(
    streamer: Streamer, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", CHAT)

    events = streamer.run("stream_chat", prompt="Say hello")

    assert [event.data.delta for event in events] == ["Hel", "lo"]
    assert type(events[0].data).__name__ == "StreamChatResponse"
    assert [event.event for event in events] == ["delta", None]
    assert [event.id for event in events] == ["1", "1"]  # the last id holds until a new one
    assert [event.retry for event in events] == [None, 3000]


@pytest.mark.parametrize("mode", MODES)
def test_iterating_a_stream_yields_the_event_models(
    mode: str, paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", CHAT)

    async def run_async() -> list[str]:
        async with paged_package.AsyncStreamsClient(base_url=stream_server.url) as client:
            stream = await client.stream_chat(prompt="hi")
            return [chunk.delta async for chunk in stream]

    if mode == "sync":
        with paged_package.StreamsClient(base_url=stream_server.url) as client:
            deltas = [chunk.delta for chunk in client.stream_chat(prompt="hi")]
    else:
        deltas = asyncio.run(run_async())
    assert deltas == ["Hel", "lo"]


def test_an_error_event_raises_the_typed_error(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    error = {"error": {"type": "overloaded", "message": "Try again later."}}
    stream_server.route(
        "/chat", Script((sse({"id": "c", "delta": "a"}), sse(error, event="error")))
    )
    received: list[Any] = []

    with pytest.raises(paged_package.APIStreamError) as raised:
        streamer.run("stream_chat", lambda events: received.extend(events[-1:]), prompt="hi")

    assert [event.data.delta for event in received] == ["a"]
    assert raised.value.event == "error"
    assert raised.value.body == error
    assert raised.value.error.error.message == "Try again later."


def test_an_event_that_fits_only_the_error_samples_raises(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    error = {"error": {"type": "overloaded", "message": "Busy."}}
    stream_server.route("/chat", Script((sse(error),)))

    with pytest.raises(paged_package.APIStreamError) as raised:
        streamer.run("stream_chat", prompt="hi")

    assert raised.value.event is None
    assert raised.value.error.error.message == "Busy."


def test_an_event_that_fits_nothing_raises_a_validation_error(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    stream_server.route("/chat", Script((sse({"unexpected": True}),)))
    with pytest.raises(paged_package.ResponseValidationError, match="unexpected event"):
        streamer.run("stream_chat", prompt="hi")


def test_keep_alives_do_not_hold_off_the_idle_timeout(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    # One event, then only keep-alive comments, forever.
    stream_server.route("/idle", Script((sse({"n": 1}),), pause=0.05, repeat=KEEP_ALIVE))

    with pytest.raises(paged_package.APITimeoutError, match="idle timeout") as raised:
        streamer.run("stream_idle")

    assert "/idle" in raised.value.message
    assert stream_server.wait_for_hang_up()


def test_a_silent_server_ends_at_the_idle_timeout(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    # The server sends its headers, then nothing: each read waits at most the idle timeout.
    stream_server.route("/idle", Script((b"",), pause=30))
    with pytest.raises(paged_package.APITimeoutError):
        streamer.run("stream_idle")


def test_a_slow_endless_stream_ends_at_its_deadline(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    stream_server.route("/endless", Script(pause=0.05, repeat=sse({"n": 1})))
    received: list[Any] = []

    with pytest.raises(paged_package.APITimeoutError, match="deadline"):
        streamer.run("stream_endless", lambda events: received.append(events[-1]))

    assert received and all(event.data.n == 1 for event in received)
    assert stream_server.wait_for_hang_up()


def test_a_stream_takes_per_request_headers(
    streamer: Streamer, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", CHAT)

    events = streamer.run("stream_chat", prompt="hi", extra_headers={"X-Trace": "t-1"})

    assert [event.data.delta for event in events] == ["Hel", "lo"]
    assert [headers.get("x-trace") for headers in stream_server.headers] == ["t-1"]


def test_a_per_request_timeout_bounds_each_read_of_a_stream(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    # The server sends its headers, then nothing; the call has no idle timeout of its own.
    stream_server.route("/chat", Script((b"",), pause=30))
    with pytest.raises(paged_package.APITimeoutError):
        streamer.run("stream_chat", prompt="hi", timeout=0.2)
    assert stream_server.paths == ["/chat"]


def test_breaking_out_of_a_sync_loop_closes_the_connection(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/endless", Script(pause=0.02, repeat=sse({"n": 1})))
    with paged_package.StreamsClient(base_url=stream_server.url) as client:
        for tick in client.stream_endless():
            assert tick.n == 1
            break
        assert stream_server.wait_for_hang_up()


def test_a_dropped_stream_closes_its_connection(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/endless", Script(pause=0.02, repeat=sse({"n": 1})))
    with paged_package.StreamsClient(base_url=stream_server.url) as client:
        stream = client.stream_endless()
        assert next(stream).n == 1
        del stream
        gc.collect()
        assert stream_server.wait_for_hang_up()


def test_a_stream_dropped_before_its_first_event_closes_its_connection(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    # Freed at once, without the cycle collector: nothing refers back to the stream.
    stream_server.route("/endless", Script(pause=0.02, repeat=sse({"n": 1})))
    with paged_package.StreamsClient(base_url=stream_server.url) as client:
        stream = client.stream_endless()
        del stream
        assert stream_server.wait_for_hang_up()


def test_an_iterator_outlives_its_stream_and_closes_the_connection_when_dropped(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/endless", Script(pause=0.02, repeat=sse({"n": 1})))
    with paged_package.StreamsClient(base_url=stream_server.url) as client:
        ticks = iter(client.stream_endless())  # the stream object itself is gone already
        assert [next(ticks).n, next(ticks).n] == [1, 1]
        del ticks
        assert stream_server.wait_for_hang_up()


def test_breaking_out_of_an_async_loop_closes_the_connection(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/endless", Script(pause=0.02, repeat=sse({"n": 1})))

    async def run() -> None:
        async with paged_package.AsyncStreamsClient(base_url=stream_server.url) as client:
            stream = await client.stream_endless()
            async with stream:
                async for tick in stream:
                    assert tick.n == 1
                    break

    asyncio.run(run())
    assert stream_server.wait_for_hang_up()


def test_json_lines_are_typed_events(streamer: Streamer, stream_server: StreamServer) -> None:
    # Lines split across writes, a blank line, and a last line without a line ending.
    pieces = (b'{"n": 1}\n{"n"', b": 2}\n\n", b'{"n": 3}')
    stream_server.route("/lines", Script(pieces, content_type="application/jsonl"))

    events = streamer.run("stream_lines")

    assert [event.data.n for event in events] == [1, 2, 3]
    assert {(event.event, event.id, event.retry) for event in events} == {(None, None, None)}


def test_an_error_status_raises_before_any_event(
    streamer: Streamer, stream_server: StreamServer, paged_package: ModuleType
) -> None:
    error = json.dumps({"error": {"type": "overloaded", "message": "Later."}}).encode()
    stream_server.route("/chat", Script((error,), status=429, content_type="application/json"))

    with pytest.raises(paged_package.RateLimitError) as raised:
        streamer.run("stream_chat", prompt="hi")

    assert raised.value.error.error.message == "Later."


@pytest.mark.parametrize("mode", MODES)
def test_the_raw_view_gives_the_stream_with_its_response(
    mode: str, paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", CHAT)

    async def run_async() -> tuple[int, list[str]]:
        async with paged_package.AsyncStreamsClient(base_url=stream_server.url) as client:
            raw = await client.with_raw_response.stream_chat(prompt="hi")
            async with raw.value as stream:
                return raw.status_code, [chunk.delta async for chunk in stream]

    if mode == "sync":
        with paged_package.StreamsClient(base_url=stream_server.url) as client:
            raw = client.with_raw_response.stream_chat(prompt="hi")
            with raw.value as stream:
                result = raw.status_code, [chunk.delta for chunk in stream]
    else:
        result = asyncio.run(run_async())
    assert result == (200, ["Hel", "lo"])


def test_a_stream_is_retried_before_its_first_event_only(
    paged_package: ModuleType, stream_server: StreamServer
) -> None:
    unavailable = Script((b'{"error": {"message": "busy"}}',), status=503)
    broken = Script((sse({"n": 1}),), hang_up=True)
    stream_server.route("/endless", unavailable, broken)
    received: list[int] = []

    with paged_package.StreamsClient(base_url=stream_server.url, max_retries=2) as client:
        client.backoff = paged_package._runtime.Backoff(first_delay=0.01, max_delay=0.01)
        with pytest.raises(paged_package.APIConnectionError):
            for tick in client.stream_endless():
                received.append(tick.n)

    # The 503 was retried; the stream that broke after its first event was not.
    assert received == [1]
    assert stream_server.paths == ["/endless", "/endless"]


@pytest.mark.parametrize("mode", MODES)
def test_the_streaming_view_gives_the_events_unread(
    mode: str, paged_package: ModuleType, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", CHAT)

    async def run_async() -> bytes:
        async with (
            paged_package.AsyncStreamsClient(base_url=stream_server.url) as client,
            client.with_streaming_response.stream_chat(prompt="hi") as response,
        ):
            return await response.read()

    if mode == "sync":
        with (
            paged_package.StreamsClient(base_url=stream_server.url) as client,
            client.with_streaming_response.stream_chat(prompt="hi") as response,
        ):
            body = response.read()
    else:
        body = asyncio.run(run_async())
    assert body == b"".join(CHAT.pieces)


def test_text_events_of_a_text_event_type(streamer: Streamer, stream_server: StreamServer) -> None:
    # Samples that are strings give str events: data that is not JSON is taken as text.
    stream_server.route("/words", Script((b"data: Hel\n\n", b'data: "lo"\n\n')))
    assert [event.data for event in streamer.run("stream_words")] == ["Hel", "lo"]
