"""The only way spec text reaches generated files: literals, docstrings, comments, TOML strings.

Identifiers come from :class:`apigen.names.Namespace`; every other value passes through one of
these functions, so quotes, backslashes, newlines or template syntax in a spec can never change
the structure of the generated code.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def literal(value: Any) -> str:
    """A Python expression evaluating to ``value``: JSON-like data, tuples or :class:`Code`."""
    if isinstance(value, Code):
        return value.source
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if isinstance(value, tuple):
        items = ", ".join(literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return "{" + pairs + "}"
    raise TypeError(f"no Python literal for {type(value).__name__}")


_PIECE = 48  # characters of a long string per source line (black never splits strings)


def _string(value: str) -> str:
    if len(value) <= _PIECE:
        return repr(value)
    pieces = [
        line[start : start + _PIECE]
        for line in value.splitlines(keepends=True)
        for start in range(0, len(line), _PIECE)
    ]
    return "(" + "\n".join(repr(piece) for piece in pieces) + ")"


class Code:
    """Source text that :func:`literal` inserts as is: only for code apigen itself composed."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __repr__(self) -> str:
        return f"Code({self.source!r})"


def call(
    function: str, arguments: Sequence[tuple[str, Any]], defaults: Mapping[str, Any] | None = None
) -> Code:
    """``function(name=literal, ...)``; arguments equal to their entry in ``defaults`` are left out.

    ``function`` and the argument names must be identifiers.
    """
    defaults = defaults or {}
    rendered = ", ".join(
        f"{name}={literal(value)}"
        for name, value in arguments
        if name not in defaults or defaults[name] != value
    )
    return Code(f"{function}({rendered})")


def import_order(names: Sequence[str]) -> list[str]:
    """Names of one ``from … import`` in isort's order: CONSTANTS, Classes, functions."""

    def kind(name: str) -> int:
        if name.isupper():
            return 0
        return 1 if name[:1].isupper() else 2

    return sorted(set(names), key=lambda name: (kind(name), name))


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters, paragraphs and blank lines kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(
            paragraph,
            width=width,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        )
    return lines


def docstring(text: str) -> str:
    """A triple-quoted docstring holding ``text`` exactly (escapes, not stripping)."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    escaped = _CONTROL.sub(lambda m: _escape_control(m.group(0)), escaped)
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    return f'"""{escaped}"""'


def _escape_control(char: str) -> str:
    if char == "\n":
        return "\n"
    if char == "\t":
        return "\t"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def comment(text: str) -> str:
    """``text`` made safe for one comment line: control characters become spaces."""
    return _CONTROL.sub(" ", text).strip()


def toml_string(text: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML; DEL is escaped too)."""
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("\x7f", "\\u007f")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
