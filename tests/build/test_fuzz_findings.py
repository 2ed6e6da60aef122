"""Specs the long fuzz (python -m tests.fuzz) found crashing the build, each kept as a case.

All were calls whose Python names the model generator would have renamed (a digit first, a
builtin constant, a combining mark), with samples of every shape: lists of objects, lists of
lists, mixed lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigen.build import build_files
from apigen.diagnostics import Diagnostics

FOUND: dict[str, tuple[str, list[Any]]] = {
    "digit name, object": ("0", [{"id": 1}]),
    "digit name, list of objects": ("3", [[{"id": 1}], ["\\", True, False]]),
    "None, list of objects": ("None", [[{"uZ°": -275118389723967776}]]),
    "True, nested objects": ("True", [{"data": [{"x": 1}], "usage": {"n": 1}}]),
    "TRUE, object": ("TRUE", [{"a": 1}]),
    "number-like name": ("1e100", [[{"a": [{"b": 1}]}]]),
    "digit then letters": ("9buys", [{"a": 1}, {"a": None}]),
    "2fa status, two calls": ("2fa status", [{"a": {"b": 1}}]),
    # Lower-casing İ gives i and a combining dot, which the model generator replaced.
    "dotted capital I": ("İp", [[{"a": 1}]]),
    "dotted capital I inside": ("ŜlDŷ1uCvĺ6İğ", [{"a": 1}]),
}


@pytest.mark.parametrize(("name", "samples"), FOUND.values(), ids=list(FOUND))
def test_a_found_spec_builds_into_python_that_compiles(
    tmp_path: Path, name: str, samples: list[Any]
) -> None:
    response = {"samples": [{"inline": sample} for sample in samples]}
    calls = [
        {"name": name, "use_as": "data", "path": "/a", "response": response},
        {"name": "Get thing", "use_as": "data", "path": "/b", "response": response},
    ]
    collection = {"name": name, "base_url": "https://api.example/v1", "calls": calls}
    spec = {"apigen": 1, "package": {"name": "fuzz_sdk"}, "collections": [collection]}
    path = tmp_path / "apigen.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    diagnostics = Diagnostics()
    files = build_files(path, diagnostics)
    assert files is not None, [d.format() for d in diagnostics]
    for file, text in files.items():
        if file.endswith(".py"):
            compile(text, file, "exec")
