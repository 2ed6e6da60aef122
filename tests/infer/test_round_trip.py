"""The contract: generated models accept every sample and dump it back exactly (by alias)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from apigen.infer import CallSamples
from tests.infer.conftest import Loaded, call
from tests.infer.samples import CONTACTS, EVENTS, MIXED, ODD_KEYS


def assert_round_trip(loaded: Loaded, call_key: str, samples: list[Any]) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(loaded.return_type(call_key))
    for sample in samples:
        value = adapter.validate_python(sample)
        assert adapter.dump_python(value, by_alias=True) == sample
        assert json.loads(adapter.dump_json(value, by_alias=True)) == sample


def test_every_sample_round_trips(load_models: Callable[..., Loaded]) -> None:
    loaded = load_models(
        call("list_contacts", *CONTACTS),
        call("get_odd", *ODD_KEYS),
        call("list_events", *EVENTS),
        call("get_mixed", *MIXED),
        call("get_count", 3, 4.5),
        call("get_nothing", None),
    )
    assert_round_trip(loaded, "list_contacts", CONTACTS)
    assert_round_trip(loaded, "get_odd", ODD_KEYS)
    assert_round_trip(loaded, "list_events", EVENTS)
    assert_round_trip(loaded, "get_mixed", MIXED)
    assert_round_trip(loaded, "get_count", [3, 4.5])
    assert_round_trip(loaded, "get_nothing", [None])


def test_a_model_validates_and_dumps_its_sample(load_models: Callable[..., Loaded]) -> None:
    loaded = load_models(call("get_odd", *ODD_KEYS))
    model = loaded.model("GetOddResponse")
    for sample in ODD_KEYS:
        assert model.model_validate(sample).model_dump(by_alias=True) == sample


def test_formats_become_typed_attributes(load_models: Callable[..., Loaded]) -> None:
    loaded = load_models(call("list_contacts", *CONTACTS))
    contact = loaded.model("ListContactsResponse").model_validate(CONTACTS[0]).contacts[0]
    assert isinstance(contact.id, UUID)
    assert isinstance(contact.created_at, datetime)
    assert isinstance(contact.born, date)
    assert contact.email == "ada@example.com"
    assert contact.site == "https://ada.example.com"


def test_a_value_that_would_not_round_trip_stays_a_string(
    load_models: Callable[..., Loaded],
) -> None:
    loaded = load_models(call("list_events", *EVENTS))
    event = loaded.model("ListEventsItem").model_validate(EVENTS[0][0])
    assert event.at == "2024-05-01T10:00:00+00:00"


def test_fields_are_named_by_the_naming_rule_with_wire_aliases(
    load_models: Callable[..., Loaded],
) -> None:
    fields = load_models(call("get_odd", *ODD_KEYS)).model("GetOddResponse").model_fields
    aliases = {name: field.alias for name, field in fields.items()}
    assert aliases == {
        "first_name_": "first-name",
        "first_name_2": "firstName",
        "first_name": None,
        "class_": "class",
        "n2fa": "2fa",
        "ref": "$ref",
        "json_": "json",
        "model_config_": "model_config",
        "value": "",
        "naïve": None,  # letters of any script are kept
        "a_b": "a.b",
        "it_s": "it's",
    }


def test_required_and_optional_follow_the_samples(load_models: Callable[..., Loaded]) -> None:
    fields = load_models(call("get_odd", *ODD_KEYS)).model("GetOddResponse").model_fields
    required = {name for name, field in fields.items() if field.is_required()}
    assert required == {"first_name_2", "class_", "n2fa", "ref", "json_", "model_config_"}


def test_models_keep_keys_the_api_adds_later(load_models: Callable[..., Loaded]) -> None:
    loaded = load_models(call("list_contacts", *CONTACTS))
    newer = {"contacts": [{**CONTACTS[0]["contacts"][1], "nickname": "b"}], "next": None, "n": 2}
    model = loaded.model("ListContactsResponse")
    assert model.model_validate(newer).model_dump(by_alias=True) == newer


def test_models_can_be_built_by_field_name(load_models: Callable[..., Loaded]) -> None:
    loaded = load_models(call("get_odd", *ODD_KEYS))
    built = loaded.model("GetOddResponse")(
        first_name_2="C.", class_="x", n2fa=True, ref="r", json_={}, model_config_=3
    )
    assert built.model_dump(by_alias=True) == {
        "firstName": "C.",
        "class": "x",
        "2fa": True,
        "$ref": "r",
        "json": {},
        "model_config": 3,
    }


KEYS = st.sampled_from(
    [
        *("id", "name", "first-name", "firstName", "first_name", "class", "", "2x", "metadata"),
        *("a.b", "cus_123", "+1", "-1", "Straße", "object"),  # data keys: maps, signs, letters
    ]
)
STRINGS = st.sampled_from(
    ["2024-05-01T10:00:00Z", "2024-05-01", "550e8400-e29b-41d4-a716-446655440000", "a@b.co"]
) | st.text(max_size=5)
# Integers stay within +-2**53 (RFC 8259's interoperable range): beyond it, an integer mixed with
# floats at one place cannot round-trip through the float that "number" becomes.
INTEGERS = st.integers(min_value=-(2**53), max_value=2**53)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.none() | st.booleans() | INTEGERS | FLOATS | STRINGS
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)


PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure found once stays found
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(samples=st.lists(JSON, min_size=1, max_size=3))
def test_any_json_samples_round_trip(
    load_models: Callable[..., Loaded], samples: list[Any]
) -> None:
    assert_round_trip(load_models(call("get_thing", *samples)), "get_thing", samples)


OBJECTS = st.dictionaries(KEYS, JSON, min_size=1, max_size=5)


@settings(PROPERTY_SETTINGS, max_examples=50)  # three calls per example: slower
@given(
    created=st.lists(OBJECTS, min_size=1, max_size=2),
    fetched=st.lists(OBJECTS, min_size=1, max_size=2),
    listed=st.lists(OBJECTS, max_size=3),
)
def test_samples_of_calls_sharing_a_resource_round_trip(
    load_models: Callable[..., Loaded],
    created: list[Any],
    fetched: list[Any],
    listed: list[Any],
) -> None:
    envelope = {"data": listed, "has_more": False}
    loaded = load_models(
        resource_call("create_thing", "/things", created),
        resource_call("get_thing", "/things/{id}", fetched),
        resource_call("list_things", "/things", [envelope]),
    )
    assert_round_trip(loaded, "create_thing", created)
    assert_round_trip(loaded, "get_thing", fetched)
    assert_round_trip(loaded, "list_things", [envelope])


def resource_call(key: str, path: str, samples: list[Any]) -> CallSamples:
    return replace(call(key, *samples), path=path)
