"""One generated package with every pagination style and both stream types, built once.

The spec is written here by hand (not taken from an example) so that each call covers one case;
its samples are what the test servers answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from apigen.write import write_tree
from tests.e2e.support import build_spec, import_built, unload

PACKAGE = "paged_sdk"
CONTACT = {"id": "c_1", "email": "ada@example.com"}
ORDER = {"number": 1, "total": 9.5}
ISSUE = {"number": 7, "title": "Crash on start"}
CHUNK = {"id": "chat_1", "delta": "Hel"}
TICK = {"n": 1}
OVERLOADED = {"error": {"type": "overloaded", "message": "Try again later."}}


def _call(name: str, path: str, **keys: Any) -> dict[str, Any]:
    return {"name": name, "use_as": "data", "method": "GET", "path": path, **keys}


def _samples(*values: Any, **keys: Any) -> dict[str, Any]:
    return {"samples": [{"inline": value} for value in values], **keys}


PAGES = {
    "name": "Pages",
    "base_url": "http://127.0.0.1:9",
    "calls": [
        _call(
            "List contacts",
            "/contacts",
            parameters=[
                {"name": "starting_after", "in": "query", "required": False},
                {"name": "limit", "in": "query", "type": "integer", "default": 2},
            ],
            pagination={
                "style": "cursor",
                "items": "data",
                "cursor_param": "starting_after",
                "next_cursor": "data[-1].id",
                "has_more": "has_more",
            },
            response=_samples({"data": [CONTACT], "has_more": False}),
        ),
        _call(
            "List events",
            "/events",
            parameters=[{"name": "cursor", "in": "query", "required": False}],
            pagination={
                "style": "cursor",
                "items": "events",
                "cursor_param": "cursor",
                "next_cursor": "meta.next",
            },
            response=_samples(
                {"events": [{"kind": "created"}], "meta": {"next": "e_2"}},
                {"events": [], "meta": {"next": None}},
            ),
        ),
        _call(
            "List notes",
            "/notes",
            parameters=[{"name": "after", "in": "query", "required": False}],
            pagination={
                "style": "cursor",
                "items": "notes",
                "cursor_param": "after",
                "next_cursor": "pageInfo.endCursor",
                "has_more": "pageInfo.hasNextPage",
            },
            response=_samples(
                {"notes": [{"text": "a"}], "pageInfo": {"endCursor": "n_1", "hasNextPage": True}}
            ),
        ),
        _call(
            "List orders",
            "/orders",
            parameters=[
                {"name": "offset", "in": "query", "type": "integer", "default": 0},
                {"name": "limit", "in": "query", "type": "integer", "default": 2},
            ],
            pagination={"style": "offset", "items": "orders"},
            response=_samples({"orders": [ORDER], "total": 5}),
        ),
        _call(
            "List issues",
            "/issues",
            parameters=[{"name": "per_page", "in": "query", "type": "integer", "default": 2}],
            pagination={"style": "link"},
            response=_samples([ISSUE]),
        ),
        _call(
            "List tags",
            "/tags",
            parameters=[{"name": "page", "in": "query", "type": "integer", "default": 1}],
            pagination={"style": "page"},
            response=_samples(["red"]),
        ),
    ],
}

STREAMS = {
    "name": "Streams",
    "base_url": "http://127.0.0.1:9",
    "calls": [
        {
            "name": "Stream chat",
            "use_as": "action",
            "method": "POST",
            "path": "/chat",
            "parameters": [{"name": "prompt", "in": "body"}],
            "response": _samples(
                CHUNK, type="sse", end_marker="[DONE]", error_samples=[{"inline": OVERLOADED}]
            ),
        },
        _call("Stream idle", "/idle", idle_timeout=0.5, response=_samples(TICK, type="sse")),
        _call("Stream endless", "/endless", deadline=1, response=_samples(TICK, type="sse")),
        _call("Stream lines", "/lines", response=_samples(TICK, type="jsonl")),
        _call("Stream words", "/words", response=_samples("Hel", "lo", type="sse")),
    ],
}

SPEC = {"apigen": 1, "package": {"name": PACKAGE}, "collections": [PAGES, STREAMS]}


@pytest.fixture(scope="session")
def paged_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root: Path = tmp_path_factory.mktemp("paged")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None and not errors, errors
    try:
        yield import_built(files, root / "out", PACKAGE)
    finally:
        unload([PACKAGE])


@pytest.fixture(scope="session")
def paged_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package written to a folder of its own, for type-checking a user's script."""
    root: Path = tmp_path_factory.mktemp("paged_files")
    files, errors = build_spec(SPEC, root / "spec")
    assert files is not None and not errors, errors
    write_tree(files, root / "out")
    return root / "out"
