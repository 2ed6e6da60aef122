"""Paginated calls against the mock: the samples are the pages, and iterating stops after the last.

Every paginated call of the examples is iterated to its end through ``MockTransport`` (sync and
async) and through ``apigen mock``; a spec written here covers each style, with and without
``has_more``.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from apigen.write import write_tree
from tests.build.helpers import example_spec
from tests.e2e.support import MODES, build_spec, unload

from .conftest import MockProcess, start
from .support import first_samples

# (package, client class, method) → (items, page requests) when iterated to the end. CRM: a
# full page, then the empty last page its sample records; LLM: its one sample says has_more, so
# the mock ends the pages there.
EXAMPLE_PAGES = {
    ("acme_sdk", "AcmeCrmClient", "list_contacts"): (3, 2),
    ("nimbus_sdk", "NimbusAiClient", "list_files"): (2, 1),
}


def _iterate(mode: str, client_class: type, method: str, **options: Any) -> list[Any]:
    """Every item of every page, iterated with the sync or the async client."""
    if mode == "sync":
        with client_class(**options) as client:
            return list(getattr(client, method)())

    async def run() -> list[Any]:
        async with client_class(**options) as client:
            return [item async for item in getattr(client, method)()]

    return asyncio.run(run())


def _through_transport(
    mode: str, testing: ModuleType, package: ModuleType, name: str, method: str
) -> tuple[list[Any], list[str]]:
    transport = testing.MockTransport()
    client_class = getattr(package, name if mode == "sync" else f"Async{name}")
    if mode == "sync":
        with testing.mock_client(client_class, transport) as client:
            items = list(getattr(client, method)())
    else:

        async def run() -> list[Any]:
            async with testing.mock_client(client_class, transport) as client:
                return [item async for item in getattr(client, method)()]

        items = asyncio.run(run())
    return items, [called for called, _ in transport.calls]


def test_the_examples_paginated_calls_are_the_ones_listed(
    packages: dict[str, ModuleType],
) -> None:
    paginated = {
        (package.__name__, method)
        for package in packages.values()
        for (_, method), call in first_samples(package).items()
        if "pagination" in call
    }
    assert paginated == {(package, method) for package, _, method in EXAMPLE_PAGES}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("package", "name", "method"), list(EXAMPLE_PAGES))
def test_every_paginated_call_iterates_its_samples_through_the_transport(
    mode: str, package: str, name: str, method: str, packages: dict[str, ModuleType]
) -> None:
    testing = importlib.import_module(f"{package}.testing")
    items, calls = _through_transport(mode, testing, packages[package], name, method)
    count, requests = EXAMPLE_PAGES[(package, name, method)]
    assert (len(items), calls) == (count, [method] * requests)
    assert all(type(item).__name__ != "dict" for item in items)  # typed item models


@pytest.fixture(scope="module")
def llm_mock() -> Iterator[MockProcess]:
    server = start(str(example_spec("llm")))
    yield server
    server.stop()


@pytest.mark.parametrize("mode", MODES)
def test_every_paginated_call_iterates_its_samples_through_apigen_mock(
    mode: str, crm_mock: MockProcess, llm_mock: MockProcess, packages: dict[str, ModuleType]
) -> None:
    servers = {"acme_sdk": (crm_mock, "/v1"), "nimbus_sdk": (llm_mock, "/v1")}
    for (package, name, method), (count, requests) in EXAMPLE_PAGES.items():
        client_class = getattr(packages[package], name if mode == "sync" else f"Async{name}")
        server, base_path = servers[package]
        sent: list[httpx.Request] = []
        secrets = {secret.kwarg: "k" for secret in client_class._config.secrets}
        options = {"base_url": server.url + base_path, "http_client": _counting(mode, sent)}
        items = _iterate(mode, client_class, method, **options, **secrets)
        assert (len(items), len(sent)) == (count, requests), (package, method)


def _counting(mode: str, sent: list[httpx.Request]) -> httpx.Client | httpx.AsyncClient:
    """An HTTP client that lists the requests it sends."""
    if mode == "sync":
        return httpx.Client(event_hooks={"request": [sent.append]})

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    return httpx.AsyncClient(event_hooks={"request": [record]})


def test_respond_still_answers_every_page(crm: ModuleType, crm_testing: ModuleType) -> None:
    transport = crm_testing.MockTransport()
    last_page = {"data": [], "has_more": False, "next_cursor": None, "total": 0}
    with crm_testing.mock_client(crm.AcmeCrmClient, transport) as client:
        transport.respond("list_contacts", sample=1)
        assert (list(client.list_contacts()), len(transport.calls)) == ([], 1)
        transport.respond("list_contacts", json=last_page)
        assert list(client.list_contacts()) == []


# Each style over pages of 2, 1 and 0 items (the last empty) or 2 and 1 items (has_more false on
# the last, or no has_more at all: the mock answers the request after the last sample with none).
def _page(ids: list[int], **keys: Any) -> dict[str, Any]:
    return {"inline": {"data": [{"id": f"i{n}"} for n in ids], **keys}}


STYLES: dict[str, tuple[dict[str, Any], list[dict[str, Any]], int]] = {
    "cursor": (
        {"style": "cursor", "items": "data", "cursor_param": "c", "next_cursor": "next"},
        [_page([1, 2], next="a"), _page([3], next="b"), _page([], next="b")],
        3,
    ),
    "cursor_in_items": (
        {"style": "cursor", "items": "data", "cursor_param": "c", "next_cursor": "data[-1].id"},
        [_page([1, 2]), _page([3])],
        3,
    ),
    "offset": ({"style": "offset", "items": "data"}, [_page([1, 2]), _page([3])], 3),
    "page": (
        {"style": "page", "items": "data", "has_more": "more"},
        [_page([1, 2], more=True), _page([3], more=True)],
        2,
    ),
    "link": ({"style": "link", "items": "data"}, [_page([1, 2]), _page([3])], 2),
}


def _styles_spec() -> dict[str, Any]:
    calls = [
        {
            "name": f"List {style}",
            "use_as": "data",
            "method": "GET",
            "path": f"/{style}",
            "parameters": [
                {"name": name, "in": "query", "type": kind, "required": False}
                for name, kind in (("c", "string"), ("offset", "integer"), ("page", "integer"))
            ],
            "pagination": pagination,
            "response": {"samples": samples},
        }
        for style, (pagination, samples, _) in STYLES.items()
    ]
    collection = {"name": "Styles", "base_url": "https://styles.example/api", "calls": calls}
    return {
        "apigen": 1,
        "package": {"name": "styles_sdk", "testing": True},
        "collections": [collection],
    }


@pytest.fixture(scope="module")
def styles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, ModuleType]]:
    directory = tmp_path_factory.mktemp("styles")
    files, errors = build_spec(_styles_spec(), directory / "spec")
    assert files is not None, errors
    write_tree(files, directory / "out")
    sys.path.insert(0, str(directory / "out"))
    try:
        yield importlib.import_module("styles_sdk"), importlib.import_module("styles_sdk.testing")
    finally:
        sys.path.remove(str(directory / "out"))
        unload(["styles_sdk"])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("style", list(STYLES))
def test_every_style_iterates_its_samples_and_stops(
    mode: str, style: str, styles: tuple[ModuleType, ModuleType]
) -> None:
    package, testing = styles
    items, calls = _through_transport(mode, testing, package, "StylesClient", f"list_{style}")
    assert [item.id for item in items] == ["i1", "i2", "i3"]
    assert len(calls) == STYLES[style][2]


def test_a_link_page_points_at_the_mock_itself(styles: tuple[ModuleType, ModuleType]) -> None:
    package, testing = styles
    transport = testing.MockTransport()
    with testing.mock_client(package.StylesClient, transport) as client:
        list(client.list_link())
    urls = [str(request.url) for _, request in transport.calls]
    assert urls == [
        "https://styles.example/api/link",
        "https://styles.example/api/link?mock_page=1",
    ]
