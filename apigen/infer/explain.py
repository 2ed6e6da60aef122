"""`apigen explain`: why each field of a call's model has its type, one line per field.

The explanation reads the same trees and document the build uses (:func:`apigen.infer.read_models`):
the type is the one generated, the reasons are what the samples held at each place (in how many
objects, null seen, integers and floats seen, string formats, a map and why) and the hints applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from apigen.infer import CallSamples, ReadModels, read_models
from apigen.infer.maps import map_reason
from apigen.infer.python_types import root_type
from apigen.infer.schema import STRING_FORMATS, Schema
from apigen.infer.tree import Place
from apigen.places import ITEMS, VALUES, parse_place


class ExplainError(Exception):
    """The call or place asked about does not exist; the message says what does."""


@dataclass(frozen=True)
class _At:
    """One place: what the samples held there, and its walked schema."""

    place: Place
    schema: Schema
    model: str | None  # the model whose body this is, when it is one


def explain(
    calls: Sequence[CallSamples],
    key: str,
    place_text: str,
    schemas: dict[str, Any],
    reserved: frozenset[str],
) -> list[str]:
    """Lines explaining the fields of call ``key`` at ``place_text`` ("" for its response)."""
    read = read_models(calls, schemas, reserved)
    call = read.collection.calls[key]
    tree = read.collection.trees.get(key)
    if tree is None:
        raise ExplainError(f"{key} has no samples to explain (or an explicit schema)")
    steps = parse_place(place_text)
    if steps is None:
        raise ExplainError(f"{place_text!r} is not a place (e.g. data[], data[].metadata)")
    if not steps and tree.kinds() == {"array"}:
        steps, place_text = (ITEMS,), ITEMS  # a list's fields are its items'
    at = _At(tree, read.document.roots[call.type_name], None)
    for step in steps:
        at = _step(read, _object(read, at), step, place_text)
    at = _object(read, at)
    return _lines(read, key, place_text, at)


def _object(read: ReadModels, at: _At) -> _At:
    """``at`` itself, or the model it refers to (its merged place), or the items of a root list."""
    schema = _concrete(at.schema)
    reference = schema.get("$ref")
    if isinstance(reference, str):
        name = reference.rsplit("/", 1)[-1]
        place = read.collection.merged(name) if name in read.collection.places() else at.place
        return _At(place, read.document.definitions.get(name, {}), name)
    return _At(at.place, schema, at.model)


def _concrete(schema: Schema) -> Schema:
    """The non-null member of a nullable schema (``X | None``)."""
    members = [m for m in schema.get("anyOf", []) if m != {"type": "null"}]
    return members[0] if len(members) == 1 else schema


def _step(read: ReadModels, at: _At, step: str, text: str) -> _At:
    schema = at.schema
    if step == ITEMS and at.place.items is not None and "items" in schema:
        return _At(at.place.items, schema["items"], None)
    if step == VALUES and isinstance(schema.get("additionalProperties"), dict):
        return _At(at.place.map_values(), schema["additionalProperties"], None)
    entry = at.place.keys.get(step)
    properties = schema.get("properties", {})
    if entry is not None and step in properties:
        return _At(entry.place, properties[step], None)
    raise ExplainError(f"no sample has the place {text!r} (at {step!r})")


def _lines(read: ReadModels, key: str, text: str, at: _At) -> list[str]:
    where = f"{key} {text}".rstrip()
    place = at.place
    if at.model is not None:
        sharing = read.collection.sharing().get(at.model, (key,))
        head = f"{where}: model {at.model}"
        if len(sharing) > 1 or sharing[0] != key:
            head += f", one class for the responses of {', '.join(sharing)}"
    else:
        head = f"{where}: {root_type(at.schema).annotation}"
    lines = [head + _reasons(place, None, own_name=False)]
    properties = at.schema.get("properties", {})
    required = set(at.schema.get("required", []))
    aliases = read.document.aliases
    for name, entry in place.keys.items():
        if name not in properties:
            continue
        field = aliases.get(f"{at.model}.{name}", name) if at.model else name
        if field != name:
            field += f" (wire key {name!r})"
        annotation = root_type(properties[name]).annotation
        if name not in required:
            annotation = _optional(annotation)
        presence = f"in {entry.count} of {place.objects} objects"
        lines.append(f"  {field}: {annotation} ({presence}{_reasons(entry.place, name)})")
    return lines


def _optional(annotation: str) -> str:
    return (
        annotation
        if annotation.endswith("| None") or annotation == "Any"
        else f"{annotation} | None"
    )


def _reasons(place: Place, key: str | None, *, own_name: bool = True) -> str:
    found: list[str] = []
    if place.forced is not None:
        found.append(f"types hint: {place.forced}")
    if place.name is not None and own_name:
        found.append(f"model {place.name}")
    if "null" in place.seen:
        typed = place.kinds() or place.forced is not None
        found.append("null seen" if typed else "null in every sample, so Any")
    if {"integer", "number"} <= place.seen.keys():
        found.append("integers and floats seen, so float")
    chosen = [name for name in STRING_FORMATS if name in (place.formats or ())]
    if chosen:
        found.append(f"every string has the format {chosen[0]}")
    if "object" in place.seen and place.name is None:
        reason = map_reason(place, key)
        if reason is not None:
            found.append(f"a map: {reason}")
    return "".join(f"; {reason}" for reason in found)
