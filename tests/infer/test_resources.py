"""One model per resource, hints, and numbers across calls: what a collection's models are named."""

from __future__ import annotations

from typing import Any

from apigen.diagnostics import Position
from apigen.infer import CallSamples

from .conftest import HEADER, infer, sample_position

CUSTOMER = {"id": "cus_1", "object": "customer", "email": "a@example.com", "balance": 0}


def rcall(key: str, path: str, *samples: Any, **hints: Any) -> CallSamples:
    positions = tuple(sample_position(index) for index in range(len(samples)))
    type_name = "".join(word.title() for word in key.split("_"))
    return CallSamples(key, type_name, samples, positions, path=path, **hints)


def test_calls_on_one_resource_path_return_one_model_named_after_it() -> None:
    found = infer(
        rcall("create_customer", "/customers", CUSTOMER),
        rcall("get_customer", "/customers/{id}", {**CUSTOMER, "name": "Jenny"}),
        rcall("list_customers", "/customers", {"object": "list", "data": [CUSTOMER]}),
    )
    assert found.calls["create_customer"].annotation == "Customer"
    assert found.calls["get_customer"].annotation == "Customer"
    assert found.calls["list_customers"].annotation == "ListCustomersResponse"
    assert "class Customer(" in found.source and "name: str | None = None" in found.source
    assert found.named["Customer"] == ("create_customer", "get_customer", "list_customers")


def test_the_path_names_a_resource_without_an_object_field() -> None:
    contact = {"id": "c_1", "email": "a@example.com"}
    found = infer(
        rcall("get_contact", "/contacts/{id}", contact),
        rcall("archive_contact", "/contacts/{id}/archive", contact),
        rcall("list_contacts", "/contacts", [contact]),
    )
    assert {call.annotation for call in found.calls.values()} == {"Contact", "list[Contact]"}


def test_an_incompatible_shape_keeps_its_call_name() -> None:
    found = infer(
        rcall("get_customer", "/customers/{id}", CUSTOMER),
        rcall("delete_customer", "/customers/{id}", {"id": "cus_1", "deleted": True}),
    )
    assert found.calls["delete_customer"].annotation == "DeleteCustomerResponse"


def test_a_resource_never_takes_a_name_the_package_exports() -> None:
    found = infer(rcall("check_result", "/results", {"id": 1, "ok": True}), reserved=["Result"])
    assert found.calls["check_result"].annotation == "CheckResultResult"


def test_objects_under_a_key_named_after_a_resource_join_it() -> None:
    label = {"id": 1, "name": "bug", "color": "f29513"}
    found = infer(
        rcall("list_labels", "/labels", [label]),
        rcall("get_issue", "/issues/{n}", {"id": 9, "labels": [{**label, "default": True}]}),
    )
    assert "labels: list[Label]" in found.source
    assert "default: bool | None = None" in found.source


def test_shapes_differing_only_in_int_and_float_are_one_model() -> None:
    found = infer(rcall("get_prices", "", {"low": {"amount": 1}, "high": {"amount": 0.5}}))
    assert found.source.count("amount: float") == 1
    assert "low: High" in found.source or "high: Low" in found.source


def test_a_model_hint_names_the_root_and_merges_every_place_named_alike() -> None:
    found = infer(
        rcall("me", "", {"id": 1, "login": "o"}, model="User"),
        rcall(
            "get_repo",
            "",
            {"owner": {"id": 2, "login": "p", "site_admin": False}},
            types=(("owner", "User"),),
        ),
    )
    assert found.calls["me"].annotation == "User"
    assert "owner: User" in found.source
    assert "site_admin: bool | None = None" in found.source


def test_type_hints_force_types_and_maps() -> None:
    found = infer(
        rcall(
            "get",
            "",
            {"code": 1, "limits": {"a": 1, "b": "x"}, "raw": {"k": 1}},
            types=(("code", "number"), ("limits", "map"), ("raw", "any")),
        ),
    )
    assert "code: float" in found.source
    assert "limits: dict[str, int | str]" in found.source
    assert "raw: Any" in found.source


def test_a_values_hint_names_the_model_of_every_map_value() -> None:
    found = infer(
        rcall(
            "get_gist",
            "",
            {"files": {"a": {"size": 1}, "b": {"size": 2, "raw": "x"}}},
            types=(("files{}", "GistFile"),),
        ),
    )
    assert "files: dict[str, GistFile]" in found.source
    assert "raw: str | None = None" in found.source


def test_a_declared_schema_is_used_for_a_model_hint() -> None:
    schemas = {
        "Card": {"type": "object", "properties": {"brand": {"type": "string"}}},
        "Wallet": {"type": "object", "properties": {"card": {"$ref": "#/schemas/Card"}}},
    }
    found = infer(
        rcall("get_wallet", "", {"card": {"brand": "visa"}}, model="Wallet"),
        schemas=schemas,
    )
    assert found.calls["get_wallet"].annotation == "Wallet"
    assert "card: Card | None = None" in found.source


def test_maps_are_listed_with_their_reason() -> None:
    found = infer(rcall("get", "", {"metadata": {"a": "1"}}))
    assert found.maps == (
        "get: metadata (`metadata` conventionally holds a map and its values share one type)",
    )


def test_calls_named_like_builtins_or_with_a_leading_digit_build() -> None:
    from apigen.names import TypeNames

    names = TypeNames()
    calls = [
        CallSamples(key, names.claim(name), ({key: 1},), (Position("s.yaml", 1, 1),))
        for key, name in (
            ("none", "None"),
            ("true", "True"),
            ("any", "Any"),
            ("n2fa", "2fa status"),
        )
    ]
    found = infer(*calls)
    assert sorted(found.model_names) == [
        "AnyResponse",
        "N2faStatusResponse",
        "NoneResponse",
        "TrueResponse",
    ]
    assert HEADER in found.source


def test_an_explicit_response_schema_refers_to_declared_schemas() -> None:
    schemas = {"Card": {"type": "object", "properties": {"brand": {"type": "string"}}}}
    listed = {"type": "array", "items": {"$ref": "#/schemas/Card"}}
    found = infer(
        rcall("list_cards", "", schema=listed),
        rcall("get_card", "", schema={"$ref": "#/schemas/Card"}),
        schemas=schemas,
    )
    assert found.calls["list_cards"].annotation == "list[Card]"
    assert found.calls["get_card"].annotation == "Card"
    assert found.source.count("class Card(") == 1
