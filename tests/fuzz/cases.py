"""What the long fuzz feeds apigen: mutated example specs, specs generated from the JSON Schema of
the format, and specs whose inline and file samples are arbitrary JSON.

Every strategy yields a :class:`Case`: the files of one spec folder, written into a fresh folder
before the case runs.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from ruamel.yaml import YAML

from tests.check.test_mutations import node_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/apigen.yaml"))
SCHEMA = ROOT / "schemas" / "apigen.schema.json"

# Strings that have broken parsers, templates, file systems and name conversions before.
HOSTILE_TEXT = [
    "",
    " ",
    '\'"""',
    "\\",
    "\n\r\t",
    "{{ x }}",
    "{% if %}",
    "# comment",
    "class",
    "None",
    "True",
    "Any",
    "2fa status",
    "__init__",
    "self",
    "ß",
    "日本",
    "<b>",
    "{id}",
    "<id>",
    "../../etc/passwd",
    "/etc/passwd",
    "\x00",
    "\u2028",
    "é😀",
    "a" * 300,
    "A" * 5000,
    "https://[api.example/v1",
    "http://",
    "typing",
    "json",
    "_SB\nPATH=x",
    "sk_live_0123456789abcdefghij",
]
HOSTILE_NUMBERS = [
    0,
    -1,
    2**63,
    -(2**64),
    int("9" * 4300),
    1e308,
    float("inf"),
    float("nan"),
    -0.0,
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(HOSTILE_TEXT)
    | st.sampled_from(HOSTILE_NUMBERS)
)
KEYS = st.text(max_size=8) | st.sampled_from(HOSTILE_TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)


@dataclass(frozen=True)
class Case:
    kind: str
    files: dict[str, str]  # path in the spec folder → text; the spec is apigen.yaml

    def write(self, folder: Path) -> Path:
        for name, text in self.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", errors="surrogatepass")
        return folder / "apigen.yaml"


def example_files(spec: Path) -> dict[str, str]:
    """The example's spec, its included files and its samples."""
    folder = spec.parent
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


_EXAMPLES = {spec: example_files(spec) for spec in EXAMPLES}


def _yaml_data(text: str) -> Any:
    return YAML(typ="safe").load(text)


_EXAMPLE_DATA = {spec: _yaml_data(files["apigen.yaml"]) for spec, files in _EXAMPLES.items()}


def _mutate(data: Any, path: tuple[Any, ...], operation: str, value: Any) -> Any:
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
    elif operation == "rename" and isinstance(parent, dict) and isinstance(value, str):
        parent[value] = parent.pop(last)
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    return data


def _dump(data: Any) -> str:
    """JSON is YAML (but for what YAML cannot hold: NUL, lone surrogates: errors to report)."""
    return json.dumps(data, indent=1, ensure_ascii=False)


@st.composite
def data_mutations(draw: st.DrawFn) -> Case:
    """An example spec with one to three values dropped, retyped, renamed or duplicated."""
    spec = draw(st.sampled_from(EXAMPLES))
    data = copy.deepcopy(_EXAMPLE_DATA[spec])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(node_paths(data)))
        operation = draw(st.sampled_from(["drop", "retype", "rename", "duplicate"]))
        value = draw(JSON_VALUES)
        data = _mutate(data, path, operation, value)
    return Case("check:data", {**_EXAMPLES[spec], "apigen.yaml": _dump(data)})


@st.composite
def text_mutations(draw: st.DrawFn) -> Case:
    """An example spec with lines duplicated, dropped, garbled or extended."""
    spec = draw(st.sampled_from(EXAMPLES))
    lines = _EXAMPLES[spec]["apigen.yaml"].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["duplicate", "drop", "garble", "hostile", "indent"]))
        if operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "drop" and len(lines) > 1:
            del lines[index]
        elif operation == "garble":
            position = draw(st.integers(0, max(len(lines[index]) - 1, 0)))
            char = draw(st.sampled_from(list(":-{}[]&*!|>'\"%@`#\t ,?<=~")))
            lines[index] = lines[index][:position] + char + lines[index][position:]
        elif operation == "hostile":
            hostile = draw(st.sampled_from(HOSTILE_TEXT))
            lines[index] = lines[index].rstrip("\n") + " " + json.dumps(hostile) + "\n"
        else:
            lines[index] = "  " + lines[index]
    return Case("check:text", {**_EXAMPLES[spec], "apigen.yaml": "".join(lines)})


def schema_specs() -> st.SearchStrategy[Case]:
    """Specs generated from schemas/apigen.schema.json: right in shape, arbitrary in value.

    (hypothesis-jsonschema would do this, but its releases do not run on current Hypothesis.)
    """
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return st.tuples(_from_schema(schema, schema["$defs"], 0), st.booleans()).map(_schema_case)


def _schema_case(drawn: tuple[dict[str, Any], bool]) -> Case:
    data, usable_name = drawn
    if usable_name:  # half of the specs get past the package name to the rules behind it
        data["package"]["name"] = "fuzz_sdk"
    return Case("check:schema", {"apigen.yaml": _dump(data)})


_STRINGS = st.text(max_size=20) | st.sampled_from(HOSTILE_TEXT) | st.just("https://api.example/v1")


def _from_schema(node: dict[str, Any], defs: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    """Values of the subset of JSON Schema that pydantic writes for the spec models."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: _from_schema(defs[name], defs, depth + 1))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return st.one_of([_from_schema(option, defs, depth) for option in node[key]])
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return _object(node, defs, depth)
    if kind == "array":
        items = _from_schema(node.get("items", {}), defs, depth + 1)
        return st.lists(items, max_size=0 if depth > 6 else 3)
    simple = {
        "string": _STRINGS,
        "integer": st.integers(-5, 30) | st.sampled_from([0, -1, 2**63]),
        "number": st.floats() | st.integers(-5, 30),
        "boolean": st.booleans(),
        "null": st.none(),
    }
    return simple.get(kind, JSON_VALUES) if isinstance(kind, str) else JSON_VALUES


@st.composite
def _object(draw: st.DrawFn, node: dict[str, Any], defs: dict[str, Any], depth: int) -> Any:
    properties = node.get("properties", {})
    required = set(node.get("required", []))
    result: dict[str, Any] = {}
    for key, value_schema in properties.items():
        if key in required or (depth < 7 and draw(st.booleans())):
            result[key] = draw(_from_schema(value_schema, defs, depth + 1))
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and depth < 7:
        for key in draw(st.lists(st.text(max_size=8) | st.sampled_from(HOSTILE_TEXT), max_size=2)):
            result[key] = draw(_from_schema(extra, defs, depth + 1))
    return result


# Build cases: specs that usually pass the check, so that inference, rendering and formatting run.

CALL_NAMES = st.sampled_from(["Get thing", "List things", "None", "2fa status", "ß", "class"]) | (
    st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=12)
)


# Characters YAML cannot hold (JSON escapes of C0 controls but tab and line breaks, DEL, C1, lone
# surrogates, U+FFFE/F): such values can only be samples in JSON files.
_NOT_YAML = re.compile("\\\\u00[01][0-9a-fA-F]|\\\\u007f|[\x80-\x9f\ud800-\udfff\ufffe\uffff]")


@st.composite
def sample_specs(draw: st.DrawFn) -> Case:
    """A small spec whose calls' samples (inline and in files) are arbitrary JSON."""
    files: dict[str, str] = {}
    calls = []
    for number in range(draw(st.integers(1, 3))):
        samples: list[dict[str, Any]] = []
        for sample_number in range(draw(st.integers(1, 3))):
            value = draw(JSON_VALUES)
            if draw(st.booleans()) or _NOT_YAML.search(_dump(value)):
                name = f"samples/call_{number}_{sample_number}.json"
                files[name] = json.dumps(value)
                samples.append({"file": name})
            else:
                samples.append({"inline": value})
        calls.append(
            {
                "name": draw(CALL_NAMES),
                "use_as": "data",
                "path": f"/things/{number}",
                "response": {"samples": samples},
            }
        )
    spec = {
        "apigen": 1,
        "package": {"name": "fuzz_sdk"},
        "collections": [
            {"name": draw(CALL_NAMES), "base_url": "https://api.example/v1", "calls": calls}
        ],
    }
    return Case("build:samples", {**files, "apigen.yaml": _dump(spec)})


_FREE_TEXT_KEYS = frozenset({"name", "description", "example", "default", "version", "prefix"})


@st.composite
def value_mutations(draw: st.DrawFn) -> Case:
    """An example spec with some text values (names, descriptions, examples) made hostile."""
    spec = draw(st.sampled_from(EXAMPLES))
    data = copy.deepcopy(_EXAMPLE_DATA[spec])
    texts = [
        path
        for path in node_paths(data)
        if path and path[-1] in _FREE_TEXT_KEYS and isinstance(_at(data, path), str)
    ]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(texts))
        data = _mutate(data, path, "retype", draw(st.sampled_from(HOSTILE_TEXT) | st.text()))
    return Case("build:values", {**_EXAMPLES[spec], "apigen.yaml": _dump(data)})


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def check_cases() -> st.SearchStrategy[Case]:
    return st.one_of(data_mutations(), text_mutations(), schema_specs())


def build_cases() -> st.SearchStrategy[Case]:
    return st.one_of(sample_specs(), value_mutations())
