"""The map rule: which objects are ``dict[str, V]``, why, and what V is."""

from __future__ import annotations

from typing import Any

import pytest

from apigen.infer.maps import is_data_key
from apigen.infer.schema import infer_schema
from apigen.infer.tree import MAP_KEY_LIMIT


def schema_at(key: str, *values: Any) -> dict[str, Any]:
    schema: dict[str, Any] = infer_schema([{key: value} for value in values]).schema
    return dict(schema["properties"][key])


def reasons(*samples: Any) -> list[str]:
    return [place.reason for place in infer_schema(samples).maps]


@pytest.mark.parametrize(
    "key",
    [
        "hello_world.rb",
        "self-harm/intent",
        "a b",
        "2024-05-01",
        "123",
        "cus_123",
        "ch_3MmlLrLkdIwHu7ix0",
        "0b7b2f6c-54d9-4b37-8e52-a8f0a1a53a44",
        "+1",
        "$ref",
        "@type",
    ],
)
def test_data_keys(key: str) -> None:
    assert is_data_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "id",
        "first_name",
        "firstName",
        "lead-source",
        "_links",
        "address_line1",
        "line_1",
        "straße",
        "名前",
        "sha256",
    ],
)
def test_name_keys(key: str) -> None:
    assert not is_data_key(key)


def test_file_name_keys_make_a_map_of_one_value_model() -> None:
    files = {"a.rb": {"size": 1}, "README.md": {"size": 2, "type": "text"}}
    schema = schema_at("files", files)
    assert schema["type"] == "object"
    values = schema["additionalProperties"]
    assert values["properties"] == {"size": {"type": "integer"}, "type": {"type": "string"}}
    assert values["required"] == ["size"]  # V is inferred from every value together


def test_a_conventional_map_name_with_values_of_one_type_is_a_map() -> None:
    schema = schema_at("metadata", {"order_id": "6735"})
    assert schema == {"type": "object", "additionalProperties": {"type": "string"}}


def test_keys_that_change_between_samples_make_a_map() -> None:
    assert reasons({"prices": {"usd": 1}}, {"prices": {"eur": 2}}) == [
        "its keys change between samples (`usd`, `eur`)"
    ]


def test_many_keys_of_one_type_make_a_map() -> None:
    counts = {f"word{i}x": i for i in range(16)}
    assert schema_at("counts", counts)["additionalProperties"] == {"type": "integer"}


def test_integers_and_floats_among_map_values_give_float() -> None:
    schema = schema_at("scores", {"hate": 0, "self-harm/intent": 0.5})
    assert schema["additionalProperties"] == {"type": "number"}


@pytest.mark.parametrize(
    "value",
    [
        {"line1": "a", "city": "b", "country": "c"},  # all strings, but few fixed names
        {"@odata.context": "x", "value": [1]},  # a data key, but values of different types
        {"metadata_id": 1},  # not a conventional name
    ],
)
def test_objects_of_names_stay_models(value: dict[str, Any]) -> None:
    assert "properties" in schema_at("thing", value, value)


def test_metadata_of_mixed_value_types_stays_a_model() -> None:
    assert "properties" in schema_at("metadata", {"a": 1, "b": "x"})


def test_a_root_whose_keys_change_stays_a_model() -> None:
    assert "properties" in infer_schema([{"a": [1]}, {"d": [2]}]).schema


def test_past_the_key_limit_a_place_is_a_map_and_keeps_no_place_per_key() -> None:
    sample = {f"key_{i}": i for i in range(MAP_KEY_LIMIT + 1)}
    found = infer_schema([sample, {"other": 1.5}])
    assert found.schema == {"type": "object", "additionalProperties": {"type": "number"}}
    assert [place.reason for place in found.maps] == ["more than a thousand keys"]
