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
- an object whose keys are data is a map, ``dict[str, V]`` with V inferred from every value of
  every key (the rule is in :mod:`apigen.infer.maps`);
- a place that never showed a value's type (only ``null``, only empty arrays, only empty objects)
  stays untyped and is reported as an :class:`Untyped` place;
- a place that is a named model (:attr:`Place.name`: a hint or a resource) becomes a ``$ref`` to
  ``#/$defs/<name>``, and a type hint (:attr:`Place.forced`) replaces what was inferred.

Properties keep the order in which keys first appear; ``required`` lists are sorted, so
structurally equal objects have equal schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from apigen.infer.maps import map_reason
from apigen.infer.tree import Place

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


def narrow_formats(text: str, among: set[str] | None) -> set[str]:
    """The formats of ``among`` (all, before any string) that ``text`` still satisfies."""
    return string_formats(text, STRING_FORMATS if among is None else among)


@dataclass(frozen=True)
class Untyped:
    """A place no sample showed the type of. ``path``: ``contacts[].tags``, ``""`` for the root."""

    path: str
    kind: UntypedKind
    sample: int  # number of the first sample that holds the place


@dataclass(frozen=True)
class MapPlace:
    """A place inferred as a map, and why (for the build summary and `apigen explain`)."""

    path: str
    reason: str


@dataclass(frozen=True)
class InferredSchema:
    schema: Schema
    untyped: tuple[Untyped, ...]
    maps: tuple[MapPlace, ...] = ()


def build_tree(samples: Iterable[Any], first: int = 0) -> Place:
    """The place tree of ``samples``, numbered from ``first``."""
    root = Place()
    for index, sample in enumerate(samples, start=first):
        root.add(sample, index, narrow_formats)
    return root


def infer_schema(samples: Iterable[Any]) -> InferredSchema:
    """One JSON Schema for all ``samples`` (parsed JSON values) of a call, with untyped places."""
    return tree_schema(build_tree(samples))


def tree_schema(root: Place, *, as_model: bool = False) -> InferredSchema:
    """The schema of the tree ``root``; ``as_model``: the root is the body of its named model."""
    if not root.seen:
        return InferredSchema({}, ())
    writer = _SchemaWriter()
    schema = writer.write(root, "", None, as_model=as_model)
    return InferredSchema(schema, tuple(writer.untyped), tuple(writer.maps))


_FORCED: dict[str, Schema] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "any": {},
}


class _SchemaWriter:
    def __init__(self) -> None:
        self.untyped: list[Untyped] = []
        self.maps: list[MapPlace] = []

    def write(self, place: Place, path: str, key: str | None, *, as_model: bool = False) -> Schema:
        seen = place.seen
        nullable = "null" in seen
        if place.forced in _FORCED:
            forced = dict(_FORCED[place.forced])
            return {"anyOf": [forced, {"type": "null"}]} if nullable and forced else forced
        members: list[Schema] = []
        if "boolean" in seen:
            members.append({"type": "boolean"})
        if "number" in seen:
            members.append({"type": "number"})
        elif "integer" in seen:
            members.append({"type": "integer"})
        if "string" in seen:
            members.append(_string_schema(place.formats or set()))
        if "array" in seen:
            members.append(self._array(place, path))
        if "object" in seen:
            if place.name is not None and not as_model:
                members.append({"$ref": f"#/$defs/{place.name}"})
            else:
                members.append(self._object(place, path, key))
        if not members:
            self.untyped.append(Untyped(path, "null", seen["null"]))
            return {}
        if len(members) == 1 and not nullable:
            return members[0]
        return {"anyOf": [*members, {"type": "null"}] if nullable else members}

    def _array(self, place: Place, path: str) -> Schema:
        if place.items is None:
            self.untyped.append(Untyped(path, "empty array", place.seen["array"]))
            return {"type": "array"}
        return {"type": "array", "items": self.write(place.items, f"{path}[]", None)}

    def _object(self, place: Place, path: str, key: str | None) -> Schema:
        reason = map_reason(place, key)
        if reason is not None:
            self.maps.append(MapPlace(path, reason))
            values = self.write(place.map_values(), f"{path}{{}}", None)
            return {"type": "object", "additionalProperties": values}
        if not place.keys:
            self.untyped.append(Untyped(path, "empty object", place.seen["object"]))
            return {"type": "object"}
        properties = {
            name: self.write(entry.place, f"{path}.{name}" if path else name, name)
            for name, entry in place.keys.items()
        }
        schema: Schema = {"type": "object", "properties": properties}
        required = sorted(
            name for name, entry in place.keys.items() if entry.count == place.objects
        )
        if required:
            schema["required"] = required
        return schema


def _string_schema(formats: set[str]) -> Schema:
    chosen = next((name for name in STRING_FORMATS if name in formats), None)
    return {"type": "string"} if chosen is None else {"type": "string", "format": chosen}
