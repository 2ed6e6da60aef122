"""Sample responses shared by the inference tests, and a collection that uses all of them."""

from __future__ import annotations

from typing import Any

from apigen.infer import CallSamples
from tests.infer.conftest import call

CONTACTS: list[dict[str, Any]] = [
    {
        "contacts": [
            {
                "id": "550e8400-e29b-41d4-a716-446655440000",
                "email": "ada@example.com",
                "created_at": "2024-05-01T10:00:00Z",
                "born": "1815-12-10",
                "site": "https://ada.example.com",
                "phone": None,
                "score": 1,
                "tags": ["a", "b"],
                "address": {"street": "Main St", "geo": {"lat": 1.5, "lng": 2}},
            },
            {
                "id": "6fa459ea-ee8a-3ca4-894e-db77e160355e",
                "email": "bob@example.com",
                "created_at": "2024-05-02T08:30:00.250000+02:00",
                "phone": "+1 555",
                "score": 2.5,
                "tags": [],
            },
        ],
        "next": "cursor-2",
    },
    {"contacts": [], "next": None},
]
ODD_KEYS: list[dict[str, Any]] = [
    {
        "first-name": "Ada",
        "firstName": "A.",
        "first_name": "ada",
        "class": "vip",
        "2fa": True,
        "$ref": "#/x",
        "json": {"free": "form"},
        "model_config": 1,
        "": "empty key",
        "naïve": "unicode",
        "a.b": "dotted",
        "it's": "quote",
    },
    {
        "firstName": "B.",
        "class": "basic",
        "2fa": False,
        "$ref": "#/y",
        "json": {},
        "model_config": 2,
    },
]
EVENTS = [[{"kind": "open", "at": "2024-05-01T10:00:00+00:00", "data": [{"v": 1}, {"v": "x"}]}]]
MIXED = [{"value": 1}, {"value": "one"}, {"value": [1, "a", None]}, {"value": {"k": True}}]
EXPLICIT = {
    "title": "Ignored",
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["open", "closed"]},
        "owner": {"$ref": "#/$defs/user"},
        "groups": {"type": "array", "items": {"$ref": "#/definitions/Group"}},
        "remote": {"$ref": "https://example.com/schema.json"},
        "email": {"type": "string", "format": "email"},
        "created": {"type": "string", "format": "date-time"},
    },
    "required": ["status"],
    "additionalProperties": False,
    "$defs": {
        "user": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "manager": {"$ref": "#/$defs/user"}},
        }
    },
    "definitions": {
        "Group": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "address": {"properties": {"s": {}}}},
        }
    },
}
# Fields named like the types they hold: the generator imports those types under other names.
DATED = [
    {
        "date": "2024-05-01",
        "datetime": "2024-05-01T10:00:00Z",
        "uuid": "550e8400-e29b-41d4-a716-446655440000",
    }
]
TREE = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#"}},
    },
}


def rich_calls() -> list[CallSamples]:
    """A collection exercising every kind of model, field and type the inference produces."""
    return [
        call("list_contacts", *CONTACTS),
        call("get_odd", *ODD_KEYS),
        call("list_events", *EVENTS),
        call("get_mixed", *MIXED),
        call("get_dated", *DATED),
        call("get_ticket", schema=EXPLICIT),
        call("get_tree", schema=TREE),
        call("get_count", 3, 4.5),
        call("get_nothing", None),
        call("ping"),
    ]
