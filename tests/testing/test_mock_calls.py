"""What apigen hands the mock for each call: routes, content types, checked parameters, values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigen.diagnostics import Diagnostics
from apigen.mock_calls import route, schema_example
from apigen.pipeline import check_file
from tests.build.helpers import built_example
from tests.e2e.support import build_spec


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        ("https://api.example/v1", "/contacts", "/v1/contacts"),
        ("https://api.example/v1/", "contacts/{id}", "/v1/contacts/{id}"),
        ("https://api.example", "/contacts", "/contacts"),
        ("https://api.example/v1", "", "/v1"),
        ("https://api.example", "", "/"),
    ],
)
def test_route_joins_the_base_path_and_the_call_path_with_one_slash(
    base_url: str, path: str, expected: str
) -> None:
    assert route(base_url, path) == expected


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer"}, 0),
        ({"type": ["null", "number"]}, 0.0),
        ({"type": "string", "format": "date-time"}, "2024-01-01T00:00:00Z"),
        ({"type": "string", "enum": ["b", "a"]}, "b"),
        ({"type": "string", "example": "e"}, "e"),
        ({"examples": [3, 4]}, 3),
        ({"anyOf": [{"type": "boolean"}, {"type": "string"}]}, False),
        (
            {"type": "object", "properties": {"a": {"type": "array"}, "b": {"$ref": "#/$defs/B"}}},
            {"a": [], "b": {"c": "string"}},
        ),
        ({"$ref": "#/nowhere"}, None),
        (
            {"properties": {"name": {"type": "string"}, "parent": {"$ref": "#/$defs/Node"}}},
            {"name": "string", "parent": {"name": "string", "parent": None}},
        ),
        ({"$ref": "https://example.com/schema"}, None),
        ({}, None),
    ],
)
def test_schema_example_fits_the_schema(schema: dict[str, Any], expected: Any) -> None:
    node = {"properties": {"name": {"type": "string"}, "parent": {"$ref": "#/$defs/Node"}}}
    root = {**schema, "$defs": {"B": {"properties": {"c": {"type": "string"}}}, "Node": node}}
    assert schema_example(schema, root) == expected


def test_a_package_without_testing_gets_no_testing_module(tmp_path: Path) -> None:
    spec = {
        "apigen": 1,
        "package": {"name": "plain_sdk"},
        "collections": [{"name": "Plain", "base_url": "https://x.example", "calls": []}],
    }
    files, errors = build_spec(spec, tmp_path)
    assert files is not None and not errors
    assert not [path for path in files if "testing" in path or path.endswith("mock.py")]
    with_testing, _ = build_spec(
        {**spec, "package": {"name": "plain_sdk", "testing": True}}, tmp_path
    )
    assert with_testing is not None
    assert set(with_testing) - set(files) == {
        "plain_sdk/_runtime/mock.py",
        "plain_sdk/_testing_samples.json",
        "plain_sdk/testing.py",
    }
    assert 'CallName = Literal[""]' in with_testing["plain_sdk/testing.py"]


def test_checked_parameters_leave_out_templates_paths_and_private_values() -> None:
    calls = {
        c["name"]: c for c in json.loads(built_example("crm")["acme_sdk/_testing_samples.json"])
    }
    assert calls["add_note"]["required"] == [["body", "text"]]  # form fields are checked
    assert calls["create_contact"]["required"] == []  # a body template places them anywhere
    assert calls["get_contact"]["required"] == []  # routing matches path parameters
    assert calls["list_contacts"]["required"] == []  # X-Acme-Workspace is private


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("samples: [{inline: {}, status: 404}]", "E205"),
        ("error_samples: [{inline: {}, status: 404}]", "E201"),
    ],
)
def test_a_sample_status_is_a_success_status_of_a_sample(
    tmp_path: Path, sample: str, expected: str
) -> None:
    spec = tmp_path / "apigen.yaml"
    spec.write_text(
        "apigen: 1\npackage: {name: x_sdk}\ncollections:\n"
        "  - {name: X, base_url: 'https://x.example', calls: [\n"
        f"      {{name: Get, use_as: data, response: {{{sample}}}}}]}}\n",
        encoding="utf-8",
    )
    diagnostics = Diagnostics()
    check_file(spec, diagnostics)
    assert [(d.code, d.position.line) for d in diagnostics] == [(expected, 5)]


def test_a_schema_may_refer_to_the_collections_schemas(tmp_path: Path) -> None:
    point = {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}
    call = {
        "name": "Get point",
        "use_as": "data",
        "response": {"schema": {"$ref": "#/schemas/Point"}},
    }
    spec = {
        "apigen": 1,
        "package": {"name": "points_sdk", "testing": True},
        "collections": [
            {
                "name": "P",
                "base_url": "https://p.example",
                "schemas": {"Point": point},
                "calls": [call],
            }
        ],
    }
    files, errors = build_spec(spec, tmp_path)
    assert files is not None, errors
    (built,) = json.loads(files["points_sdk/_testing_samples.json"])
    assert built["samples"] == [{"x": 0}]
