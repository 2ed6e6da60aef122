"""Inference of one JSON Schema from all samples of a call: one rule per test."""

from __future__ import annotations

from typing import Any

import pytest

from apigen.infer.schema import Untyped, infer_schema, string_formats


def schema_of(*samples: Any) -> dict[str, Any]:
    return infer_schema(samples).schema


def property_of(key: str, *values: Any) -> dict[str, Any]:
    """The schema of ``key`` when each sample is ``{key: value}``."""
    schema: dict[str, Any] = schema_of(*({key: value} for value in values))["properties"][key]
    return schema


def test_a_key_in_every_sample_is_required() -> None:
    schema = schema_of({"id": 1, "name": "a"}, {"id": 2})
    assert schema["required"] == ["id"]


def test_a_key_in_no_sample_but_one_is_optional() -> None:
    schema = schema_of({"id": 1}, {"id": 2, "nick": "n"})
    assert schema["properties"]["nick"] == {"type": "string"}
    assert schema["required"] == ["id"]


def test_an_object_without_required_keys_has_no_required_list() -> None:
    assert "required" not in schema_of({"a": 1}, {"b": 2})


def test_required_is_sorted_and_properties_keep_first_appearance_order() -> None:
    schema = schema_of({"zeta": 1, "alpha": 2}, {"alpha": 3, "mid": 4, "zeta": 5})
    assert list(schema["properties"]) == ["zeta", "alpha", "mid"]
    assert schema["required"] == ["alpha", "zeta"]


def test_objects_in_arrays_merge_across_items_and_samples() -> None:
    schema = schema_of({"items": [{"id": 1, "a": 1}, {"id": 2}]}, {"items": [{"id": 3, "b": "x"}]})
    items = schema["properties"]["items"]["items"]
    assert list(items["properties"]) == ["id", "a", "b"]
    assert items["required"] == ["id"]


def test_a_key_seen_with_null_is_nullable() -> None:
    assert property_of("phone", "123", None) == {"anyOf": [{"type": "string"}, {"type": "null"}]}


def test_a_nullable_key_present_everywhere_stays_required() -> None:
    schema = schema_of({"phone": None}, {"phone": "1"})
    assert schema["required"] == ["phone"]


def test_integers_and_floats_widen_to_number() -> None:
    assert property_of("n", 1, 2.5) == {"type": "number"}


def test_integers_alone_stay_integer() -> None:
    assert property_of("n", 1, 2) == {"type": "integer"}


def test_booleans_do_not_widen_into_integers() -> None:
    assert property_of("n", True, 1) == {"anyOf": [{"type": "boolean"}, {"type": "integer"}]}


def test_other_mixed_types_become_a_union() -> None:
    union = property_of("v", "a", 1, [1], {"k": 1}, None)["anyOf"]
    assert [member["type"] for member in union] == ["integer", "string", "array", "object", "null"]


def test_an_empty_array_is_untyped() -> None:
    found = infer_schema([{"tags": []}])
    assert found.schema["properties"]["tags"] == {"type": "array"}
    assert found.untyped == (Untyped("tags", "empty array", 0),)


def test_an_array_empty_in_one_sample_takes_its_items_from_another() -> None:
    found = infer_schema([{"tags": []}, {"tags": ["a"]}])
    assert found.schema["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    assert found.untyped == ()


def test_a_lone_null_is_untyped() -> None:
    found = infer_schema([{"phone": None}, {"phone": None}])
    assert found.schema["properties"]["phone"] == {}
    assert found.untyped == (Untyped("phone", "null", 0),)


def test_an_always_empty_object_is_untyped() -> None:
    found = infer_schema([{"meta": {}}])
    assert found.schema["properties"]["meta"] == {"type": "object"}
    assert found.untyped == (Untyped("meta", "empty object", 0),)


def test_untyped_places_name_their_path_and_the_first_sample_showing_them() -> None:
    found = infer_schema([{"a": [{"b": None}]}, {"a": [{"b": None, "c": []}]}, {"d": []}])
    assert found.untyped == (
        Untyped("a[].b", "null", 0),
        Untyped("a[].c", "empty array", 1),
        Untyped("d", "empty array", 2),
    )


def test_an_untyped_place_points_at_the_sample_with_the_empty_value_not_the_null() -> None:
    found = infer_schema([{"tags": None}, {"tags": []}])
    assert found.untyped == (Untyped("tags", "empty array", 1),)


def test_items_of_only_nulls_are_untyped() -> None:
    found = infer_schema([[None]])
    assert found.schema == {"type": "array", "items": {}}
    assert found.untyped == (Untyped("[]", "null", 0),)


def test_nested_arrays_keep_their_depth() -> None:
    assert property_of("grid", [[1, 2], [3]]) == {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer"}},
    }


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (3, {"type": "integer"}),
        ("x", {"type": "string"}),
        (True, {"type": "boolean"}),
        ([1, 2.0], {"type": "array", "items": {"type": "number"}}),
    ],
)
def test_a_primitive_root_keeps_its_type(sample: Any, expected: dict[str, Any]) -> None:
    assert schema_of(sample) == expected


def test_no_samples_give_an_untyped_schema_without_untyped_places() -> None:
    assert infer_schema([]) == infer_schema(())
    assert infer_schema([]).schema == {}
    assert infer_schema([]).untyped == ()


def test_values_that_are_not_json_are_refused() -> None:
    with pytest.raises(TypeError, match="not a JSON value: set"):
        infer_schema([{"a": {1}}])


@pytest.mark.parametrize(
    ("values", "format_name"),
    [
        (["2024-05-01T10:00:00Z", "2023-12-31T23:59:59-05:00"], "date-time"),
        (["2024-05-01T10:00:00.123456Z"], "date-time"),
        (["2024-05-01", "1999-12-31"], "date"),
        (["550e8400-e29b-41d4-a716-446655440000"], "uuid"),
        (["ada@example.com", "b.c+tag@mail.example.org"], "email"),
        (["https://example.com/a?b=c", "ftp://files.example.com"], "uri"),
    ],
)
def test_a_format_matched_by_every_value_is_kept(values: list[str], format_name: str) -> None:
    assert property_of("v", *values) == {"type": "string", "format": format_name}


@pytest.mark.parametrize(
    "values",
    [
        ["2024-05-01T10:00:00Z", "yesterday"],  # one value does not match
        ["2024-05-01", "2024-05-01T10:00:00Z"],  # two different formats
        ["2024-05-01T10:00:00+00:00"],  # parses, but its JSON form is ...Z: would not round-trip
        ["2024-05-01T10:00:00.123Z"],  # JSON form has microseconds: .123000Z
        ["2024-05-01T10:00:00"],  # no offset: not RFC 3339
        ["2024-02-30"],  # not a date
        ["550E8400-E29B-41D4-A716-446655440000"],  # JSON form is lower case
        ["mailto:ada@example.com"],  # no authority: neither
    ],
)
def test_a_format_needs_every_value_to_match_and_round_trip(values: list[str]) -> None:
    assert "format" not in property_of("v", *values)


def test_a_uri_with_user_info_is_only_a_uri() -> None:
    assert string_formats("http://user@example.com") == {"uri"}


def test_strings_mixed_with_nulls_keep_their_format() -> None:
    assert property_of("v", "2024-05-01", None) == {
        "anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]
    }
