"""Black's layout of bracketed code, computed directly for the code apigen composes.

Running black over a client module of a few hundred calls takes longer than everything else in a
build together, and the client module is made of a handful of constructs: calls with keyword
arguments, tuples, lists, dicts and function signatures. For those, black's rules are short:
keep a line that fits; otherwise split at the last bracket and keep the contents of a call or
signature on one line if they fit; otherwise (and always for a literal of several items) put one
element per line with a trailing comma, and lay out each element the same way. The tests
compare this layout with black's on the examples and on random structures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LINE_LENGTH = 100
PYTHON_TARGET = "py310"  # the oldest Python generated code runs on, as black and ruff name it
INDENT = "    "


@dataclass(frozen=True)
class Bracket:
    """``head`` + ``opening`` + items separated by commas + ``closing``."""

    head: str
    opening: str
    items: tuple[Node, ...]
    closing: str
    one_tuple: bool = False  # ``(x,)``: the comma stays when the tuple fits on one line
    signature: bool = False  # a ``def``: split, a lone parameter gets a trailing comma
    concatenation: bool = False  # ``("a" "b")``: implicit string concatenation, no commas


@dataclass(frozen=True)
class Prefixed:
    """A node after fixed text: ``name=`` + node, ``"key": `` + node."""

    prefix: str
    node: Node


Node = str | Bracket | Prefixed


def signature(definition: str, parameters: Sequence[str]) -> Bracket:
    """``def name(...)`` or ``async def name(...)``; the return annotation goes in the suffix."""
    return Bracket(definition, "(", tuple(parameters), ")", signature=True)


def call(function: str, arguments: Sequence[tuple[str, Node]]) -> Bracket:
    return Bracket(function, "(", tuple(Prefixed(f"{n}=", v) for n, v in arguments), ")")


def sequence(items: Sequence[Node], opening: str = "(", closing: str = ")") -> Bracket:
    return Bracket("", opening, tuple(items), closing, one_tuple=opening == "(" and len(items) == 1)


def concatenation(strings: Sequence[str]) -> Bracket:
    """Adjacent string literals in parentheses: how long strings are written."""
    return Bracket("", "(", tuple(strings), ")", concatenation=True)


def mapping(pairs: Sequence[tuple[str, Node]]) -> Bracket:
    return Bracket("", "{", tuple(Prefixed(f"{key}: ", value) for key, value in pairs), "}")


def flat(node: Node) -> str:
    """The node on one line."""
    if isinstance(node, str):
        return node
    if isinstance(node, Prefixed):
        return node.prefix + flat(node.node)
    body = (" " if node.concatenation else ", ").join(flat(item) for item in node.items)
    comma = "," if node.one_tuple else ""
    return f"{node.head}{node.opening}{body}{comma}{node.closing}"


def lay_out(node: Node, depth: int, prefix: str = "", suffix: str = "") -> list[str]:
    """The lines of ``prefix + node + suffix`` at indentation ``depth``, as black breaks them."""
    pad = INDENT * depth
    text = prefix + flat(node) + suffix
    if _fits(pad + text):
        return [pad + text]
    if isinstance(node, Prefixed):
        return lay_out(node.node, depth, prefix + node.prefix, suffix)
    if isinstance(node, str) or not node.items:
        return [pad + text]  # nothing to split: black leaves it long too
    head = pad + prefix + node.head + node.opening
    tail = pad + node.closing + suffix
    body = INDENT * (depth + 1) + flat(_without_head(node))[1:-1]
    if node.signature and len(node.items) == 1:
        body += ","
    if _fits(body) and not _explodes(node):
        return [head, body, tail]
    lines = [head]
    for item in node.items:
        lines += lay_out(item, depth + 1, "", _item_comma(node))
    return [*lines, tail]


def _item_comma(node: Bracket) -> str:
    """Black splits at commas and adds a trailing one; a lone item has none to split at."""
    if node.concatenation or (len(node.items) == 1 and not node.one_tuple and not node.signature):
        return ""
    return ","


def assignment(target: str, value: Node, depth: int) -> list[str]:
    """``target = value`` as black breaks it: in parentheses when even its first line is long."""
    lines = lay_out(value, depth, f"{target} = ")
    if _fits(lines[0]) or not isinstance(value, Bracket):
        return lines
    pad = INDENT * depth
    return [f"{pad}{target} = (", *lay_out(value, depth + 1), f"{pad})"]


def _explodes(node: Bracket) -> bool:
    """A literal tuple, list or dict of several items that is split goes one item per line."""
    return not node.head and not node.concatenation and len(node.items) > 1


def _without_head(node: Bracket) -> Bracket:
    return Bracket(
        "",
        node.opening,
        node.items,
        node.closing,
        node.one_tuple,
        node.signature,
        node.concatenation,
    )


def import_from(module: str, names: Sequence[str], depth: int = 0) -> list[str]:
    """``from module import a, b``; too long, black puts one name per line in parentheses."""
    pad = INDENT * depth
    line = f"{pad}from {module} import {', '.join(names)}"
    if _fits(line):
        return [line]
    return [f"{pad}from {module} import (", *(f"{pad}{INDENT}{n}," for n in names), f"{pad})"]


def _fits(line: str) -> bool:
    if line.isascii():  # one column a character, as black counts too
        return len(line) <= LINE_LENGTH
    # Black counts display columns (a wide character takes two): use its own measure, imported
    # only here because importing black costs a quarter of a second of every cached build.
    from black.strings import str_width

    return str_width(line) <= LINE_LENGTH
