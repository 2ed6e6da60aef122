"""The spec side of ``apigen import curl``: find the collection, add the call, keep the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apigen.diagnostics import Diagnostics
from apigen.importers.curl import Target, import_curl
from apigen.importers.report import ImportFailure, ImportReport
from apigen.importers.spec_writer import add_to_spec, new_spec, package_name
from apigen.load import load_spec
from apigen.names import snake_case


def add_curl_call(
    spec: Path, collection: str, name: str | None, words: list[str], report: ImportReport
) -> str:
    """The text of ``spec`` with the command's call added (a new spec when it does not exist)."""
    if not spec.exists():
        fragment = import_curl(words, Target(collection), name, report)
        return new_spec(package_name(collection), fragment)
    text, data = _read(spec)
    collections = data.get("collections") or []
    local = [c for c in collections if isinstance(c, dict)]
    index = next((i for i, c in enumerate(local) if c.get("name") == collection), None)
    if index is None and collection in data["included"]:
        raise ImportFailure(
            f"collection {collection!r} is in a file that {spec} includes: import into that file"
        )
    target = Target(collection) if index is None else _target(local[index])
    fragment = import_curl(words, target, name, report)
    return add_to_spec(text, index, fragment)


def _read(spec: Path) -> tuple[str, dict[str, Any]]:
    diagnostics = Diagnostics()
    loaded = load_spec(spec, diagnostics)
    if loaded is None or diagnostics.has_errors:
        shown = "\n".join(d.format() for d in diagnostics)
        raise ImportFailure(f"{spec} cannot be read as a spec; fix it first:\n{shown}")
    own = loaded.collection_files.count(loaded.path)
    data = dict(loaded.data)
    every = list(loaded.data.get("collections") or [])
    data["collections"] = every[:own]
    data["included"] = [c.get("name") for c in every[own:] if isinstance(c, dict)]
    return spec.read_text(encoding="utf-8"), data


def _target(collection: dict[str, Any]) -> Target:
    calls = collection.get("calls")
    names = frozenset(
        snake_case(str(call.get("name")))
        for call in (calls if isinstance(calls, list) else [])
        if isinstance(call, dict)
    )
    paths = frozenset(
        str(call.get("path"))
        for call in (calls if isinstance(calls, list) else [])
        if isinstance(call, dict) and call.get("path")
    )
    auth = collection.get("auth")
    auth = {"type": "none"} if auth == "none" else auth
    base_url = collection.get("base_url")
    return Target(
        str(collection["name"]),
        str(base_url) if base_url else None,
        auth if isinstance(auth, dict) else None,
        names,
        paths,
    )
