"""The line decoders of the runtime (templates/runtime/sse.py), one line at a time."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field

from apigen import check_pages
from apigen.live.runtime import submodule


def decode(decoder: Any, text: str) -> list[Any]:
    found = [decoder.feed(line) for line in [*text.split("\n"), ""]]
    return [event for event in found if event is not None]


def test_server_sent_events_follow_the_event_stream_rules() -> None:
    sse = submodule("sse")
    text = (
        "\ufeffdata: first\n"  # a byte order mark opens the stream
        "\n"
        ": a comment\n"
        "event: update\n"
        "id: 7\n"
        "retry: soon\n"  # not a number: ignored
        "data:two\n"  # no space after the colon
        "data:  lines\n"  # one leading space is removed, the second kept
        "\n"
        "event: ping\n"  # an event without data is not dispatched
        "\n"
        "retry: 2500\n"
        "data: last"  # the end of the body completes the event
    )

    events = decode(sse.SSEDecoder(), text)

    assert events == [
        sse.RawEvent("first"),
        sse.RawEvent("two\n lines", "update", "7", None),
        sse.RawEvent("last", None, "7", 2500),
    ]


def test_json_lines_skip_blank_lines() -> None:
    sse = submodule("sse")
    events = decode(sse.JsonLinesDecoder(), '{"n": 1}\n\n   \n{"n": 2}')
    assert [event.data for event in events] == ['{"n": 1}', '{"n": 2}']


PLACES = ["data", "data[-1].id", "meta.next_cursor", "a[0][1]", "a..b", "x[", "[0]", "a.b[-3]"]
SAMPLE = {"data": [{"id": "c_1"}, {"id": "c_2"}], "meta": {"next_cursor": None}, "a": [[1, 2]]}


@pytest.mark.parametrize("place", PLACES)
def test_the_check_reads_places_as_the_runtime_does(place: str) -> None:
    pagination = submodule("pagination")
    missing = object()
    assert bool(check_pages.PLACE.fullmatch(place)) == bool(pagination.PLACE.fullmatch(place))
    if check_pages.PLACE.fullmatch(place):
        ours = check_pages._read(SAMPLE, place)
        theirs = pagination.read_place(SAMPLE, place, missing)
        assert (ours is check_pages._MISSING) == (theirs is missing)
        if theirs is not missing:
            assert ours == theirs


def test_places_read_a_validated_model_by_wire_name() -> None:
    # A page's items are read from the page model the method already validated.
    pagination = submodule("pagination")
    models = submodule("models")

    class Row(models.ApiModel):  # type: ignore[name-defined,misc]
        id: str

    class Listing(models.ApiModel):  # type: ignore[name-defined,misc]
        data_: list[Row] = Field(alias="data")

    listing = Listing.model_validate({**SAMPLE, "extra": {"k": 1}})
    assert pagination.read_place(listing, "data[-1].id") == "c_2"
    assert pagination.read_place(listing, "meta.next_cursor") is None  # an added key, as sent
    assert pagination.read_place(listing, "extra.k") == 1
    assert pagination.read_place(listing, "data_", "missing") == "missing"  # not a wire name
    assert pagination.read_place(listing, "data[0]") is listing.data_[0]
