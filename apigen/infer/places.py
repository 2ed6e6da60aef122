"""The schema at a place of a call's response (``data``, ``result.items``), for paginated calls.

A paginated method yields the items of its pages, so it needs the type of the array at its
``pagination.items`` place: the walked root schema is followed key by key through ``$ref``
models and nullable unions to that array, whose item schema gives the type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigen.infer.schema import Schema


def item_schema(root: Any, place: str | None, definitions: Mapping[str, Schema]) -> Any:
    """The schema of one item of the array at ``place`` (None: the root), or None if none."""
    schema = _resolve(root, definitions)
    for key in place.split(".") if place else ():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict) or key not in properties:
            return None
        schema = _resolve(properties[key], definitions)
    if not isinstance(schema, dict) or schema.get("type") != "array":
        return None
    return schema.get("items", {})


def _resolve(schema: Any, definitions: Mapping[str, Schema]) -> Any:
    """``schema`` with its reference followed and a nullable union reduced to its other member."""
    if isinstance(schema, dict) and "$ref" in schema:
        return definitions.get(schema["$ref"].rsplit("/", 1)[-1])
    if isinstance(schema, dict) and "anyOf" in schema:
        members = [m for m in schema["anyOf"] if m != {"type": "null"}]
        if len(members) == 1:
            return _resolve(members[0], definitions)
    return schema
