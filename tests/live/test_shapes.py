"""Shapes of responses and the drift rules between them."""

from __future__ import annotations

from typing import Any

import pytest

from apigen.live.shapes import diff, field_count, place_text, samples_shape, schema_shape


def _described(shape: dict[Any, Any]) -> dict[str, str]:
    return {place_text(place): found.describe() for place, found in shape.items()}


def test_samples_combine_as_inference_sees_them() -> None:
    shape = samples_shape(
        [
            {"id": 1, "at": "2024-05-01T10:00:00Z", "items": [{"n": 1}], "note": None},
            {"id": 2.5, "at": "2024-05-02T10:00:00Z", "items": [], "extra": "x", "note": None},
        ]
    )

    assert _described(shape) == {
        "(root)": "object",
        "id": "number",
        "at": "string(date-time)",
        "items": "array",
        "items[]": "object",
        "items[].n": "integer",
        "note": "null",
        "extra": "string",
    }
    assert [place_text(p) for p, found in shape.items() if not found.required] == ["extra"]
    assert field_count(shape) == 6


def test_explicit_schemas_follow_local_references_once() -> None:
    schema = {
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": ["string", "null"]},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                    "size": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "link": {"$ref": "https://example.com/other.json"},
                },
            }
        },
    }

    shape = schema_shape(schema)

    assert _described(shape) == {
        "(root)": "object",
        "name": "string | null",
        "children": "array",
        "children[]": "any",
        "size": "integer | string",
        "link": "any",
    }
    assert shape[("name",)].required and not shape[("size",)].required


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"a": 1}, {"a": 1, "b": "x"}, [("b", "added", False)]),
        ({"a": 1, "b": 2}, {"a": 1}, [("b", "removed", True)]),
        ({"a": 1.5}, {"a": 2}, []),  # an integer fits a number
        ({"a": 2}, {"a": 2.5}, [("a", "type changed", True)]),
        ({"a": "x"}, {"a": "2024-05-01T10:00:00Z"}, []),  # a date-time is a string
        ({"a": "2024-05-01T10:00:00Z"}, {"a": "soon"}, [("a", "type changed", True)]),
        ({"a": "x"}, {"a": None}, [("a", "became nullable", True)]),
        ({"a": None}, {"a": 5}, []),  # untyped before: anything fits
        ({"a": []}, {"a": [1]}, [("a[]", "added", False)]),
        ({"a": [{"b": 1}]}, {"a": []}, []),  # no item: nothing to compare
        ({"a": {"b": 1}}, {"a": None}, [("a", "became nullable", True)]),
    ],
)
def test_drift_rules(old: Any, new: Any, expected: list[tuple[str, str, bool]]) -> None:
    changes = diff(samples_shape([old]), samples_shape([new]))

    assert [(place_text(c.place), c.kind, c.breaking) for c in changes] == expected


def test_a_field_missing_from_some_samples_may_be_missing() -> None:
    committed = samples_shape([{"a": 1, "b": 2}, {"a": 1}])

    assert diff(committed, samples_shape([{"a": 3}])) == []
