"""A JSON request body as a body template with one parameter per leaf value.

``{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}`` becomes the template
``{"model": "<model>", "messages": [{"role": "<role>", "content": "<content>"}]}`` with four body
parameters whose examples are the values of the command. A list of plain values stays one
parameter (``"tags": <tags>``); ``null`` stays literal, since it shows no type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apigen.names import snake_case

_INVALID_PLACEHOLDER = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Leaf:
    name: str  # the placeholder and parameter name
    place: str  # where it is in the body: messages[0].content
    value: Any


@dataclass(frozen=True)
class Template:
    text: str
    leaves: list[Leaf]


def json_type(value: Any) -> str:
    """The spec parameter type of a JSON value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def template(body: Any, is_taken: Callable[[str], bool]) -> Template:
    """The template of ``body``; leaf names avoid those for which ``is_taken`` is true."""
    leaves: list[Leaf] = []
    marked = _mark(body, "", leaves, is_taken)
    # Keys are the only text left from the body: escape their angle brackets as the format says.
    text = json.dumps(marked, indent=2, ensure_ascii=False).replace("<", "\\u003c")
    for index, leaf in enumerate(leaves):
        marker = json.dumps(_marker(index))
        placeholder = f"<{leaf.name}>"
        text = text.replace(
            marker, f'"{placeholder}"' if isinstance(leaf.value, str) else placeholder
        )
    return Template(text, leaves)


def _marker(index: int) -> str:
    return f"\x00leaf{index}\x00"


def _mark(value: Any, place: str, leaves: list[Leaf], is_taken: Callable[[str], bool]) -> Any:
    if isinstance(value, dict) and value:
        return {
            key: _mark(item, f"{place}.{key}" if place else key, leaves, is_taken)
            for key, item in value.items()
        }
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        return [_mark(item, f"{place}[{i}]", leaves, is_taken) for i, item in enumerate(value)]
    if value is None:
        return None
    name = _leaf_name(place, leaves, is_taken)
    leaves.append(Leaf(name, place, value))
    return _marker(len(leaves) - 1)


def _leaf_name(place: str, leaves: list[Leaf], is_taken: Callable[[str], bool]) -> str:
    """The last key of ``place``, or more of its keys when that name is taken."""
    keys = [key for key in re.split(r"\.|\[\d+\]", place) if key] or ["body"]
    taken = {snake_case(leaf.name) for leaf in leaves}
    for size in range(1, len(keys) + 1):
        name = _INVALID_PLACEHOLDER.sub("_", ".".join(keys[-size:])).strip("_.-") or "value"
        if snake_case(name) not in taken and not is_taken(name):
            return name
    base = _INVALID_PLACEHOLDER.sub("_", ".".join(keys)).strip("_.-") or "value"
    number = 2
    while snake_case(f"{base}_{number}") in taken or is_taken(f"{base}_{number}"):
        number += 1
    return f"{base}_{number}"
