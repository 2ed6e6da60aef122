"""The only way spec text reaches generated files: literals, docstrings, comments, TOML strings.

Identifiers come from :class:`apigen.names.Namespace`; every other value passes through one of
these functions, so quotes, backslashes, newlines or template syntax in a spec can never change
the structure of the generated code. Literals and docstrings come out in black's style (quotes,
line breaks), so that generated modules need no formatting pass.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from apigen import layout
from apigen.declarations import Construct
from apigen.pyast import member_order
from apigen.resources import RUNTIME_PACKAGE

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_PIECE = 48  # characters of a long string per source line (black never splits strings)
QUOTES = '"""'


def node(value: Any) -> layout.Node:
    """The layout node of a Python expression evaluating to ``value``.

    ``value``: JSON-like data, tuples, runtime declarations (:class:`Construct`, referring to the
    runtime package by name) or layout nodes (used as they are).
    """
    if isinstance(value, layout.Bracket | layout.Prefixed):
        return value
    if isinstance(value, Construct):
        arguments = [(name, node(item)) for name, item in value.arguments]
        # A class of an optional runtime module is reached through that module, imported by name.
        prefix = "" if "." in value.path else f"{RUNTIME_PACKAGE}."
        return layout.call(prefix + value.path, arguments)
    if isinstance(value, str):
        return _string_node(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({string(str(value))})"
    if isinstance(value, tuple):
        return layout.sequence([node(item) for item in value])
    if isinstance(value, list):
        return layout.sequence([node(item) for item in value], "[", "]")
    if isinstance(value, Mapping):
        return layout.mapping([(literal(key), node(item)) for key, item in value.items()])
    raise TypeError(f"no Python literal for {type(value).__name__}")


def literal(value: Any) -> str:
    """A Python expression evaluating to ``value``, on one line."""
    return layout.flat(node(value))


def string(value: str) -> str:
    """A string literal with black's choice of quotes: double, unless that needs more escapes."""
    single = repr(value)
    if single.startswith('"'):
        return single
    body = single[1:-1]
    double = body.replace("\\'", "'").replace('"', '\\"')
    return single if double.count("\\") > body.count("\\") else f'"{double}"'


def _string_node(value: str) -> layout.Node:
    if len(value) <= _PIECE:
        return string(value)
    pieces = [
        line[start : start + _PIECE]
        for line in value.splitlines(keepends=True)
        for start in range(0, len(line), _PIECE)
    ]
    return layout.concatenation([string(piece) for piece in pieces])


def import_order(names: Sequence[str]) -> list[str]:
    """Names of one ``from … import`` in isort's order (see :func:`member_order`)."""
    return sorted(set(names), key=member_order)


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


def docstring(text: str, depth: int) -> str:
    """A docstring holding ``text``, laid out as black lays out docstrings at ``depth``.

    Escaping keeps the text exact except for what black itself changes: surrounding and trailing
    white space, and a space between a quote at either end and the triple quotes.
    """
    indent = layout.INDENT * depth
    lines = _escape(text).split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    rest = [line.rstrip() for line in lines[1:]]
    common = min((len(line) - len(line.lstrip()) for line in rest if line), default=0)
    body = "\n".join([lines[0].strip(), *(indent + line[common:] if line else "" for line in rest)])
    if body.startswith('"'):
        body = " " + body
    if "\n" in body:  # PEP 257: the quotes closing a multi-line docstring have their own line
        return f"{QUOTES}{body}\n{indent}{QUOTES}"
    if body.endswith('"'):
        body += " "
    return f"{QUOTES}{body}{QUOTES}"


def _escape(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace(QUOTES, '\\"\\"\\"')
    return _CONTROL.sub(_escape_control, escaped)


def _escape_control(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\n":
        return char
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def comment(text: str) -> str:
    """``text`` made safe for one comment line: control characters become spaces."""
    return _CONTROL.sub(" ", text).strip()


def toml_string(text: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML; DEL is escaped too)."""
    escaped = json.dumps(text, ensure_ascii=False)
    return (
        escaped.replace("\x7f", "\\u007f").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
