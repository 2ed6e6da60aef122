"""Loading a spec: YAML files become plain Python data plus the position of every node.

ruamel.yaml's C parser (libyaml) turns the text into events with positions; this module composes
them into a small node tree itself, without recursion, so that it can refuse absurd nesting and
alias bombs as soon as they appear, then turns the tree into dicts, lists and scalars while
recording every position. Doing this here rather than in ruamel's constructor lets it report
duplicate and non-string keys where they are written and keep timestamps as the text the user
wrote. Files named under ``include:`` are read here too: their collections join the spec's.

User mistakes are reported to :class:`~apigen.diagnostics.Diagnostics`, never raised.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

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

from apigen.diagnostics import Diagnostics, Position, display_path
from apigen.source import DataPath, SourceMap

ALLOW_SECRET_MARKER = "# apigen: allow-secret"


@dataclass(frozen=True)
class Limits:
    max_spec_bytes: int = 5 * 1024 * 1024  # a spec or included YAML file
    max_sample_bytes: int = 64 * 1024 * 1024  # a JSON sample file
    max_depth: int = 100  # nesting of mappings/sequences
    max_nodes: int = 500_000  # nodes after alias expansion (alias bombs)


DEFAULT_LIMITS = Limits()


@dataclass
class LoadedSpec:
    path: Path  # the root spec file (resolved, absolute)
    root_dir: Path  # its directory: no referenced file may leave this tree
    data: dict[str, Any]  # plain data; included files' collections appended to data["collections"]
    source: SourceMap  # positions of every node of `data`
    collection_files: list[Path]  # for each entry of data["collections"], the file it came from
    allow_secret_lines: frozenset[tuple[str, int]]  # (display file name, line) of the marker


def load_spec(
    path: Path, diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> LoadedSpec | None:
    """Read the spec at ``path`` and the files it includes.

    None when the root file gives no mapping to work with (unreadable, not YAML, refused by a
    limit, or not a mapping); the reason is reported.
    """
    spec_path = path.resolve()
    at = Position(display_path(spec_path))
    root = _load_yaml_file(spec_path, at, _SPEC_SHAPE, diagnostics, limits)
    if root is None:
        return None
    collections = root.data.get("collections")
    spec = LoadedSpec(
        path=spec_path,
        root_dir=spec_path.parent,
        data=root.data,
        source=root.source,
        collection_files=[spec_path] * len(collections) if isinstance(collections, list) else [],
        allow_secret_lines=frozenset(root.allow_secret_lines),
    )
    _add_included_files(spec, diagnostics, limits)
    return spec


def resolve_inside(reference: str, base_dir: Path, root_dir: Path) -> Path | None:
    """``reference`` resolved against ``base_dir``; None if absolute or outside ``root_dir``."""
    if _is_absolute(reference):
        return None
    try:
        target = (base_dir / reference).resolve()
        root = root_dir.resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, NUL characters
        return None
    return target if target.is_relative_to(root) else None


def read_json_file(
    path: Path, position: Position, diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> tuple[bool, Any]:
    """Read a JSON sample; ``position`` is where the spec names the file."""
    text = _read_text(path, position, limits.max_sample_bytes, diagnostics)
    if text is None:
        return False, None
    name = display_path(path)
    try:
        value = json.loads(text)
        too_deep = _nested_deeper_than(value, limits.max_depth)
    except json.JSONDecodeError as error:
        where = Position(name, error.lineno, error.colno)
        diagnostics.error(
            where, "E110", f"not valid JSON: {error.msg}: fix the file or record it again"
        )
        return False, None
    except RecursionError:
        too_deep = True
    if too_deep:
        diagnostics.error(
            Position(name),
            "E106",
            f"the sample is nested deeper than {limits.max_depth} levels: keep only the levels "
            "the client needs",
        )
        return False, None
    return True, value


# Reading files -------------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks YAML parsers count


def _read_text(path: Path, at: Position, limit: int, diagnostics: Diagnostics) -> str | None:
    """The UTF-8 text of ``path`` (a byte order mark dropped); ``at`` names it in the spec."""
    name = display_path(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)  # never more, whatever the file claims to be
    except OSError as error:
        diagnostics.error(at, "E101", _unreadable(name, error))
        return None
    if len(raw) > limit:
        diagnostics.error(
            at,
            "E102",
            f"'{name}' is larger than the limit of {limit:,} bytes: make it smaller "
            "(split a spec into included files, trim a sample)",
        )
        return None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw[: error.start].decode("utf-8"))
        diagnostics.error(
            Position(name, line, column),
            "E103",
            f"not valid UTF-8 text (byte 0x{raw[error.start]:02x}): save the file as UTF-8",
        )
        return None


def _unreadable(name: str, error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return f"file '{name}' does not exist: check the path"
    if isinstance(error, IsADirectoryError):
        return f"'{name}' is a directory, not a file: name a file"
    if isinstance(error, PermissionError):
        return f"'{name}' cannot be read (permission denied): make it readable"
    return f"'{name}' cannot be read ({error.strerror or error}): check the file"


def _line_column(text_before: str) -> tuple[int, int]:
    """Line and column (from 1) of the character that follows ``text_before``."""
    line, line_start = 1, 0
    for line_break in _LINE_BREAK.finditer(text_before):
        line, line_start = line + 1, line_break.end()
    return line, len(text_before) - line_start + 1


def _allow_secret_lines(name: str, text: str) -> set[tuple[str, int]]:
    if ALLOW_SECRET_MARKER not in text:
        return set()
    lines = enumerate(_LINE_BREAK.split(text), start=1)
    return {(name, number) for number, line in lines if ALLOW_SECRET_MARKER in line}


def _is_absolute(reference: str) -> bool:
    return PurePosixPath(reference).is_absolute() or bool(PureWindowsPath(reference).anchor)


def _nested_deeper_than(value: Any, max_depth: int) -> bool:
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (dict, list)):
            if depth > max_depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return False


# Composing YAML events into nodes ------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    line: int  # from 1
    column: int  # from 1
    tag: str | None  # None or "!" when the text carries no tag
    size: int = 1  # nodes once aliases are expanded
    height: int = 0  # levels of mappings and lists, aliases expanded


@dataclass(eq=False)
class _Scalar(_Node):
    text: str = ""
    plain: bool = False  # unquoted and untagged: its type follows from its text


@dataclass(eq=False)
class _Collection(_Node):
    is_mapping: bool = False
    items: list[_Node] = field(default_factory=list)  # a mapping's keys and values alternate

    def entries(self) -> Iterator[tuple[_Node, _Node]]:
        return zip(self.items[::2], self.items[1::2], strict=True)


class _Refusal(Exception):
    """A problem that stops reading a file, at a line and column counted from 1."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


class _Composer:
    """Builds the node tree of one document from parser events, checking the limits as it goes.

    An alias becomes the anchored node itself, shared; sizes and heights count it expanded.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.anchors: dict[str, _Node] = {}
        self.open: list[_Collection] = []
        self.root: _Node | None = None
        self.in_document = False

    def compose(self, parser: Any) -> _Node | None:
        while not isinstance(event := parser.get_event(), StreamEndEvent):
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, DocumentStartEvent) and self.in_document:
                raise _Refusal(
                    line,
                    column,
                    "E104",
                    "a second YAML document starts here: a spec file holds one document; "
                    "remove this `---` and what follows, or move it to a file of its own",
                )
            self.in_document |= isinstance(event, DocumentStartEvent)
            if isinstance(event, ScalarEvent):
                plain = event.tag is None and bool(event.implicit[0])
                scalar = _Scalar(line, column, event.tag, text=event.value, plain=plain)
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
        node = _Collection(line, column, event.tag, height=1, is_mapping=mapping)
        if event.anchor is not None:  # known from now on, so a recursive alias is caught
            self.anchors[event.anchor] = node
        self.open.append(node)

    def _aliased(self, event: AliasEvent, line: int, column: int) -> _Node:
        node = self.anchors.get(event.anchor)
        if node is None:
            message = (
                f"the alias '*{event.anchor}' has no anchor: define '&{event.anchor}' before it"
            )
            raise _Refusal(line, column, "E104", message)
        if node in self.open:
            message = f"the alias '*{event.anchor}' is inside its own anchor: remove the alias"
            raise _Refusal(line, column, "E111", message)
        if len(self.open) + node.height > self.limits.max_depth:
            raise _too_deep(line, column, self.limits.max_depth)
        return node

    def _add(self, node: _Node, line: int, column: int) -> None:
        """Add a finished node to the open collection; ``line``/``column`` blame the growth."""
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        parent.items.append(node)
        parent.size += node.size
        parent.height = max(parent.height, node.height + 1)
        if parent.size > self.limits.max_nodes:
            raise _Refusal(
                line,
                column,
                "E107",
                f"here the document grows past {self.limits.max_nodes:,} nodes once aliases are "
                "expanded: use fewer aliases, or split the spec into included files",
            )


def _too_deep(line: int, column: int, max_depth: int) -> _Refusal:
    return _Refusal(
        line,
        column,
        "E106",
        f"nested deeper than {max_depth} levels of mappings and lists (aliases expanded): "
        "flatten the structure",
    )


def _compose(text: str, limits: Limits) -> _Node | None:
    try:
        return _Composer(limits).compose(CParser(text))
    except ReaderError as error:
        line, column = _line_column(text[: error.position])
        character = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"the character U+{character:04X} is not allowed in YAML: remove it"
        raise _Refusal(line, column, "E104", message) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise _Refusal(
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


def _type_tag(node: _Scalar) -> str | None:
    """The tag that decides a scalar's type: the one written, or the one its plain text implies."""
    if not node.plain:
        return node.tag
    if node.text and node.text[0] not in _TYPED_FIRST_CHARACTERS:
        return None  # text, known without trying the patterns
    return next((tag for tag, pattern in _PLAIN_TYPES if pattern.fullmatch(node.text)), None)


def _scalar_value(node: _Scalar) -> Any:
    convert = _CONVERSIONS.get(_type_tag(node))
    if convert is None:
        return node.text
    try:
        return convert(node.text)
    except (KeyError, ValueError):  # an explicit tag on text that is not of its type
        return node.text


class _Converter:
    """Turns a checked node tree into plain data, recording the position of every node."""

    def __init__(self, file_name: str, source: SourceMap, diagnostics: Diagnostics) -> None:
        self.file_name = file_name
        self.source = source
        self.diagnostics = diagnostics

    def position(self, node: _Node) -> Position:
        return Position(self.file_name, node.line, node.column)

    def value(self, node: _Node, path: DataPath) -> Any:
        self.source.values[path] = self.position(node)
        if node.tag not in _KNOWN_TAGS:
            shown = str(node.tag).replace(_YAML_TAG, "!!")
            self.diagnostics.error(
                self.position(node),
                "E104",
                f"unsupported YAML tag '{shown}': remove it (a spec holds only mappings, lists, "
                "text, numbers, booleans and null)",
            )
        if isinstance(node, _Scalar):
            return _scalar_value(node)
        assert isinstance(node, _Collection)
        if node.is_mapping:
            return self._mapping(node, path)
        return [self.value(item, (*path, index)) for index, item in enumerate(node.items)]

    def _mapping(self, node: _Collection, path: DataPath) -> dict[str, Any]:
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

    def _entries(self, node: _Collection) -> Iterator[tuple[_Node, _Node, bool]]:
        """The mapping's own entries, then those merged in with `<<` (earlier merges first)."""
        merges: list[tuple[_Node, _Node]] = []
        for key_node, value_node in node.entries():
            if isinstance(key_node, _Scalar) and key_node.plain and key_node.text == "<<":
                merges.append((key_node, value_node))
            else:
                yield key_node, value_node, False
        for merge_key, merged in merges:
            sources = [merged]
            if isinstance(merged, _Collection) and not merged.is_mapping:
                sources = merged.items
            mappings = [m for m in sources if isinstance(m, _Collection) and m.is_mapping]
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

    def _key(self, node: _Node) -> str | None:
        tag = _type_tag(node) if isinstance(node, _Scalar) else node.tag
        if isinstance(node, _Scalar) and tag in _TEXT_TAGS:
            return node.text
        if not isinstance(node, _Scalar):
            problem = "a mapping key is a list or a mapping: write a plain name"
        elif tag == _YAML_TAG + "null":
            problem = "a mapping key is empty or null: write a name before the ':'"
        else:
            problem = f'the mapping key {node.text} is not text: quote it ("{node.text}")'
        self.diagnostics.error(self.position(node), "E203", problem)
        return None


# YAML files and includes ---------------------------------------------------------------------

_SPEC_SHAPE = "a spec is a mapping that starts with `apigen: 1`"
_INCLUDED_SHAPE = "an included file is a mapping that holds only `collections`"


@dataclass
class _YamlFile:
    data: dict[str, Any]
    source: SourceMap
    allow_secret_lines: set[tuple[str, int]]


def _load_yaml_file(
    path: Path, at: Position, shape: str, diagnostics: Diagnostics, limits: Limits
) -> _YamlFile | None:
    text = _read_text(path, at, limits.max_spec_bytes, diagnostics)
    if text is None:
        return None
    name = display_path(path)
    try:
        root = _compose(text, limits)
    except _Refusal as refusal:
        where = Position(name, refusal.line, refusal.column)
        diagnostics.error(where, refusal.code, refusal.message)
        return None
    if not isinstance(root, _Collection) or not root.is_mapping:
        held = (
            "nothing" if root is None else "a list" if isinstance(root, _Collection) else "a value"
        )
        where = Position(name) if root is None else Position(name, root.line, root.column)
        diagnostics.error(where, "E203", f"the file holds {held}, not a mapping: {shape}")
        return None
    source = SourceMap()
    try:
        data = _Converter(name, source, diagnostics).value(root, ())
    except RecursionError:  # only when Limits.max_depth is beyond what Python's stack allows
        diagnostics.error(Position(name), "E106", "the document is nested too deeply: flatten it")
        return None
    return _YamlFile(data, source, _allow_secret_lines(name, text))


def _add_included_files(spec: LoadedSpec, diagnostics: Diagnostics, limits: Limits) -> None:
    """Append the collections of the files under `include` to the spec's, in include order."""
    references = spec.data.get("include")
    collections = spec.data.get("collections", [])
    if not isinstance(references, list) or not isinstance(collections, list):
        return  # validation reports the wrong types
    included: dict[Path, Position] = {}
    secret_lines = set(spec.allow_secret_lines)
    for index, reference in enumerate(references):
        if not isinstance(reference, str):
            continue
        at = spec.source.value(("include", index))
        target = _include_target(reference, at, spec, included, diagnostics)
        if target is None:
            continue
        included[target] = at
        loaded = _load_yaml_file(target, at, _INCLUDED_SHAPE, diagnostics, limits)
        if loaded is None:
            continue
        secret_lines |= loaded.allow_secret_lines
        items = _included_collections(loaded, diagnostics)
        if items:
            spec.source.graft(loaded.source, ("collections",), len(collections))
            collections.extend(items)
            spec.collection_files.extend([target] * len(items))
            spec.data["collections"] = collections
    spec.allow_secret_lines = frozenset(secret_lines)


def _include_target(
    reference: str,
    at: Position,
    spec: LoadedSpec,
    included: dict[Path, Position],
    diagnostics: Diagnostics,
) -> Path | None:
    target = resolve_inside(reference, spec.root_dir, spec.root_dir)
    if target is None and _is_absolute(reference):
        message = f"include path '{reference}' is absolute: write it relative to the spec's folder"
        diagnostics.error(at, "E108", message)
    elif target is None:
        diagnostics.error(
            at,
            "E108",
            f"include path '{reference}' leaves the spec's folder (symbolic links followed): "
            "keep included files inside it",
        )
    elif target == spec.path:
        message = f"the spec includes itself: remove '{reference}' from `include`"
        diagnostics.error(at, "E109", message)
    elif target in included:
        diagnostics.error(
            at,
            "E109",
            f"'{reference}' is already included (line {included[target].line}): "
            "remove one of them",
        )
    else:
        return target
    return None


def _included_collections(loaded: _YamlFile, diagnostics: Diagnostics) -> list[Any]:
    for key in loaded.data:
        if key != "collections":
            advice = (
                "list every file under `include` in the root spec"
                if key == "include"
                else f"move '{key}' to the root spec"
            )
            diagnostics.error(
                loaded.source.key((key,)),
                "E201",
                f"unknown key '{key}': an included file holds only `collections`; {advice}",
            )
    collections = loaded.data.get("collections")
    if isinstance(collections, list):
        return collections
    if "collections" in loaded.data:
        message = "`collections` must be a list of collections"
        diagnostics.error(loaded.source.value(("collections",)), "E203", message)
    else:
        diagnostics.error(
            loaded.source.value(()),
            "E202",
            "the included file has no `collections`: add them, or remove it from `include`",
        )
    return []
