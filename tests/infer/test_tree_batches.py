"""The place tree takes each place's values as one batch; it must read as one value at a time.

:func:`reference_tree` is the rule written plainly (every value visited, depth first); the batch
walk of :class:`~apigen.infer.tree.Place` must give the same schema, untyped places and maps for
any samples, and for samples shaped like real API responses.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from apigen.infer.schema import InferredSchema, build_tree, narrow_formats, tree_schema
from apigen.infer.tree import MAP_KEY_LIMIT, Key, Place, json_type


def reference_add(place: Place, value: Any, sample: int) -> None:
    """One value at a time, depth first: the specification of :meth:`Place.add`."""
    place.seen.setdefault(json_type(value), sample)
    if isinstance(value, str):
        place.formats = narrow_formats(value, place.formats)
        place.add_text(value)
    elif isinstance(value, list):
        for item in value:
            place.items = place.items or Place()
            reference_add(place.items, item, sample)
    elif isinstance(value, dict):
        place.objects += 1
        if len(place.keys.keys() | value.keys()) > MAP_KEY_LIMIT:
            place.collapse()
        for key, item in value.items():
            if place.collapsed:
                assert place.values is not None
                reference_add(place.values, item, sample)
                continue
            entry = place.keys.setdefault(key, Key(Place()))
            entry.count += 1
            reference_add(entry.place, item, sample)


def reference_tree(samples: list[Any]) -> Place:
    root = Place()
    for index, sample in enumerate(samples):
        reference_add(root, sample, index)
    return root


def assert_same_inference(samples: list[Any]) -> InferredSchema:
    found = tree_schema(build_tree(samples))
    expected = tree_schema(reference_tree(samples))
    assert found == expected
    assert list(found.schema.get("properties", {})) == list(expected.schema.get("properties", {}))
    return found


KEYS = st.sampled_from(["id", "object", "amount", "metadata", "data", "cus_123", "a.b", "Straße"])
STRINGS = st.sampled_from(
    ["2024-05-01T10:00:00Z", "2024-05-01", "550e8400-e29b-41d4-a716-446655440000", "a@b.co", "x"]
) | st.text(max_size=3)
SCALARS = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(-1e9, 1e9) | STRINGS
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(samples=st.lists(JSON, min_size=1, max_size=3))
def test_batches_infer_what_one_value_at_a_time_infers(samples: list[Any]) -> None:
    assert_same_inference(samples)


def charge(number: int, **changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": f"ch_{number:08d}",
        "object": "charge",
        "amount": 1000 + number,
        "created": "2024-05-01T10:00:00Z",
        "metadata": {f"order_{number}": str(number)},
        "refunds": {"object": "list", "data": []},
    }
    return {**found, **changes}


def test_map_keys_that_change_from_object_to_object_are_one_map() -> None:
    found = assert_same_inference([[charge(n) for n in range(50)]])
    metadata = found.schema["items"]["properties"]["metadata"]
    assert metadata == {"type": "object", "additionalProperties": {"type": "string"}}


def test_an_integer_field_that_is_a_float_in_a_later_object_widens_to_number() -> None:
    found = assert_same_inference([[charge(1), charge(2, amount=12.5), charge(3)]])
    assert found.schema["items"]["properties"]["amount"] == {"type": "number"}


def test_a_field_null_in_some_objects_is_nullable_and_keeps_its_format() -> None:
    found = assert_same_inference([[charge(1), charge(2, created=None)]])
    assert found.schema["items"]["properties"]["created"] == {
        "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]
    }


def test_nested_arrays_of_objects_with_varying_keys_keep_first_appearance_order() -> None:
    refunds = [
        {"object": "list", "data": [{"id": "re_1", "amount": 5}]},
        {"object": "list", "data": [{"reason": "duplicate", "id": "re_2"}, {"status": "ok"}]},
        {"object": "list", "data": [[{"deep": 1}], {"amount": 2.5, "extra": None}]},
    ]
    samples = [[charge(n, refunds=refund) for n, refund in enumerate(refunds)]]
    found = assert_same_inference(samples)
    items = found.schema["items"]["properties"]["refunds"]["properties"]["data"]["items"]
    objects = next(member for member in items["anyOf"] if member.get("type") == "object")
    assert list(objects["properties"]) == ["id", "amount", "reason", "status", "extra"]


def test_a_place_past_the_key_limit_takes_the_values_of_the_objects_before_it_too() -> None:
    half = MAP_KEY_LIMIT // 2 + 1
    first = {f"key_{i}": i for i in range(half)}
    second = {f"other_{i}": f"text {i}" for i in range(half)}
    found = assert_same_inference([[first, second]])
    assert found.schema["items"]["additionalProperties"] == {
        "anyOf": [{"type": "integer"}, {"type": "string"}]
    }


def test_a_place_past_the_key_limit_in_a_later_sample_keeps_what_earlier_samples_showed() -> None:
    half = MAP_KEY_LIMIT // 2 + 1
    first = {"prices": {f"price_{i}": i for i in range(half)}}
    second = {"prices": {f"plan_{i}": None for i in range(half)}}
    third = {"prices": {"price_1": 2.5}}
    found = assert_same_inference([first, second, third])
    assert found.schema["properties"]["prices"] == {
        "type": "object",
        "additionalProperties": {"anyOf": [{"type": "number"}, {"type": "null"}]},
    }


def test_a_root_object_and_a_root_scalar_are_read_like_any_place() -> None:
    assert_same_inference([charge(1), charge(2, amount=None)])
    assert assert_same_inference([3, 4.5]).schema == {"type": "number"}
    assert assert_same_inference(["2024-05-01", "2024-05-02"]).schema == {
        "type": "string",
        "format": "date",
    }


def test_subclasses_of_json_types_are_read_as_those_types() -> None:
    class Text(str):
        pass

    assert assert_same_inference([[Text("a"), "b", True, 1]]).schema == {
        "type": "array",
        "items": {"anyOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "string"}]},
    }
