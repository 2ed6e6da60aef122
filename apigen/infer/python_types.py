"""The Python type a call's method returns, read from its walked root schema.

Models are referred to by ``$ref`` (``Contact``, ``list[Contact]``); primitives map to builtins.
String formats are not typed here: a root that is a bare string returns ``str``, so the client
module needs no imports beyond its models. Schema constructs without a plain Python form (``allOf``,
``enum``, …) at the root return ``Any``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
_COMBINED = ("anyOf", "oneOf")
_IDENTIFIER = re.compile(r"\w+")


@dataclass(frozen=True)
class RootType:
    """The Python type expression a call returns, and the model classes it names (sorted)."""

    annotation: str
    models: tuple[str, ...]


def root_type(schema: Any) -> RootType:
    models: set[str] = set()
    annotation = _annotation(schema, models)
    # A union with Any drops the models of its other members from the annotation.
    named = models.intersection(_IDENTIFIER.findall(annotation))
    return RootType(annotation, tuple(sorted(named)))


def _annotation(schema: Any, models: set[str]) -> str:
    if not isinstance(schema, dict):
        return "Any"
    if "$ref" in schema:
        name: str = schema["$ref"].rsplit("/", 1)[-1]
        models.add(name)
        return name
    for keyword in _COMBINED:
        if keyword in schema:
            return _union([_annotation(member, models) for member in schema[keyword]])
    schema_type = schema.get("type")
    if isinstance(schema_type, list):
        return _union([_annotation({**schema, "type": one}, models) for one in schema_type])
    if schema_type in _PRIMITIVES and "enum" not in schema and "const" not in schema:
        return _PRIMITIVES[schema_type]
    if schema_type == "array" and not schema.get("prefixItems"):
        return f"list[{_annotation(schema.get('items', {}), models)}]"
    if schema_type == "object":
        values = schema.get("additionalProperties")
        return f"dict[str, {_annotation(values if isinstance(values, dict) else {}, models)}]"
    return "Any"


def _union(members: list[str]) -> str:
    """``X | Y | None``: unique members in order, None last; Any absorbs everything."""
    if "Any" in members:
        return "Any"
    unique = list(dict.fromkeys(member for member in members if member != "None"))
    if "None" in members:
        unique.append("None")
    return " | ".join(unique)
