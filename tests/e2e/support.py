"""What an end-to-end test expects on the wire, and how it calls a generated client.

Expectations are written by hand in the tests, never derived from apigen's own model of a spec,
so that a generator bug shows up as a difference.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from apigen.build import build_files
from apigen.diagnostics import Diagnostics, Severity
from apigen.write import write_tree
from tests.servers.recording import RecordedRequest

# Headers httpx adds by itself; everything else a request carries must be expected by the test.
TRANSPORT_HEADERS = frozenset(
    {"host", "accept-encoding", "connection", "user-agent", "content-length"}
)
MODES = ("sync", "async")


@dataclass(frozen=True)
class Json:
    """A JSON body, compared after decoding."""

    data: Any


@dataclass(frozen=True)
class Form:
    """A URL-encoded form body, compared as decoded pairs."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class FormPart:
    """One part of a multipart body."""

    name: str
    content: bytes
    filename: str | None = None


@dataclass(frozen=True)
class Multipart:
    parts: list[FormPart]


Body = Json | Form | Multipart | None


@dataclass(frozen=True)
class Wire:
    """The request a call must send: every header beyond the transport's own is listed."""

    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = None


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Pairs by key: the order of different keys is free, that of one key's values is not."""
    groups: dict[str, list[str]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def assert_wire(recorded: RecordedRequest, expected: Wire) -> None:
    assert recorded.method == expected.method
    assert recorded.path == expected.path
    assert grouped(recorded.query_pairs()) == grouped(expected.query)
    skipped = set(TRANSPORT_HEADERS)
    if isinstance(expected.body, Multipart):
        # The boundary is random: check the type here, and the parts with the body.
        content_type = recorded.header("Content-Type") or ""
        assert content_type.startswith("multipart/form-data; boundary=")
        skipped.add("content-type")
    sent = {
        name.lower(): recorded.header_values(name)
        for name, _ in recorded.headers
        if name.lower() not in skipped
    }
    assert sent == {name.lower(): [value] for name, value in expected.headers.items()}
    assert_body(recorded, expected.body)


def assert_body(recorded: RecordedRequest, expected: Body) -> None:
    if expected is None:
        assert recorded.body == b""
    elif isinstance(expected, Json):
        assert recorded.json() == expected.data
    elif isinstance(expected, Form):
        assert grouped(recorded.form_pairs()) == grouped(expected.pairs)
    else:
        # The order of different fields is free, that of one field's values is not.
        parts = [FormPart(p.name, p.content, p.filename) for p in recorded.multipart()]
        assert sorted(parts, key=_name) == sorted(expected.parts, key=_name)


def _name(part: FormPart) -> str:
    return part.name


def dumped(result: Any) -> Any:
    """A call's result in wire form: models by alias, lists item by item, others as they are."""
    if isinstance(result, BaseModel):
        return result.model_dump(by_alias=True)
    if isinstance(result, list):
        return [dumped(item) for item in result]
    return result


def assert_parsed(result: Any, expected: Any) -> None:
    """The result is typed (models for objects) and gives back exactly the expected wire data."""
    if isinstance(expected, dict):
        assert isinstance(result, BaseModel)
    elif isinstance(expected, list):
        assert isinstance(result, list) and len(result) == len(expected)
        for item, expected_item in zip(result, expected, strict=True):
            assert_parsed(item, expected_item)
    else:
        assert type(result) is type(expected)
    assert dumped(result) == expected


def call_client(
    mode: str,
    package: ModuleType,
    client: str,
    client_kwargs: dict[str, Any],
    method: str,
    kwargs: dict[str, Any],
) -> Any:
    """Call ``method`` on a fresh ``client`` (or its ``Async`` twin) of ``package``.

    A stream is read to its end while the client is open (the result is its list of events);
    a page stands for its response (later pages are not fetched).
    """
    runtime = package._runtime
    if mode == "sync":
        with getattr(package, client)(**client_kwargs) as sync_client:
            value = getattr(sync_client, method)(**kwargs)
            if isinstance(value, runtime.Stream):
                return list(value)
            return value.response if isinstance(value, runtime.SyncPage) else value

    async def run() -> Any:
        async with getattr(package, f"Async{client}")(**client_kwargs) as async_client:
            value = await getattr(async_client, method)(**kwargs)
            if isinstance(value, runtime.AsyncStream):
                return [event async for event in value]
            return value.response if isinstance(value, runtime.AsyncPage) else value

    return asyncio.run(run())


def build_spec(spec: dict[str, Any], directory: Path) -> tuple[dict[str, str] | None, list[str]]:
    """The generated files (None when the spec has errors) and the error messages."""
    directory.mkdir(parents=True, exist_ok=True)
    spec_path = directory / "apigen.yaml"
    # JSON escapes control characters except DEL, which YAML allows only escaped.
    text = json.dumps(spec, ensure_ascii=False, indent=2).replace("\x7f", "\\u007f")
    spec_path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    files = build_files(spec_path, diagnostics)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    return files, errors


def import_built(files: dict[str, str], out_dir: Path, package: str) -> ModuleType:
    write_tree(files, out_dir)
    sys.path.insert(0, str(out_dir))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out_dir))


def unload(packages: Iterable[str]) -> None:
    """Forget imported packages and their modules, so that no later test sees them."""
    names = set(packages)
    for module in [module for module in sys.modules if module.split(".")[0] in names]:
        del sys.modules[module]
