"""Mutated specs produce the project's own diagnostics, never another exception.

Mutations work on the data of the bundled examples (drop, retype and misspell keys, hostile
strings) and on their text (duplicate, drop and garble lines).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML

from apigen.diagnostics import Diagnostics
from apigen.pipeline import check_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SPECS = sorted(EXAMPLES.glob("*/apigen.yaml"))
HOSTILE = [
    "",
    " ",
    '\'"""',
    "\\",
    "\n\r\t",
    "{{ x }}",
    "{% if %}",
    "# comment",
    "class",
    "<b>",
    "{id}",
    "../../etc/passwd",
    "/etc/passwd",
    "\x00",
    "é😀",
    "a" * 5000,
    "sk_live_0123456789abcdefghij",
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(HOSTILE),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(HOSTILE), inner, max_size=3),
    max_leaves=6,
)


def _load(spec: Path) -> Any:
    return YAML(typ="safe").load(spec.read_text(encoding="utf-8"))


def node_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every node of a JSON-like tree, the root first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += node_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += node_paths(value, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], operation: str, value: Any, typo: str) -> Any:
    data = copy.deepcopy(data)
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if operation == "drop":
        del parent[last]
    elif operation == "retype":
        parent[last] = value
    elif operation == "misspell" and isinstance(parent, dict):
        parent[str(last)[:-1] + typo] = parent.pop(last)
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    return data


def _check_text(tmp_path: Path, source: Path, text: str) -> Diagnostics:
    target = tmp_path / source.parent.name / "apigen.yaml"
    target.parent.mkdir(exist_ok=True)
    samples = target.parent / "samples"
    if not samples.exists():
        shutil.copytree(source.parent / "samples", samples)
    for included in source.parent.glob("*.yaml"):
        if included.name != "apigen.yaml" and not (target.parent / included.name).exists():
            (target.parent / included.name).write_text(included.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    check_file(target, diagnostics)  # any exception fails the test
    for item in diagnostics:
        assert item.position.line >= 1 and item.position.column >= 1
    return diagnostics


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(data=st.data())
def test_data_mutations_give_diagnostics_only(tmp_path: Path, data: st.DataObject) -> None:
    spec = data.draw(st.sampled_from(SPECS))
    original = _load(spec)
    path = data.draw(st.sampled_from(node_paths(original)))
    operation = data.draw(st.sampled_from(["drop", "retype", "misspell", "duplicate"]))
    value = data.draw(JSON_VALUES)
    typo = data.draw(st.sampled_from(["x", "_", "E", ""]))
    mutated = _mutate(original, path, operation, value, typo)
    _check_text(tmp_path, spec, json.dumps(mutated, indent=1))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(data=st.data())
def test_text_mutations_give_diagnostics_only(tmp_path: Path, data: st.DataObject) -> None:
    spec = data.draw(st.sampled_from(SPECS))
    lines = spec.read_text(encoding="utf-8").splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    operation = data.draw(st.sampled_from(["duplicate", "drop", "garble", "hostile"]))
    if operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "drop":
        del lines[index]
    elif operation == "garble":
        position = data.draw(st.integers(0, max(len(lines[index]) - 1, 0)))
        char = data.draw(st.sampled_from(list(":-{}[]&*!|>'\"%@`#\t ")))
        lines[index] = lines[index][:position] + char + lines[index][position:]
    else:
        hostile = data.draw(st.sampled_from(HOSTILE))
        lines[index] = lines[index].rstrip("\n") + " " + json.dumps(hostile) + "\n"
    _check_text(tmp_path, spec, "".join(lines))


# Mutations that once crashed the check; each stays a case of its own. Values are JSON text.
FOUND = {
    "unclosed IPv6 bracket in a base URL": ("base_url", '"https://[api.example/v1"'),
    "integer past Python's digit limit": ("version", "9" * 5000),
    "line break in an env_suffix": ("env_suffix", '"_SB\\nPATH=x"'),
}
_MARKER = "<found value>"


@pytest.mark.parametrize(("key", "value"), FOUND.values(), ids=list(FOUND))
def test_mutations_found_once_give_diagnostics_only(tmp_path: Path, key: str, value: str) -> None:
    mutated = 0
    for spec in SPECS:
        data = _load(spec)
        paths = [path for path in node_paths(data) if path and path[-1] == key]
        for path in paths:
            data = _mutate(data, path, "retype", _MARKER, "")
        if paths:
            text = json.dumps(data, indent=1).replace(json.dumps(_MARKER), value)
            assert _check_text(tmp_path, spec, text).has_errors
            mutated += 1
    assert mutated
