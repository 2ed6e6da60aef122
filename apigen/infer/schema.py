"""JSON values to JSON Schema: what all samples of one call show together.

Every place in the samples (the root, a key of an object, the items of an array) collects what it
held across all samples:

- an object key is required only if every object seen at that place has it; objects inside arrays
  merge across all items of all samples;
- a place that was ever ``null`` is nullable (``anyOf`` with ``{"type": "null"}``);
- integers and floats together widen to ``number``; other mixes become an ``anyOf`` union;
- a string format (``date-time``, ``date``, ``uuid``, ``email``, ``uri``) is kept only if every
  string seen at that place matches it. The formats typed in Python (``date-time``, ``date``,
  ``uuid``) must also round-trip: pydantic's JSON text of the parsed value must be the original
  text (``2024-05-01T10:00:00Z`` does, ``…+00:00`` does not), because models dump values back in
  that form and must give back exactly what the API sent;
- a place that never showed a value's type (only ``null``, only empty arrays, only empty objects)
  stays untyped and is reported as an :class:`Untyped` place.

Properties keep the order in which keys first appear; ``required`` lists are sorted, so
structurally equal objects have equal schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

Schema = dict[str, Any]
UntypedKind = Literal["null", "empty array", "empty object"]

# Formats whose values models parse into Python objects (datetime, date, UUID); others stay str.
PYTHON_TYPED_FORMATS = frozenset({"date-time", "date", "uuid"})

_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_EMAIL = re.compile(r"[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")


def _round_trips(adapter: TypeAdapter[Any]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            return bool(adapter.dump_python(adapter.validate_python(text), mode="json") == text)
        except ValidationError:
            return False

    return check


_FORMAT_CHECKS: dict[str, tuple[re.Pattern[str], Callable[[str], bool]]] = {
    "date-time": (_DATE_TIME, _round_trips(TypeAdapter(datetime))),
    "date": (_DATE, _round_trips(TypeAdapter(date))),
    "uuid": (_UUID, _round_trips(TypeAdapter(UUID))),
    "email": (_EMAIL, lambda _: True),
    "uri": (_URI, lambda _: True),
}
STRING_FORMATS = tuple(_FORMAT_CHECKS)  # in order of preference (the patterns exclude each other)


def string_formats(text: str, among: Collection[str] = STRING_FORMATS) -> set[str]:
    """The formats of ``among`` that ``text`` satisfies (see the module docstring for the rule)."""
    return {name for name in among if _matches(name, text)}


def _matches(format_name: str, text: str) -> bool:
    pattern, round_trips = _FORMAT_CHECKS[format_name]
    return pattern.fullmatch(text) is not None and round_trips(text)


@dataclass(frozen=True)
class Untyped:
    """A place no sample showed the type of. ``path``: ``contacts[].tags``, ``""`` for the root."""

    path: str
    kind: UntypedKind
    sample: int  # index of the first sample that holds the place


@dataclass(frozen=True)
class InferredSchema:
    schema: Schema
    untyped: tuple[Untyped, ...]


@dataclass
class _Key:
    place: _Place
    count: int = 0  # how many of the objects at the parent place have this key


@dataclass
class _Place:
    """Everything the samples held at one place."""

    seen: dict[str, int] = field(default_factory=dict)  # JSON type -> first sample showing it
    formats: set[str] | None = None  # formats all strings so far match; None before any string
    items: _Place | None = None  # set once an array here had an item
    objects: int = 0
    keys: dict[str, _Key] = field(default_factory=dict)

    def add(self, value: object, sample: int) -> None:
        kind = _json_type(value)
        self.seen.setdefault(kind, sample)
        if isinstance(value, str):
            among = STRING_FORMATS if self.formats is None else self.formats
            self.formats = string_formats(value, among)
        elif isinstance(value, list):
            for item in value:
                if self.items is None:
                    self.items = _Place()
                self.items.add(item, sample)
        elif isinstance(value, dict):
            self._add_object(value, sample)

    def _add_object(self, values: dict[str, Any], sample: int) -> None:
        self.objects += 1
        for key, item in values.items():
            entry = self.keys.get(key)
            if entry is None:
                entry = self.keys[key] = _Key(_Place())
            entry.count += 1
            entry.place.add(item, sample)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    raise TypeError(f"not a JSON value: {type(value).__name__}")


# bool before int: bool is a subclass of int.
_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def infer_schema(samples: Iterable[Any]) -> InferredSchema:
    """One JSON Schema for all ``samples`` (parsed JSON values) of a call, with untyped places."""
    root = _Place()
    for index, sample in enumerate(samples):
        root.add(sample, index)
    if not root.seen:
        return InferredSchema({}, ())
    untyped: list[Untyped] = []
    return InferredSchema(_to_schema(root, "", untyped), tuple(untyped))


def _to_schema(place: _Place, path: str, untyped: list[Untyped]) -> Schema:
    members: list[Schema] = []
    seen = place.seen
    if "boolean" in seen:
        members.append({"type": "boolean"})
    if "number" in seen:
        members.append({"type": "number"})
    elif "integer" in seen:
        members.append({"type": "integer"})
    if "string" in seen:
        members.append(_string_schema(place.formats or set()))
    if "array" in seen:
        members.append(_array_schema(place, path, untyped))
    if "object" in seen:
        members.append(_object_schema(place, path, untyped))
    nullable = "null" in seen
    if not members:
        untyped.append(Untyped(path, "null", seen["null"]))
        return {}
    if len(members) == 1 and not nullable:
        return members[0]
    return {"anyOf": [*members, {"type": "null"}] if nullable else members}


def _string_schema(formats: set[str]) -> Schema:
    chosen = next((name for name in STRING_FORMATS if name in formats), None)
    return {"type": "string"} if chosen is None else {"type": "string", "format": chosen}


def _array_schema(place: _Place, path: str, untyped: list[Untyped]) -> Schema:
    if place.items is None:
        untyped.append(Untyped(path, "empty array", place.seen["array"]))
        return {"type": "array"}
    return {"type": "array", "items": _to_schema(place.items, f"{path}[]", untyped)}


def _object_schema(place: _Place, path: str, untyped: list[Untyped]) -> Schema:
    if not place.keys:
        untyped.append(Untyped(path, "empty object", place.seen["object"]))
        return {"type": "object"}
    properties = {
        key: _to_schema(entry.place, f"{path}.{key}" if path else key, untyped)
        for key, entry in place.keys.items()
    }
    schema: Schema = {"type": "object", "properties": properties}
    required = sorted(key for key, entry in place.keys.items() if entry.count == place.objects)
    if required:
        schema["required"] = required
    return schema
