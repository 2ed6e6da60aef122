"""The shape of JSON responses (every place with the types seen there) and differences of shapes.

A shape maps each place of a response to what was seen there. A place is a path of object keys
and array-item steps: ``()`` is the root, ``("id",)`` a key of the root object, ``("items", ITEMS)``
the items of an array, shown as ``items[]``. Shapes come from JSON Schemas, either inferred from
samples (the inference ``apigen build`` uses) or written in the spec, so "what the committed models
expect" and "what the API sent" are compared alike.

A difference is *breaking* when the models inferred from the old shape would reject a response of
the new shape: a field that every sample had is gone, a value has a type the old shape does not
accept, or a field that was never null is null. New fields are additive: models keep keys they do
not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from apigen.infer.schema import PYTHON_TYPED_FORMATS, infer_schema

ITEMS = None  # the path step into an array's items
Place = tuple[str | None, ...]
_OBJECT, _ARRAY = "object", "array"
_COMBINED = ("anyOf", "oneOf")


@dataclass(frozen=True)
class FieldShape:
    types: frozenset[str]  # JSON types seen ("string(date-time)" for typed formats); empty: any
    nullable: bool
    required: bool  # present in every object that holds the place

    def describe(self) -> str:
        if not self.types:
            return "null" if self.nullable else "any"
        return " | ".join([*sorted(self.types), *(["null"] if self.nullable else [])])


Shape = dict[Place, FieldShape]


@dataclass(frozen=True)
class Change:
    place: Place
    kind: str  # added | removed | type changed | became nullable
    before: str  # the old shape's description ("" when added)
    after: str  # the new shape's description ("" when removed)
    breaking: bool

    def describe(self) -> str:
        where = place_text(self.place)
        if self.kind == "added":
            return f"added            {where}: {self.after}"
        if self.kind == "removed":
            return f"removed          {where} (was {self.before}, always present before)"
        return f"{self.kind:<16} {where}: {self.before} -> {self.after}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": place_text(self.place),
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "breaking": self.breaking,
        }


def place_text(place: Place) -> str:
    """``items[].id``; ``(root)`` for the root."""
    text = ""
    for step in place:
        text += "[]" if step is ITEMS else (f".{step}" if text else step)
    return text or "(root)"


def samples_shape(samples: Iterable[Any]) -> Shape:
    """The combined shape of parsed JSON samples, as model inference sees them together.

    A place that held only null is untyped for the models; it is marked nullable here, so that
    a field that turns null is told from one that is left out.
    """
    inferred = infer_schema(samples)
    shape = schema_shape(inferred.schema)
    only_null = {untyped.path for untyped in inferred.untyped if untyped.kind == "null"}
    for place, found in shape.items():
        if _inference_path(place) in only_null:
            shape[place] = replace(found, nullable=True)
    return shape


def schema_shape(schema: Mapping[str, Any]) -> Shape:
    """The shape of a JSON Schema; local ``$ref`` are followed, other constructs accept anything."""
    shape: Shape = {}
    _Walker(schema, shape).walk(schema, (), required=True, refs=())
    return shape


def field_count(shape: Shape) -> int:
    """Keys of objects at any depth (the root and array items are places, not fields)."""
    return sum(1 for place in shape if place and place[-1] is not ITEMS)


def diff(old: Shape, new: Shape) -> list[Change]:
    """How ``new`` differs from ``old``, in order of place; see the module docstring."""
    places = sorted(old.keys() | new.keys(), key=place_text)
    return [change for place in places for change in _compare(place, old, new)]


def _compare(place: Place, old: Shape, new: Shape) -> Iterator[Change]:
    before, after = old.get(place), new.get(place)
    container = _ARRAY if place and place[-1] is ITEMS else _OBJECT
    if before is None and after is not None:
        holder = old.get(place[:-1])
        if not place or (holder is not None and (not holder.types or container in holder.types)):
            yield Change(place, "added", "", after.describe(), breaking=False)
    elif before is not None and after is None:
        holder = new.get(place[:-1])
        if before.required and container == _OBJECT and holder and _OBJECT in holder.types:
            yield Change(place, "removed", before.describe(), "", breaking=True)
    elif before is not None and after is not None and before.types:
        if not all(_accepts(before.types, kind) for kind in after.types):
            yield Change(place, "type changed", before.describe(), after.describe(), True)
        elif after.nullable and not before.nullable:
            yield Change(place, "became nullable", before.describe(), after.describe(), True)


def _inference_path(place: Place) -> str:
    """The place as :mod:`apigen.infer.schema` names it: ``items[].id``, ``""`` for the root."""
    return "" if not place else place_text(place)


def _accepts(types: frozenset[str], kind: str) -> bool:
    """Whether a model typed by ``types`` accepts a value of ``kind``."""
    if kind in types:
        return True
    if kind == "integer":
        return "number" in types
    return kind.startswith("string(") and "string" in types


class _Walker:
    def __init__(self, root: Mapping[str, Any], shape: Shape) -> None:
        self.root = root
        self.shape = shape

    def walk(self, schema: Any, place: Place, *, required: bool, refs: tuple[str, ...]) -> None:
        types: set[str] = set()
        nullable = False
        # Claim the place before its children, so that shapes list places top-down.
        self.shape.setdefault(place, FieldShape(frozenset(), False, required))
        for member, member_refs in self._members(schema, refs):
            for kind in _types(member):
                if kind == "null":
                    nullable = True
                    continue
                types.add(_label(kind, member.get("format")))
                if kind == _OBJECT:
                    self._walk_properties(member, place, member_refs)
                elif kind == _ARRAY and isinstance(member.get("items"), Mapping):
                    self.walk(member["items"], (*place, ITEMS), required=True, refs=member_refs)
        known = self.shape.get(place)
        if known is not None:  # several members of a union describe the same place
            types |= known.types
            nullable |= known.nullable
            required &= known.required
        self.shape[place] = FieldShape(frozenset(types), nullable, required)

    def _walk_properties(
        self, member: Mapping[str, Any], place: Place, refs: tuple[str, ...]
    ) -> None:
        properties = member.get("properties")
        if not isinstance(properties, Mapping):
            return
        required = member.get("required")
        names = set(required) if isinstance(required, list) else set()
        for key, child in properties.items():
            self.walk(child, (*place, key), required=key in names, refs=refs)

    def _members(
        self, schema: Any, refs: tuple[str, ...]
    ) -> Iterator[tuple[Mapping[str, Any], tuple[str, ...]]]:
        """The alternatives a schema allows (local references followed, each once per branch)."""
        if not isinstance(schema, Mapping):
            return
        reference = schema.get("$ref")
        if isinstance(reference, str):
            target = self._target(reference)
            if target is not None and reference not in refs:
                yield from self._members(target, (*refs, reference))
            return
        combined = [m for key in _COMBINED for m in schema.get(key, ()) if isinstance(m, Mapping)]
        if not combined:
            yield schema, refs
        for member in combined:
            yield from self._members(member, refs)

    def _target(self, reference: str) -> Any:
        if not reference.startswith("#"):
            return None  # outside the schema: accepts anything, as inference treats it
        target: Any = self.root
        for part in filter(None, reference[1:].split("/")):
            target = target.get(part) if isinstance(target, Mapping) else None
        return target


def _types(member: Mapping[str, Any]) -> list[str]:
    declared = member.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [kind for kind in declared if isinstance(kind, str)]
    return [_OBJECT] if "properties" in member else []


def _label(kind: str, format_name: Any) -> str:
    if kind == "string" and format_name in PYTHON_TYPED_FORMATS:
        return f"string({format_name})"
    return kind
