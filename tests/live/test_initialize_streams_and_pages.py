"""``apigen initialize`` on paginated and streamed calls, against local servers.

A paginated-looking response gets its ``pagination:`` block printed (and written with
``--write-pagination``, comments kept); a stream's first events are recorded as samples, one file
per event, and the stream is closed.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from apigen import ir
from apigen.diagnostics import Diagnostics
from apigen.live.events import MAX_EVENTS
from apigen.live.paging import suggest
from apigen.pipeline import check_file
from tests.live.conftest import apigen, changed_lines
from tests.servers.recording import RecordingServer, Reply
from tests.servers.streams import Script, StreamServer

PAGED_SPEC = """\
apigen: 1
package: {{name: paged_sdk}}
collections:
  - name: Shop
    base_url: "{url}"
    calls:
      # Contacts, newest first.
      - name: List contacts
        use_as: data
        path: /contacts
        parameters:
          - {{name: starting_after, in: query, required: false}}  # the cursor
          - {{name: limit, in: query, type: integer, default: 2}}
      - {{name: List issues, use_as: data, path: /issues}}  # GitHub-like
      - {{name: List orders, use_as: data, path: /orders}}
"""


@pytest.fixture
def paged_spec(workdir: Path, recording_server: RecordingServer) -> Path:
    link = f'<{recording_server.url}/issues?page=2>; rel="next"'
    recording_server.route(
        "GET", "/contacts", Reply.json({"data": [{"id": "c_1"}, {"id": "c_2"}], "has_more": True})
    )
    recording_server.route("GET", "/issues", Reply.json([{"number": 1}], headers=(("Link", link),)))
    recording_server.route(
        "GET", "/orders", Reply.json({"orders": [{"id": "o_1"}], "meta": {"next_cursor": "o_2"}})
    )
    path = workdir / "apigen.yaml"
    path.write_text(PAGED_SPEC.format(url=recording_server.url), encoding="utf-8")
    return path


def test_likely_pagination_is_printed_and_not_written_by_default(paged_spec: Path) -> None:
    run = apigen("initialize", str(paged_spec))

    assert run.exit_code == 0, run.stderr
    assert (
        "  the response looks paginated; add to the call:\n"
        "    pagination:\n"
        "      style: cursor\n"
        "      items: data\n"
        "      cursor_param: starting_after\n"
        '      next_cursor: "data[-1].id"\n'
        "      has_more: has_more\n"
        "  (--write-pagination adds it to the spec)\n"
    ) in run.stdout
    assert "      style: link\n" in run.stdout
    # The orders call has no cursor parameter: the block names it, and says what is missing.
    assert "      next_cursor: meta.next_cursor\n" in run.stdout
    assert "the call also needs a `cursor` query parameter (required: false)" in run.stdout
    assert "pagination" not in paged_spec.read_text()


def test_write_pagination_adds_the_blocks_and_keeps_comments(paged_spec: Path) -> None:
    before = paged_spec.read_text()

    run = apigen("initialize", str(paged_spec), "--write-pagination")

    assert run.exit_code == 0, run.stderr
    after = paged_spec.read_text()
    removed, added = changed_lines(before, after)
    assert removed == [
        "      - {name: List issues, use_as: data, path: /issues}  # GitHub-like\n",
        "      - {name: List orders, use_as: data, path: /orders}\n",
    ]
    assert added == [
        "        pagination: {style: cursor, items: data, cursor_param: starting_after, "
        'next_cursor: "data[-1].id", has_more: has_more}\n',
        "        response:\n",
        "          samples:\n",
        "            - file: samples/shop/list_contacts.json\n",
        "      - {name: List issues, use_as: data, path: /issues, pagination: {style: link}, "
        "response: {samples: [{file: samples/shop/list_issues.json}]}}  # GitHub-like\n",
        "      - {name: List orders, use_as: data, path: /orders, response: {samples: [{file: "
        "samples/shop/list_orders.json}]}}\n",
    ]
    assert "# Contacts, newest first." in after
    diagnostics = Diagnostics()
    assert check_file(paged_spec, diagnostics) is not None, diagnostics


def _call(**keys: object) -> ir.Call:
    defaults: dict[str, object] = {
        "name": "List",
        "method_name": "list",
        "constant": "LIST",
        "type_name": "List",
        "use_as": "data",
        "http_method": "GET",
        "path": "/x",
        "description": None,
        "headers": (),
        "params": (),
        "arguments": (),
        "body_format": "json",
        "body_template": None,
        "array_format": "repeat",
        "response_type": "json",
        "samples": (),
        "sample_positions": (),
        "sample_statuses": (),
        "schema": None,
        "error_samples": (),
        "error_sample_positions": (),
        "capture_headers": (),
        "skip_auth": False,
        "idempotent": False,
        "max_retries": None,
        "timeout": None,
        "on_error": "raise",
        "model": None,
        "types": (),
    }
    return ir.Call(**{**defaults, **keys})  # type: ignore[arg-type]


def _page_param() -> ir.Param:
    return ir.Param("page", "query", "page", "integer", False, True, 1, None, None, None)


@pytest.mark.parametrize(
    ("body", "block", "missing"),
    [
        (
            {"results": [{"n": 1}], "page": 1, "total_pages": 4},
            {"style": "page", "items": "results"},
            "",
        ),
        (
            {"items": [{"n": 1}], "offset": 0, "total": 9},
            {"style": "offset", "items": "items"},
            "an `offset` query parameter",
        ),
        (
            {"data": [{"n": 1}], "pagination": {"nextPageToken": "t2", "hasMore": True}},
            {
                "style": "cursor",
                "items": "data",
                "cursor_param": "cursor",
                "next_cursor": "pagination.nextPageToken",
                "has_more": "pagination.hasMore",
            },
            "a `cursor` query parameter (required: false)",
        ),
    ],
)
def test_pagination_is_recognised_in_bodies(
    body: dict[str, object], block: dict[str, str], missing: str
) -> None:
    found = suggest(_call(params=(_page_param(),)), body, httpx.Headers())
    assert found is not None
    assert (found.block, found.missing) == (block, missing)


@pytest.mark.parametrize(
    "body", [{"id": "c_1"}, [1, 2], {"data": [1], "next": "https://api.example/x?page=2"}]
)
def test_a_single_page_suggests_nothing(body: object) -> None:
    assert suggest(_call(), body, httpx.Headers()) is None


STREAM_SPEC = """\
apigen: 1
package: {{name: chat_sdk}}
collections:
  - name: Chat
    base_url: "{url}"
    calls:
      - name: Stream chat
        use_as: data
        path: /chat
        response: {{type: sse, end_marker: "[DONE]"}}
      - name: Tail log
        use_as: data
        path: /log
        response: {{type: jsonl}}
"""


def _sse(data: object) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


def test_a_stream_records_its_first_events_and_is_closed(
    workdir: Path, stream_server: StreamServer
) -> None:
    # An endless stream: initialize takes the first events, then hangs up.
    stream_server.route(
        "/chat", Script((b": hi\n\n", _sse({"delta": "a"})), repeat=_sse({"delta": "b"}))
    )
    stream_server.route(
        "/log",
        Script((b'{"line": 1}\n{"line": 2}\n',), content_type="application/jsonl"),
    )
    spec = workdir / "apigen.yaml"
    spec.write_text(STREAM_SPEC.format(url=stream_server.url), encoding="utf-8")

    run = apigen("initialize", str(spec))

    assert run.exit_code == 0, run.stderr
    samples = workdir / "samples" / "chat"
    names = ["stream_chat.json", *(f"stream_chat_{n}.json" for n in range(2, MAX_EVENTS + 1))]
    assert sorted(p.name for p in samples.glob("stream_chat*")) == sorted(names)
    assert json.loads((samples / "stream_chat.json").read_text()) == {"delta": "a"}
    assert json.loads((samples / "stream_chat_2.json").read_text()) == {"delta": "b"}
    assert [
        json.loads((samples / n).read_text()) for n in ("tail_log.json", "tail_log_2.json")
    ] == [
        {"line": 1},
        {"line": 2},
    ]
    assert stream_server.wait_for_hang_up()
    assert "{file: samples/chat/stream_chat_5.json}" in spec.read_text()
    diagnostics = Diagnostics()
    assert check_file(spec, diagnostics) is not None, diagnostics


def test_a_stream_ends_at_its_end_marker(workdir: Path, stream_server: StreamServer) -> None:
    stream_server.route(
        "/chat", Script((_sse({"delta": "a"}), b"data: [DONE]\n\n", _sse({"x": 1})))
    )
    stream_server.route("/log", Script((b'{"line": 1}\n',), content_type="application/jsonl"))
    spec = workdir / "apigen.yaml"
    spec.write_text(STREAM_SPEC.format(url=stream_server.url), encoding="utf-8")

    run = apigen("initialize", str(spec), "Stream chat")

    assert run.exit_code == 0, run.stderr
    assert [p.name for p in (workdir / "samples" / "chat").iterdir()] == ["stream_chat.json"]


def test_verify_compares_a_streams_first_event_with_its_samples(
    workdir: Path, stream_server: StreamServer
) -> None:
    stream_server.route("/chat", Script((_sse({"delta": "a"}), b"data: [DONE]\n\n")))
    stream_server.route("/log", Script((b'{"line": 1}\n',), content_type="application/jsonl"))
    spec = workdir / "apigen.yaml"
    spec.write_text(STREAM_SPEC.format(url=stream_server.url), encoding="utf-8")
    assert apigen("initialize", str(spec)).exit_code == 0

    same = apigen("verify", str(spec))
    stream_server.route("/chat", Script((_sse({"text": "a"}), b"data: [DONE]\n\n")))
    drifted = apigen("verify", str(spec), "Stream chat")

    assert same.exit_code == 0, same.stdout + same.stderr
    assert drifted.exit_code == 1
    assert "delta" in drifted.stdout
