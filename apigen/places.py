"""Places in a response: the ``response.types`` keys (``data[]``, ``data[].metadata``, ``files{}``).

A place is a path from the root of a response: keys joined by ``.``, ``[]`` for each item of an
array, ``{}`` for each value of a map. The empty place is the root itself. This module only parses
places and finds them in sample values, so that `apigen check` can tell a hint that names a place
no sample has without loading the model generator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# The types a ``response.types`` entry may give instead of a model name.
HINT_TYPES = ("string", "integer", "number", "boolean", "any", "map")
ITEMS = "[]"
VALUES = "{}"
Step = str  # a key, ITEMS or VALUES

# One key and the item/value markers after it: "data[]", "files{}", "matrix[][]".
_SEGMENT = re.compile(r"(?P<key>[^.\[\]{}]*)(?P<marks>(?:\[\]|\{\})*)")


def parse_place(text: str) -> tuple[Step, ...] | None:
    """The steps of ``text``, or None when it is not a place (an empty key between dots …)."""
    if text == "":
        return ()
    steps: list[Step] = []
    for index, segment in enumerate(text.split(".")):
        found = _SEGMENT.fullmatch(segment)
        if found is None or (not found["key"] and (index > 0 or not found["marks"])):
            return None
        if found["key"]:
            steps.append(found["key"])
        marks = found["marks"]
        steps.extend(marks[i : i + 2] for i in range(0, len(marks), 2))
    return tuple(steps)


def place_text(steps: Iterable[Step]) -> str:
    """The written form of ``steps``: the inverse of :func:`parse_place`."""
    text = ""
    for step in steps:
        if step in (ITEMS, VALUES):
            text += step
        else:
            text += f".{step}" if text else step
    return text


def holds(value: Any, steps: tuple[Step, ...]) -> bool:
    """Whether some path through ``value`` reaches ``steps``."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        current, depth = pending.pop()
        if depth == len(steps):
            return True
        step = steps[depth]
        if step == ITEMS:
            if isinstance(current, list):
                pending.extend((item, depth + 1) for item in current)
        elif step == VALUES:
            if isinstance(current, dict):
                pending.extend((item, depth + 1) for item in current.values())
        elif isinstance(current, dict) and step in current:
            pending.append((current[step], depth + 1))
    return False
