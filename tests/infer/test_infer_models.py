"""infer_models on whole collections: model names, sharing, return types, warnings, schemas."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pytest

from apigen.diagnostics import Diagnostics, Severity
from apigen.infer import InferredCall
from tests.infer.conftest import Loaded, call, infer, sample_position
from tests.infer.samples import EXPLICIT

CONTACT = {"id": 1, "name": "Ada", "address": {"street": "Main St", "geo": {"lat": 1.5}}}


def class_sources(source: str) -> dict[str, str]:
    """Each class of a module with its source text."""
    tree = ast.parse(source)
    return {
        node.name: ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def fields_of(source: str, model: str) -> list[str]:
    tree = ast.parse(source)
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == model).body
    return [
        n.target.id for n in body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]


def test_an_object_root_returns_the_response_model() -> None:
    inferred = infer(call("get_contact", CONTACT))
    assert inferred.calls["get_contact"].annotation == "GetContactResponse"
    assert inferred.calls["get_contact"].models == ("GetContactResponse",)


def test_a_root_array_of_objects_returns_a_list_of_item_models() -> None:
    inferred = infer(call("list_contacts", [CONTACT]))
    assert inferred.calls["list_contacts"].annotation == "list[ListContactsItem]"
    assert inferred.calls["list_contacts"].models == ("ListContactsItem",)
    assert "ListContactsResponse" not in inferred.model_names


@pytest.mark.parametrize(
    ("samples", "annotation"),
    [
        ((3, 4), "int"),
        ((3, 4.5), "float"),
        (("2024-05-01T10:00:00Z",), "str"),  # a root string is not typed by its format
        ((True,), "bool"),
        (([1, 2],), "list[int]"),
        ((1, "one"), "int | str"),
        ((1, None), "int | None"),
        (([],), "list[Any]"),
        (({},), "dict[str, Any]"),
        ((None,), "Any"),
    ],
)
def test_a_primitive_root_returns_the_primitive(samples: tuple[Any, ...], annotation: str) -> None:
    inferred = infer(call("get_value", *samples))
    assert inferred.calls["get_value"].annotation == annotation
    assert inferred.calls["get_value"].models == ()
    assert inferred.model_names == ()


def test_a_call_without_samples_or_schema_returns_any_without_a_warning() -> None:
    diagnostics = Diagnostics()
    inferred = infer(call("ping"), diagnostics=diagnostics)
    assert inferred.calls["ping"].annotation == "Any"
    assert inferred.calls["ping"].models == ()
    assert list(diagnostics) == []


def test_children_of_the_root_are_named_by_key_and_deeper_ones_by_parent() -> None:
    inferred = infer(call("list_contacts", {"contacts": [CONTACT]}))
    assert inferred.model_names == (
        "Contact",
        "ContactAddress",
        "ContactAddressGeo",
        "ListContactsResponse",
    )


def test_children_of_root_array_items_are_named_by_key_alone() -> None:
    inferred = infer(call("list_contacts", [CONTACT]))
    assert inferred.model_names == ("Address", "AddressGeo", "ListContactsItem")


def test_array_items_of_nested_keys_take_the_singular() -> None:
    sample = {"people": [{"addresses": [{"street": "a"}], "data": [{"k": 1}]}]}
    inferred = infer(call("get_people", sample))
    assert inferred.model_names == (
        "GetPeopleResponse",
        "Person",
        "PersonAddress",
        "PersonDataItem",
    )


def test_structurally_identical_objects_share_one_model() -> None:
    inferred = infer(
        call("get_team", {"owner": {"id": 1, "name": "a"}, "members": [{"id": 2, "name": "b"}]})
    )
    assert inferred.model_names == ("GetTeamResponse", "Owner")
    assert "members: list[Owner]" in inferred.source


def test_a_root_identical_to_an_earlier_model_returns_that_model() -> None:
    inferred = infer(call("list_contacts", {"contacts": [CONTACT]}), call("get_contact", CONTACT))
    assert inferred.calls["get_contact"] == InferredCall("Contact", ("Contact",))
    assert "GetContactResponse" not in inferred.model_names


def test_different_objects_claiming_one_name_get_the_call_prefix_then_a_number() -> None:
    inferred = infer(
        call("list_contacts", {"contacts": [{"id": 1}]}),
        call("get_team", {"contacts": [{"email": "a"}], "contact": {"phone": "1"}}),
        call("get_other", {"contact": {"fax": "2"}}),
    )
    assert {"Contact", "GetTeamContact", "GetTeamContact2", "GetOtherContact"} <= set(
        inferred.model_names
    )
    assert fields_of(inferred.source, "Contact") == ["id"]
    assert fields_of(inferred.source, "GetTeamContact") == ["email"]
    assert fields_of(inferred.source, "GetTeamContact2") == ["phone"]
    assert fields_of(inferred.source, "GetOtherContact") == ["fax"]


def test_adding_a_call_at_the_end_renames_nothing() -> None:
    first = call("list_contacts", {"contacts": [{"id": 1, "tags": [{"t": "a"}]}]})
    second = call("get_team", {"contacts": [{"email": "a"}], "owner": {"id": 1}})
    added = call("get_account", {"contacts": [{"name": "x"}], "owner": {"name": "y", "age": 3}})
    before = infer(first, second)
    after = infer(first, second, added)
    assert {key: after.calls[key] for key in before.calls} == before.calls
    classes_after = class_sources(after.source)
    for name, text in class_sources(before.source).items():
        assert classes_after[name] == text
    assert set(after.model_names) - set(before.model_names) == {
        "GetAccountContact",
        "GetAccountOwner",
        "GetAccountResponse",
    }


def test_the_module_does_not_depend_on_call_order_when_names_do_not_clash() -> None:
    calls = [call("get_a", {"x": {"a": 1}}), call("get_b", {"y": {"b": 1}}), call("get_c", [1])]
    forward = infer(*calls)
    backward = infer(*reversed(calls))
    assert forward.source == backward.source
    assert forward.calls == backward.calls


def test_inference_is_deterministic() -> None:
    calls = [call("list_contacts", {"contacts": [CONTACT]}), call("get_contact", CONTACT)]
    assert infer(*calls) == infer(*calls)


def test_model_names_list_every_class_sorted() -> None:
    inferred = infer(call("list_contacts", {"contacts": [CONTACT]}))
    assert list(inferred.model_names) == sorted(class_sources(inferred.source))


def test_the_module_starts_with_the_header_and_has_no_generator_header() -> None:
    source = infer(call("get_contact", CONTACT)).source
    assert source.startswith("# Generated from a spec. Do not edit.\n\nfrom __future__ import")
    assert "datamodel-codegen" not in source
    assert "timestamp" not in source


def test_the_base_class_is_imported_from_the_package_runtime() -> None:
    source = infer(call("get_contact", CONTACT), package="acme_sdk").source
    assert "from acme_sdk._runtime.models import ApiModel\n" in source
    assert "class GetContactResponse(ApiModel):" in source


def test_a_collection_without_models_is_a_module_with_only_its_head() -> None:
    inferred = infer(call("get_count", 1), call("ping"))
    assert inferred.source == (
        "# Generated from a spec. Do not edit.\n\nfrom __future__ import annotations\n"
    )
    assert inferred.model_names == ()


def test_untyped_values_of_a_call_are_warned_about_once_at_the_first_sample() -> None:
    diagnostics = Diagnostics()
    infer(
        call("list_contacts", {"contacts": [{"phone": None}]}, {"contacts": [], "tags": []}),
        diagnostics=diagnostics,
    )
    found = [(d.position, d.severity, d.code, d.message) for d in diagnostics]
    assert found == [
        (
            sample_position(0),
            Severity.WARNING,
            "W402",
            "2 places in the response of list_contacts are null, an empty array or an empty "
            "object in every sample, so they are typed Any: `contacts[].phone`, `tags`; add a "
            "sample where they have values",
        )
    ]


def test_many_untyped_places_are_listed_in_part() -> None:
    diagnostics = Diagnostics()
    sample = {f"field_{n}": None for n in range(8)}
    infer(call("get_thing", sample), diagnostics=diagnostics)
    (message,) = [d.message for d in diagnostics]
    assert message.startswith("8 places in the response of get_thing")
    assert "`field_4` and 3 more; add a sample" in message


def test_an_untyped_root_is_warned_about() -> None:
    diagnostics = Diagnostics()
    infer(call("get_nothing", None), diagnostics=diagnostics)
    assert [d.message for d in diagnostics] == [
        "the response of get_nothing is null in every sample, so it is typed Any; "
        "add a sample where it has a value"
    ]


def test_an_always_empty_object_is_warned_about_as_a_dict() -> None:
    diagnostics = Diagnostics()
    infer(call("get_thing", {"meta": {}}), diagnostics=diagnostics)
    assert [d.message for d in diagnostics] == [
        "`meta` in the response of get_thing is an empty object in every sample, so it is typed "
        "dict[str, Any]; add a sample where it has a value"
    ]


def test_an_explicit_schema_overrides_the_samples() -> None:
    inferred = infer(call("get_ticket", {"other": 1}, schema=EXPLICIT))
    assert inferred.calls["get_ticket"].annotation == "GetTicketResponse"
    assert fields_of(inferred.source, "GetTicketResponse") == [
        "status",
        "owner",
        "groups",
        "remote",
        "email",
        "created",
    ]


def test_an_explicit_schema_names_its_definitions_by_their_keys() -> None:
    inferred = infer(call("get_ticket", schema=EXPLICIT))
    assert inferred.model_names == ("GetTicketResponse", "Group", "GroupAddress", "User")
    assert "manager: User | None" in inferred.source
    assert "groups: list[Group] | None" in inferred.source


def test_explicit_schema_models_are_not_shared_with_other_calls() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "integer"}}}
    inferred = infer(call("get_a", schema=schema), call("get_b", schema=schema))
    assert inferred.model_names == ("GetAResponse", "GetBResponse")


def test_an_explicit_primitive_schema_returns_the_primitive() -> None:
    schema = {"type": "array", "items": {"type": "string", "format": "uuid"}}
    assert infer(call("get_ids", schema=schema)).calls["get_ids"].annotation == "list[str]"


def test_explicit_schema_types_follow_the_inference_rules(
    load_models: Callable[..., Loaded],
) -> None:
    loaded = load_models(call("get_ticket", schema=EXPLICIT))
    model = loaded.model("GetTicketResponse")
    fields = model.model_fields
    assert fields["email"].annotation == str | None  # email stays str
    assert fields["remote"].annotation == Any | None  # outside references are not followed
    ticket = model.model_validate({"status": "open", "added": 1})  # additionalProperties dropped
    assert ticket.model_dump(by_alias=True) == {"status": "open", "added": 1}
