"""Compile-time view of body templates: which placeholders a template has, and whether it is JSON.

The generated runtime (templates/runtime/body.py) fills templates; it cannot be imported from
here because it lives inside generated packages. Both use the same placeholder pattern, and a
test keeps the two copies equal.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.-]+)>")


@dataclass(frozen=True)
class TemplateProblem:
    """Where (an offset into the template) and what went wrong."""

    offset: int
    message: str


def placeholders(template: str) -> list[tuple[str, int]]:
    """Each placeholder's name and offset, in order of appearance (repeats included)."""
    return [(m.group(1), m.start()) for m in PLACEHOLDER.finditer(template)]


def check_json(template: str) -> TemplateProblem | None:
    """None when the template is valid JSON once every placeholder holds a value."""
    try:
        json.loads(_with_sample_values(template))
    except json.JSONDecodeError as error:
        # Substitutions keep lengths, so the offset is the same in the template.
        return TemplateProblem(error.pos, error.msg)
    return None


def _with_sample_values(template: str) -> str:
    """Placeholders outside JSON strings become ``0``; inside strings they are text already."""
    out: list[str] = []
    in_string = escaped = False
    position = 0
    while position < len(template):
        char = template[position]
        match = None if in_string else PLACEHOLDER.match(template, position)
        if match:
            out.append("0".ljust(len(match.group(0))))
            position = match.end()
            continue
        if in_string and escaped:
            escaped = False
        elif in_string and char == "\\":
            escaped = True
        elif char == '"':
            in_string = not in_string
        out.append(char)
        position += 1
    return "".join(out)
