"""How parameter values are written on the wire: as text (query, path, header, form) or as JSON."""

from __future__ import annotations

import json
from typing import Any, TypeGuard

from pydantic_core import to_jsonable_python


def jsonable(value: Any) -> Any:
    """The value as plain JSON data (models by alias, dates as ISO text)."""
    return to_jsonable_python(value)


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def wire_text(value: Any) -> str:
    """The value's text: strings as they are, booleans as true/false, None as "", others as JSON."""
    if value is None:
        return ""
    data = jsonable(value)
    return data if isinstance(data, str) else json_text(data)


# isinstance on a value of type Any tells pyright only list[Unknown] / dict[Unknown, Unknown],
# and mypy takes a cast to list[Any] as redundant: these guards give both checkers Any items.
def is_array(value: object) -> TypeGuard[list[Any] | tuple[Any, ...]]:
    """Whether ``value`` is a list or tuple."""
    return isinstance(value, (list, tuple))


def is_object(value: object) -> TypeGuard[dict[str, Any]]:
    """Whether ``value`` is a dict (of a JSON object: its keys are strings)."""
    return isinstance(value, dict)
