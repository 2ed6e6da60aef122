"""ApiModel, the base of generated models: dumps give back exactly what was received."""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from datetime import date, datetime, timezone
from types import ModuleType
from typing import Any
from uuid import UUID

from pydantic import Field

from tests.infer.conftest import RUNTIME_MODELS


def load_runtime_models() -> ModuleType:
    name = "runtime_models_under_test"
    spec = importlib.util.spec_from_file_location(name, RUNTIME_MODELS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves annotations through sys.modules
    spec.loader.exec_module(module)
    return module


ApiModel: Any = load_runtime_models().ApiModel


class Address(ApiModel):  # type: ignore[misc]
    street: str
    zip_code: str | None = Field(None, alias="zip-code")


class Contact(ApiModel):  # type: ignore[misc]
    id: UUID
    first_name: str = Field(..., alias="firstName")
    born: date | None = None
    seen: list[datetime] | None = None
    address: Address | None = None
    addresses: list[Address] | None = None


SAMPLE = {
    "id": "550e8400-e29b-41d4-a716-446655440000",
    "firstName": "Ada",
    "born": "1815-12-10",
    "seen": ["2024-05-01T10:00:00Z", "2024-05-02T11:30:00.250000+02:00"],
    "address": {"street": "Main St"},
    "addresses": [{"street": "a", "zip-code": None}, {"street": "b", "zip-code": "123"}],
}


def test_a_dump_by_alias_gives_the_sample_back() -> None:
    assert Contact.model_validate(SAMPLE).model_dump(by_alias=True) == SAMPLE


def test_a_json_dump_gives_the_sample_back() -> None:
    assert json.loads(Contact.model_validate(SAMPLE).model_dump_json(by_alias=True)) == SAMPLE


def test_attributes_hold_typed_values() -> None:
    contact = Contact.model_validate(SAMPLE)
    assert contact.id == UUID("550e8400-e29b-41d4-a716-446655440000")
    assert contact.born == date(1815, 12, 10)
    assert contact.seen[0] == datetime(2024, 5, 1, 10, tzinfo=timezone.utc)


def test_absent_optional_keys_are_not_dumped_as_null() -> None:
    contact = Contact.model_validate({"id": SAMPLE["id"], "firstName": "Ada"})
    assert contact.born is None
    assert contact.model_dump(by_alias=True) == {"id": SAMPLE["id"], "firstName": "Ada"}
    assert contact.model_dump() == {"id": SAMPLE["id"], "first_name": "Ada"}


def test_a_null_that_was_received_is_dumped() -> None:
    contact = Contact.model_validate({"id": SAMPLE["id"], "firstName": "Ada", "born": None})
    assert contact.model_dump(by_alias=True)["born"] is None


def test_unknown_keys_are_kept_and_dumped() -> None:
    received = {**SAMPLE, "added_later": {"nested": [1, 2]}, "address": {"street": "x", "n": 1}}
    contact = Contact.model_validate(received)
    assert contact.model_extra == {"added_later": {"nested": [1, 2]}}
    assert contact.model_dump(by_alias=True) == received


def test_python_dumps_are_in_wire_form() -> None:
    dumped = Contact.model_validate(SAMPLE).model_dump()
    assert dumped["id"] == SAMPLE["id"]
    assert dumped["born"] == "1815-12-10"
    assert dumped["seen"] == SAMPLE["seen"]
    json.dumps(dumped)  # plain JSON data throughout


def test_models_can_be_built_by_field_name_and_dump_what_was_set() -> None:
    contact = Contact(id=UUID(int=1), first_name="Ada", address=Address(street="x"))
    assert contact.model_dump(by_alias=True) == {
        "id": "00000000-0000-0000-0000-000000000001",
        "firstName": "Ada",
        "address": {"street": "x"},
    }


def test_excluding_and_including_still_work() -> None:
    contact = Contact.model_validate(SAMPLE)
    assert contact.model_dump(by_alias=True, include={"first_name"}) == {"firstName": "Ada"}
    assert "born" not in contact.model_dump(exclude={"born"})


def test_fields_in_pydantics_model_namespace_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class Odd(ApiModel):  # type: ignore[misc]
            model_dump_: int = Field(..., alias="model_dump")

    assert Odd.model_validate({"model_dump": 1}).model_dump(by_alias=True) == {"model_dump": 1}
