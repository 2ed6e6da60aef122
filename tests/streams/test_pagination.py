"""Paginated calls against a real local server: every style over three pages, sync and async.

The recording server answers a path with its replies in turn, and logs every request: the log
shows which page requests were sent, and that a page is fetched only once its items are needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from tests.servers.recording import RecordingServer, Reply

MODES = ("sync", "async")


def contacts(*ids: str, more: bool) -> Reply:
    return Reply.json(
        {"data": [{"id": i, "email": f"{i}@example.com"} for i in ids], "has_more": more}
    )


class Lister:
    """Runs one paginated method sync or async and tells what the items were, step by step."""

    def __init__(self, package: ModuleType, server: RecordingServer, mode: str) -> None:
        self.package = package
        self.server = server
        self.mode = mode

    def items(
        self, method: str, steps: Callable[[int], None] | None = None, **kwargs: Any
    ) -> list[Any]:
        """Every item; ``steps(n)`` runs after the n-th item, to look at the request log."""
        if self.mode == "sync":
            with self.package.PagesClient(base_url=self.server.url, max_retries=0) as client:
                found = []
                for item in getattr(client, method)(**kwargs):
                    found.append(item)
                    if steps:
                        steps(len(found))
                return found
        return asyncio.run(self._async_items(method, steps, kwargs))

    async def _async_items(
        self, method: str, steps: Callable[[int], None] | None, kwargs: dict[str, Any]
    ) -> list[Any]:
        async with self.package.AsyncPagesClient(base_url=self.server.url, max_retries=0) as client:
            paginator = getattr(client, method)(**kwargs)
            assert self.server.requests == []  # nothing is sent before it is awaited or iterated
            found = []
            async for item in paginator:
                found.append(item)
                if steps:
                    steps(len(found))
            return found


@pytest.fixture(params=MODES)
def lister(
    request: pytest.FixtureRequest, paged_package: ModuleType, recording_server: RecordingServer
) -> Lister:
    return Lister(paged_package, recording_server, str(request.param))


def queries(server: RecordingServer) -> list[list[tuple[str, str]]]:
    return [request.query_pairs() for request in server.requests]


def test_cursor_pages_are_fetched_when_needed_and_stop_at_has_more_false(
    lister: Lister, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/contacts",
        contacts("c_1", "c_2", more=True),
        contacts("c_3", "c_4", more=True),
        contacts("c_5", more=False),
    )
    seen: list[int] = []

    def step(count: int) -> None:
        seen.append(len(recording_server.requests))

    items = lister.items("list_contacts", step)

    assert [item.id for item in items] == ["c_1", "c_2", "c_3", "c_4", "c_5"]
    assert items[0].email == "c_1@example.com"
    # After item n, the server had seen this many requests: page 2 only once item 3 was needed.
    assert seen == [1, 1, 2, 2, 3]
    assert queries(recording_server) == [
        [("limit", "2")],
        [("starting_after", "c_2"), ("limit", "2")],
        [("starting_after", "c_4"), ("limit", "2")],
    ]


def test_cursor_pages_stop_at_an_empty_cursor(
    lister: Lister, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/events",
        Reply.json({"events": [{"kind": "a"}], "meta": {"next": "e_2"}}),
        Reply.json({"events": [{"kind": "b"}], "meta": {"next": "e_3"}}),
        Reply.json({"events": [{"kind": "c"}], "meta": {"next": ""}}),
    )

    items = lister.items("list_events")

    assert [item.kind for item in items] == ["a", "b", "c"]
    assert queries(recording_server) == [[], [("cursor", "e_2")], [("cursor", "e_3")]]


def test_cursor_and_has_more_are_read_from_the_model_by_their_wire_names(
    lister: Lister, recording_server: RecordingServer
) -> None:
    # The model names these fields page_info, end_cursor and has_next_page: places name keys as
    # the API sends them, and the page is read from the model (its body is parsed once).
    def notes(text: str, cursor: str, more: bool) -> Reply:
        return Reply.json(
            {"notes": [{"text": text}], "pageInfo": {"endCursor": cursor, "hasNextPage": more}}
        )

    recording_server.route(
        "GET", "/notes", notes("a", "n_1", True), notes("b", "n_2", True), notes("c", "n_3", False)
    )

    items = lister.items("list_notes")

    assert [item.text for item in items] == ["a", "b", "c"]
    assert queries(recording_server) == [[], [("after", "n_1")], [("after", "n_2")]]


def test_offset_pages_advance_by_the_items_seen_and_stop_at_an_empty_page(
    lister: Lister, recording_server: RecordingServer
) -> None:
    orders = [{"number": n, "total": 1.5} for n in range(1, 6)]
    recording_server.route(
        "GET",
        "/orders",
        Reply.json({"orders": orders[0:2], "total": 5}),
        Reply.json({"orders": orders[2:4], "total": 5}),
        Reply.json({"orders": orders[4:], "total": 5}),
        Reply.json({"orders": [], "total": 5}),
    )

    items = lister.items("list_orders")

    assert [item.number for item in items] == [1, 2, 3, 4, 5]
    assert queries(recording_server) == [
        [("offset", "0"), ("limit", "2")],
        [("offset", "2"), ("limit", "2")],
        [("offset", "4"), ("limit", "2")],
        [("offset", "5"), ("limit", "2")],
    ]


def test_page_numbers_count_up_from_the_callers_page(
    lister: Lister, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET", "/tags", Reply.json(["a", "b"]), Reply.json(["c"]), Reply.json(["d"]), Reply.json([])
    )

    items = lister.items("list_tags", page=3)

    assert items == ["a", "b", "c", "d"]
    assert queries(recording_server) == [
        [("page", "3")],
        [("page", "4")],
        [("page", "5")],
        [("page", "6")],
    ]


def test_link_pages_follow_rel_next_until_there_is_none(
    lister: Lister, recording_server: RecordingServer
) -> None:
    def issues(*numbers: int, next_page: int | None) -> Reply:
        url = f"{recording_server.url}/issues"
        link = f'<{url}?per_page=2&page={next_page}>; rel="next", <{url}?page=1>; rel="first"'
        headers = (("Link", link),) if next_page else ()
        return Reply.json([{"number": n, "title": f"#{n}"} for n in numbers], headers=headers)

    recording_server.route(
        "GET",
        "/issues",
        issues(1, 2, next_page=2),
        issues(3, 4, next_page=3),
        issues(5, next_page=None),
    )

    items = lister.items("list_issues")

    assert [item.number for item in items] == [1, 2, 3, 4, 5]
    assert queries(recording_server) == [
        [("per_page", "2")],
        [("per_page", "2"), ("page", "2")],
        [("per_page", "2"), ("page", "3")],
    ]


def test_per_request_options_go_with_every_page_and_the_cursor_wins(
    lister: Lister, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/contacts",
        contacts("c_1", "c_2", more=True),
        contacts("c_3", "c_4", more=True),
        contacts("c_5", more=False),
    )

    items = lister.items(
        "list_contacts",
        extra_headers={"X-Trace": "t-1"},
        extra_query={"trace": "t-1", "starting_after": "c_0"},
    )

    assert [item.id for item in items] == ["c_1", "c_2", "c_3", "c_4", "c_5"]
    assert [request.header("X-Trace") for request in recording_server.requests] == ["t-1"] * 3
    # The caller's starting_after starts the first page; the API's cursor picks every later one.
    assert queries(recording_server) == [
        [("starting_after", "c_0"), ("limit", "2"), ("trace", "t-1")],
        [("starting_after", "c_2"), ("limit", "2"), ("trace", "t-1")],
        [("starting_after", "c_4"), ("limit", "2"), ("trace", "t-1")],
    ]


def test_per_request_options_go_with_every_link_page_and_the_link_wins(
    lister: Lister, recording_server: RecordingServer
) -> None:
    url = f"{recording_server.url}/issues"
    recording_server.route(
        "GET",
        "/issues",
        Reply.json(
            [{"number": 1, "title": "#1"}], headers=(("Link", f'<{url}?page=2>; rel="next"'),)
        ),
        Reply.json([{"number": 2, "title": "#2"}]),
    )

    items = lister.items(
        "list_issues", extra_headers={"X-Trace": "t-1"}, extra_query={"trace": "t-1", "page": "9"}
    )

    assert [item.number for item in items] == [1, 2]
    assert [request.header("X-Trace") for request in recording_server.requests] == ["t-1"] * 2
    assert queries(recording_server) == [
        [("per_page", "2"), ("trace", "t-1"), ("page", "9")],
        [("page", "2"), ("trace", "t-1")],
    ]


def test_a_repeating_cursor_raises_instead_of_looping(
    lister: Lister, recording_server: RecordingServer, paged_package: ModuleType
) -> None:
    recording_server.route(
        "GET", "/contacts", contacts("c_1", more=True), contacts("c_1", more=True)
    )
    # The second page (fetched with cursor c_1) gives cursor c_1 again.
    with pytest.raises(paged_package.PaginationError, match="c_1"):
        lister.items("list_contacts")
    assert len(recording_server.requests) == 2


def test_a_link_to_another_origin_raises(
    lister: Lister, recording_server: RecordingServer, paged_package: ModuleType
) -> None:
    link = '<http://elsewhere.example/issues?page=2>; rel="next"'
    recording_server.route("GET", "/issues", Reply.json([], headers=(("Link", link),)))
    with pytest.raises(paged_package.PaginationError, match=r"elsewhere\.example"):
        lister.items("list_issues")
    assert len(recording_server.requests) == 1


def test_pages_one_by_one(paged_package: ModuleType, recording_server: RecordingServer) -> None:
    recording_server.route(
        "GET",
        "/contacts",
        contacts("c_1", "c_2", more=True),
        contacts("c_3", "c_4", more=True),
        contacts("c_5", more=False),
    )
    with paged_package.PagesClient(base_url=recording_server.url) as client:
        first = client.list_contacts()
        assert [c.id for c in first.items] == ["c_1", "c_2"]
        assert first.response.has_more is True
        assert first.has_next_page()
        pages = list(first.iter_pages())
    assert [[c.id for c in page.items] for page in pages] == [
        ["c_1", "c_2"],
        ["c_3", "c_4"],
        ["c_5"],
    ]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError, match="last page"):
        pages[-1].next_page()


def test_async_pages_one_by_one(
    paged_package: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/contacts",
        contacts("c_1", more=True),
        contacts("c_2", more=True),
        contacts("c_3", more=False),
    )

    async def run() -> list[list[str]]:
        async with paged_package.AsyncPagesClient(base_url=recording_server.url) as client:
            first = await client.list_contacts()
            assert len(recording_server.requests) == 1
            second = await first.next_page()
            assert second.response.data[0].id == "c_2"
            return [[c.id for c in page.items] async for page in second.iter_pages()]

    assert asyncio.run(run()) == [["c_2"], ["c_3"]]


@pytest.mark.parametrize("mode", MODES)
def test_the_raw_view_gives_the_first_page_with_its_response(
    mode: str, paged_package: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route(
        "GET",
        "/contacts",
        Reply.json(
            {"data": [{"id": "c_1", "email": "a@example.com"}], "has_more": True},
            headers=(("X-Page", "1"),),
        ),
        contacts("c_2", more=False),
    )

    async def run_async() -> tuple[Any, list[str]]:
        async with paged_package.AsyncPagesClient(base_url=recording_server.url) as client:
            raw = await client.with_raw_response.list_contacts()
            return raw, [c.id async for c in raw.value]

    if mode == "sync":
        with paged_package.PagesClient(base_url=recording_server.url) as client:
            raw = client.with_raw_response.list_contacts()
            ids = [c.id for c in raw.value]
    else:
        raw, ids = asyncio.run(run_async())
    assert raw.status_code == 200 and raw.headers["X-Page"] == "1"
    assert [c.id for c in raw.value.items] == ["c_1"]
    assert ids == ["c_1", "c_2"]


@pytest.mark.parametrize("mode", MODES)
def test_the_streamed_view_gives_the_first_page_unread(
    mode: str, paged_package: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/contacts", contacts("c_1", more=True))

    async def run_async() -> bytes:
        async with (
            paged_package.AsyncPagesClient(base_url=recording_server.url) as client,
            client.with_streaming_response.list_contacts() as response,
        ):
            return await response.read()

    if mode == "sync":
        with (
            paged_package.PagesClient(base_url=recording_server.url) as client,
            client.with_streaming_response.list_contacts() as response,
        ):
            body = response.read()
    else:
        body = asyncio.run(run_async())
    assert b'"c_1"' in body
    assert len(recording_server.requests) == 1
