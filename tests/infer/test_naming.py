"""Model and field names: singular items, clash resolution, field names with wire aliases."""

from __future__ import annotations

import pytest

from apigen.infer.naming import ModelNames, field_names, singular


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("Contacts", "Contact"),
        ("Addresses", "Address"),
        ("Categories", "Category"),
        ("Statuses", "Status"),
        ("Entries", "Entry"),
        ("People", "Person"),
        ("Children", "Child"),
        ("Analyses", "Analysis"),
        ("Indices", "Index"),
        ("EmailAddresses", "EmailAddress"),
        ("ContactPhoneNumbers", "ContactPhoneNumber"),
    ],
)
def test_array_items_take_the_singular_of_the_last_word(plural: str, expected: str) -> None:
    assert singular(plural) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Data", "DataItem"),  # not "Datum"
        ("Metadata", "MetadataItem"),
        ("News", "NewsItem"),
        ("Series", "SeriesItem"),  # same in the singular
        ("Status", "StatusItem"),  # already singular: no "Statu"
        ("Address", "AddressItem"),
        ("History", "HistoryItem"),
        ("Items2", "Items2Item"),
    ],
)
def test_names_without_a_clear_singular_get_item(name: str, expected: str) -> None:
    assert singular(name) == expected


def test_the_first_claimant_keeps_a_name_and_later_ones_get_the_call_prefix() -> None:
    names = ModelNames()
    assert names.claim("Contact", "ListContacts") == "Contact"
    assert names.claim("Contact", "GetTeam") == "GetTeamContact"
    assert names.claim("Contact", "GetTeam") == "GetTeamContact2"
    assert names.claim("Contact", "GetTeam") == "GetTeamContact3"
    assert names.claim("Contact", "Other") == "OtherContact"


def test_a_stem_that_already_starts_with_the_call_gets_a_number() -> None:
    names = ModelNames()
    assert names.claim("GetContactResponse", "GetContact") == "GetContactResponse"
    assert names.claim("GetContactResponse", "GetContact") == "GetContactResponse2"


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Field", "GetThingField"),  # pydantic's Field is imported by the module
        ("ApiModel", "GetThingApiModel"),  # the base class
        ("None", "GetThingNone"),  # a keyword
        ("Any", "GetThingAny"),  # a name the generated code uses
        ("2fa", "GetThing2fa"),  # starts with a digit
        ("", "GetThing"),  # a key without letters or digits
    ],
)
def test_names_the_naming_rule_would_change_count_as_taken(stem: str, expected: str) -> None:
    assert ModelNames().claim(stem, "GetThing") == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("id", "id"),
        ("first-name", "first_name"),
        ("firstName", "first_name"),
        ("HTTPStatus", "http_status"),
        ("class", "class_"),  # keyword
        ("2fa", "n2fa"),  # leading digit
        ("$ref", "ref"),
        ("json", "json_"),  # a BaseModel attribute
        ("schema", "schema_"),
        ("model_config", "model_config_"),  # pydantic's model_ namespace
        ("model_dump", "model_dump_"),
        ("str", "str_"),  # a builtin the generated code uses
        ("", "value"),
        ("!!!", "value"),
    ],
)
def test_a_field_is_named_by_the_naming_rule(key: str, expected: str) -> None:
    assert field_names([key]) == {key: expected}


def test_keys_converting_to_one_name_get_suffixes_in_order() -> None:
    assert field_names(["firstName", "FirstName", "first-name"]) == {
        "firstName": "first_name",
        "FirstName": "first_name_",
        "first-name": "first_name_2",
    }


@pytest.mark.parametrize("keys", [["firstName", "first_name"], ["first_name", "firstName"]])
def test_a_key_that_is_its_own_python_name_keeps_it(keys: list[str]) -> None:
    assert field_names(keys) == {"first_name": "first_name", "firstName": "first_name_"}


def test_no_field_is_named_like_another_fields_wire_key() -> None:
    # "Name" would become name_, the wire key of another field: pydantic would match that key
    # to both fields when populating by name.
    keys = ["name", "Name", "name_", "json", "json_"]
    names = field_names(keys)
    assert names["name"] == "name"
    assert len(set(names.values())) == len(keys)
    for key, name in names.items():
        assert name == key or name not in keys


def test_field_names_keep_the_order_of_the_keys() -> None:
    assert list(field_names(["b", "a", "first_name", "firstName"])) == [
        "b",
        "a",
        "first_name",
        "firstName",
    ]
