"""YAML text → a node tree with positions → plain data, refusing unsafe documents as it goes.

ruamel.yaml's C parser (libyaml) turns the text into events with positions; this module composes
them into a small node tree itself, without recursion, so that it can refuse absurd nesting and
alias bombs as soon as they appear, then turns the tree into dicts, lists and scalars while
recording every position. Doing this here rather than in ruamel's constructor lets it report
duplicate and non-string keys where they are written and keep timestamps as the text the user
wrote.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # from ruamel.yaml.clib
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)
from ruamel.yaml.reader import ReaderError

from apigen.diagnostics import Diagnostics, Position
from apigen.source import DataPath, SourceMap

LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks YAML parsers count
# Python refuses to convert longer decimal text to int (a guard against quadratic conversion).
MAX_INT_DIGITS = 4300


class TreeLimits(Protocol):
    @property
    def max_depth(self) -> int: ...

    @property
    def max_nodes(self) -> int: ...


def line_column(text_before: str) -> tuple[int, int]:
    """Line and column (from 1) of the character that follows ``text_before``."""
    line, line_start = 1, 0
    for line_break in LINE_BREAK.finditer(text_before):
        line, line_start = line + 1, line_break.end()
    return line, len(text_before) - line_start + 1


# Composing YAML events into nodes ------------------------------------------------------------


@dataclass(eq=False)
class Node:
    line: int  # from 1
    column: int  # from 1
    tag: str | None  # None or "!" when the text carries no tag
    size: int = 1  # nodes once aliases are expanded
    height: int = 0  # levels of mappings and lists, aliases expanded


@dataclass(eq=False)
class Scalar(Node):
    text: str = ""
    plain: bool = False  # unquoted and untagged: its type follows from its text


@dataclass(eq=False)
class CollectionNode(Node):
    is_mapping: bool = False
    items: list[Node] = field(default_factory=list)  # a mapping's keys and values alternate

    def entries(self) -> Iterator[tuple[Node, Node]]:
        return zip(self.items[::2], self.items[1::2], strict=True)


class Refusal(Exception):
    """A problem that stops reading a file, at a line and column counted from 1."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


class _Composer:
    """Builds the node tree of one document from parser events, checking the limits as it goes.

    An alias becomes the anchored node itself, shared; sizes and heights count it expanded.
    """

    def __init__(self, limits: TreeLimits) -> None:
        self.limits = limits
        self.anchors: dict[str, Node] = {}
        self.open: list[CollectionNode] = []
        self.root: Node | None = None
        self.in_document = False

    def compose(self, parser: Any) -> Node | None:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, DocumentStartEvent) and self.in_document:
                raise Refusal(
                    line,
                    column,
                    "E104",
                    "a second YAML document starts here: a spec file holds one document; "
                    "remove this `---` and what follows, or move it to a file of its own",
                )
            self.in_document |= isinstance(event, DocumentStartEvent)
            if isinstance(event, ScalarEvent):
                plain = event.tag is None and bool(event.implicit[0])
                scalar = Scalar(line, column, event.tag, text=event.value, plain=plain)
                if event.anchor is not None:
                    self.anchors[event.anchor] = scalar
                self._add(scalar, line, column)
            elif isinstance(event, AliasEvent):
                self._add(self._aliased(event, line, column), line, column)
            elif isinstance(event, CollectionStartEvent):
                self._start(event, line, column)
            elif isinstance(event, CollectionEndEvent):
                collection = self.open.pop()
                self._add(collection, collection.line, collection.column)
        return self.root

    def _start(self, event: CollectionStartEvent, line: int, column: int) -> None:
        if len(self.open) >= self.limits.max_depth:
            raise _too_deep(line, column, self.limits.max_depth)
        mapping = isinstance(event, MappingStartEvent)
        node = CollectionNode(line, column, event.tag, height=1, is_mapping=mapping)
        if event.anchor is not None:  # known from now on, so a recursive alias is caught
            self.anchors[event.anchor] = node
        self.open.append(node)

    def _aliased(self, event: AliasEvent, line: int, column: int) -> Node:
        node = self.anchors.get(event.anchor)
        if node is None:
            message = (
                f"the alias '*{event.anchor}' has no anchor: define '&{event.anchor}' before it"
            )
            raise Refusal(line, column, "E104", message)
        if node in self.open:
            message = f"the alias '*{event.anchor}' is inside its own anchor: remove the alias"
            raise Refusal(line, column, "E111", message)
        if len(self.open) + node.height > self.limits.max_depth:
            raise _too_deep(line, column, self.limits.max_depth)
        return node

    def _add(self, node: Node, line: int, column: int) -> None:
        """Add a finished node to the open collection; ``line``/``column`` blame the growth."""
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        parent.items.append(node)
        parent.size += node.size
        parent.height = max(parent.height, node.height + 1)
        if parent.size > self.limits.max_nodes:
            raise Refusal(
                line,
                column,
                "E107",
                f"here the document grows past {self.limits.max_nodes:,} nodes once aliases are "
                "expanded: use fewer aliases, or split the spec into included files",
            )


def _too_deep(line: int, column: int, max_depth: int) -> Refusal:
    return Refusal(
        line,
        column,
        "E106",
        f"nested deeper than {max_depth} levels of mappings and lists (aliases expanded): "
        "flatten the structure",
    )


def compose(text: str, limits: TreeLimits) -> Node | None:
    try:
        return _Composer(limits).compose(CParser(text))
    except ReaderError as error:
        line, column = line_column(text[: error.position])
        character = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"the character U+{character:04X} is not allowed in YAML: remove it"
        raise Refusal(line, column, "E104", message) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise Refusal(
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
            "E104",
            f"YAML syntax error: {problem}: fix the YAML here (look for wrong indentation, or "
            "text with ': ' or ' #' that needs quotes)",
        ) from None


# From nodes to plain data --------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset({None, "!", _YAML_TAG + "str", _YAML_TAG + "timestamp"})
_KNOWN_TAGS = _TEXT_TAGS | {
    _YAML_TAG + kind for kind in ("null", "bool", "int", "float", "seq", "map")
}

# The YAML 1.2 core schema as ruamel.yaml reads it; any other plain text (timestamps too) is text.
_PLAIN_TYPES = [
    (_YAML_TAG + "null", re.compile(r"~|null|Null|NULL|")),
    (_YAML_TAG + "bool", re.compile(r"true|True|TRUE|false|False|FALSE")),
    (_YAML_TAG + "int", re.compile(r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)")),
    (
        _YAML_TAG + "float",
        re.compile(
            r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
            r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
]


# All four in one pattern, one group each, in the same order: one match per scalar instead of
# up to four (a large spec has tens of thousands of keys such as `name` or `type`).
_PLAIN_TYPE = re.compile("|".join(f"({pattern.pattern})" for _, pattern in _PLAIN_TYPES))
_PLAIN_TAGS = {group: tag for group, (tag, _) in enumerate(_PLAIN_TYPES, start=1)}


def _to_bool(text: str) -> bool:
    return {"true": True, "false": False}[text.lower()]


def _to_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits[1:] if digits.startswith(("-", "+")) else digits
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _to_float(text: str) -> float:
    number = text.replace("_", "").lower()
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    return special[number] if number in special else float(number)


_CONVERSIONS: dict[str | None, Callable[[str], Any]] = {
    _YAML_TAG + "null": lambda _: None,
    _YAML_TAG + "bool": _to_bool,
    _YAML_TAG + "int": _to_int,
    _YAML_TAG + "float": _to_float,
}


_TYPED_FIRST_CHARACTERS = frozenset("~nNtTfF+-.0123456789")


def _type_tag(node: Scalar) -> str | None:
    """The tag that decides a scalar's type: the one written, or the one its plain text implies."""
    if not node.plain:
        return node.tag
    if node.text and node.text[0] not in _TYPED_FIRST_CHARACTERS:
        return None  # text, known without trying the patterns
    found = _PLAIN_TYPE.fullmatch(node.text)
    return None if found is None else _PLAIN_TAGS[found.lastindex or 0]


def _scalar_value(node: Scalar) -> Any:
    convert = _CONVERSIONS.get(_type_tag(node))
    if convert is None:
        return node.text
    try:
        return convert(node.text)
    except (KeyError, ValueError):  # an explicit tag on text that is not of its type
        return node.text


class Converter:
    """Turns a checked node tree into plain data, recording the position of every node."""

    def __init__(self, file_name: str, source: SourceMap, diagnostics: Diagnostics) -> None:
        self.file_name = file_name
        self.source = source
        self.diagnostics = diagnostics

    def position(self, node: Node) -> Position:
        return Position(self.file_name, node.line, node.column)

    def value(self, node: Node, path: DataPath) -> Any:
        self.source.values[path] = self.position(node)
        if node.tag not in _KNOWN_TAGS:
            shown = str(node.tag).replace(_YAML_TAG, "!!")
            self.diagnostics.error(
                self.position(node),
                "E104",
                f"unsupported YAML tag '{shown}': remove it (a spec holds only mappings, lists, "
                "text, numbers, booleans and null)",
            )
        if isinstance(node, Scalar):
            return self._scalar(node)
        assert isinstance(node, CollectionNode)
        if node.is_mapping:
            return self._mapping(node, path)
        return [self.value(item, (*path, index)) for index, item in enumerate(node.items)]

    def _scalar(self, node: Scalar) -> Any:
        digits = len(node.text.lstrip("+-").replace("_", ""))
        decimal = not node.text.lstrip("+-").startswith(("0x", "0o", "0b"))
        if _type_tag(node) == _YAML_TAG + "int" and decimal and digits > MAX_INT_DIGITS:
            self.diagnostics.error(
                self.position(node),
                "E112",
                f"this integer has {digits:,} digits, more than the limit of {MAX_INT_DIGITS:,}: "
                "write it as a string (in quotes)",
            )
            return node.text
        return _scalar_value(node)

    def _mapping(self, node: CollectionNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node, merged in self._entries(node):
            key = self._key(key_node)
            if key is None:
                continue
            key_path = (*path, key)
            if key not in result:
                self.source.keys[key_path] = self.position(key_node)
                result[key] = self.value(value_node, key_path)
            elif not merged:  # merged entries give way to the mapping's own ones
                first = self.source.keys[key_path].line
                self.diagnostics.error(
                    self.position(key_node),
                    "E105",
                    f"duplicate key '{key}' (first defined at line {first}): remove one of them",
                )
        return result

    def _entries(self, node: CollectionNode) -> Iterator[tuple[Node, Node, bool]]:
        """The mapping's own entries, then those merged in with `<<` (earlier merges first)."""
        merges: list[tuple[Node, Node]] = []
        for key_node, value_node in node.entries():
            if isinstance(key_node, Scalar) and key_node.plain and key_node.text == "<<":
                merges.append((key_node, value_node))
            else:
                yield key_node, value_node, False
        for merge_key, merged in merges:
            sources = [merged]
            if isinstance(merged, CollectionNode) and not merged.is_mapping:
                sources = merged.items
            mappings = [m for m in sources if isinstance(m, CollectionNode) and m.is_mapping]
            if len(mappings) < len(sources):
                self.diagnostics.error(
                    self.position(merge_key),
                    "E203",
                    "`<<` merges mappings: give it an alias of a mapping (`<<: *defaults`) "
                    "or a list of them",
                )
                continue
            for mapping in mappings:
                yield from ((key, value, True) for key, value, _ in self._entries(mapping))

    def _key(self, node: Node) -> str | None:
        tag = _type_tag(node) if isinstance(node, Scalar) else node.tag
        if isinstance(node, Scalar) and tag in _TEXT_TAGS:
            return node.text
        if not isinstance(node, Scalar):
            problem = "a mapping key is a list or a mapping: write a plain name"
        elif tag == _YAML_TAG + "null":
            problem = "a mapping key is empty or null: write a name before the ':'"
        else:
            problem = f'the mapping key {node.text} is not text: quote it ("{node.text}")'
        self.diagnostics.error(self.position(node), "E203", problem)
        return None
