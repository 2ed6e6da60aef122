"""Loading a spec: YAML files become plain Python data plus the position of every node.

ruamel.yaml's pure-Python reader, scanner, parser and composer build a node tree whose nodes
carry their start marks; this module turns that tree into dicts, lists and scalars itself, so it
can record every position, report duplicate and non-string keys where they are written, keep
timestamps as the text the user wrote, and refuse alias bombs before expanding them. Files named
under ``include:`` are read here too: their collections join the root spec's.

User mistakes are reported to :class:`~apigen.diagnostics.Diagnostics`, never raised.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.reader import Reader, ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner

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
    allow_secret_lines: frozenset[
        tuple[str, int]
    ]  # (display file name, line) of allow-secret lines


def load_spec(
    path: Path, diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> LoadedSpec | None:
    """Read the spec at ``path`` and the files it includes.

    None when the root file gives no mapping to work with (unreadable, not YAML, refused by a
    limit, or not a mapping); the reason is reported.
    """
    spec_path = path.absolute().resolve()
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

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks ruamel counts


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
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, (dict, list)):
            if depth > max_depth:
                return True
            pending.extend((child, depth + 1) for child in children)
    return False


# YAML files ----------------------------------------------------------------------------------

_SPEC_SHAPE = "a spec is a mapping that starts with `apigen: 1`"
_INCLUDED_SHAPE = "an included file is a mapping that holds only `collections`"


@dataclass
class _YamlFile:
    data: dict[str, Any]
    source: SourceMap
    allow_secret_lines: set[tuple[str, int]]


class _Refusal(Exception):
    """A problem that stops reading a file, at a line and column counted from 1."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message

    @classmethod
    def at(cls, mark: Any, code: str, message: str) -> _Refusal:
        return cls(mark.line + 1, mark.column + 1, code, message)


def _load_yaml_file(
    path: Path, at: Position, shape: str, diagnostics: Diagnostics, limits: Limits
) -> _YamlFile | None:
    text = _read_text(path, at, limits.max_spec_bytes, diagnostics)
    if text is None:
        return None
    name = display_path(path)
    try:
        root = _compose(text, limits.max_depth)
        if root is not None:
            _check_expansion(root, limits)
    except _Refusal as refusal:
        where = Position(name, refusal.line, refusal.column)
        diagnostics.error(where, refusal.code, refusal.message)
        return None
    if not isinstance(root, MappingNode):
        held = (
            "nothing" if root is None else "a list" if isinstance(root, SequenceNode) else "a value"
        )
        where = Position(name) if root is None else _position(name, root)
        diagnostics.error(where, "E203", f"the file holds {held}, not a mapping: {shape}")
        return None
    source = SourceMap()
    data = _Converter(name, source, diagnostics).value(root, ())
    return _YamlFile(data, source, _allow_secret_lines(name, text))


class _SpecLoader(Reader, Scanner, Parser, Composer, VersionedResolver):
    """ruamel's pure-Python stages up to the node tree, limited in nesting depth."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.comment_handling = None
        Reader.__init__(self, text, loader=self)
        Scanner.__init__(self, loader=self)
        Parser.__init__(self, loader=self)
        Composer.__init__(self, loader=self)
        VersionedResolver.__init__(self, loader=self)
        self.warn_double_anchors = False  # YAML allows redefining an anchor
        self.max_depth = 0  # ruamel's own limit counts scalars as levels; ours counts collections
        self.max_collection_depth = max_depth
        self.collection_depth = 0

    def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
        # The scanner reads up to a line ahead of the composer, slowing down with each open
        # bracket, so absurd flow nesting is refused here already (open block collections
        # are counted by the indentation stack).
        if len(self.indents) + self.flow_level >= self.max_collection_depth:
            raise _too_deep(self.reader.get_mark(), self.max_collection_depth)
        super().fetch_flow_collection_start(token_class, to_push)

    def compose_sequence_node(self, anchor: Any) -> Any:
        return self._compose_collection(super().compose_sequence_node, anchor)

    def compose_mapping_node(self, anchor: Any) -> Any:
        return self._compose_collection(super().compose_mapping_node, anchor)

    def _compose_collection(self, compose: Callable[[Any], Any], anchor: Any) -> Any:
        self.collection_depth += 1
        if self.collection_depth > self.max_collection_depth:
            raise _too_deep(self.peek_event().start_mark, self.max_collection_depth)
        node = compose(anchor)
        self.collection_depth -= 1
        return node

    def get_single_node(self) -> Any:
        self.get_event()  # the stream start
        root = None if self.check_event(StreamEndEvent) else self.compose_document()
        if not self.check_event(StreamEndEvent):
            raise _Refusal.at(
                self.peek_event().start_mark,
                "E104",
                "a second YAML document starts here: a spec file holds one document; remove "
                "this `---` and what follows, or move it to a file of its own",
            )
        return root


def _compose(text: str, max_depth: int) -> Node | None:
    try:
        root: Node | None = _SpecLoader(text, max_depth).get_single_node()
    except RecursionError as error:  # only when max_depth exceeds what Python's stack allows
        raise _Refusal(1, 1, "E106", f"the document is nested too deeply: {error}") from None
    except ReaderError as error:
        line, column = _line_column(text[: error.position])
        raise _Refusal(
            line,
            column,
            "E104",
            f"the character U+{error.character:04X} is not allowed in YAML: remove it",
        ) from None
    except MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except YAMLError as error:
        raise _Refusal(1, 1, "E104", f"YAML error: {error}: fix the file") from None
    return root


def _syntax_error(error: MarkedYAMLError) -> _Refusal:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    context = ""
    if error.context and error.context_mark and error.problem:
        context = f" ({error.context} at line {error.context_mark.line + 1})"
    return _Refusal(
        mark.line + 1 if mark else 1,
        mark.column + 1 if mark else 1,
        "E104",
        f"YAML syntax error: {problem}{context}: fix the YAML here (check the indentation, "
        "and quote text that contains ': ' or ' #')",
    )


def _too_deep(mark: Any, max_depth: int) -> _Refusal:
    return _Refusal.at(
        mark,
        "E106",
        f"nested deeper than {max_depth} levels of mappings and lists (aliases expanded): "
        "flatten the structure",
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [child for entry in node.value for child in entry]
    return node.value if isinstance(node, SequenceNode) else []


def _check_expansion(root: Node, limits: Limits) -> None:
    """Refuse recursive aliases, and trees that grow too big or deep once aliases are expanded.

    Each node is measured once, so an alias bomb is refused after reading, not expanding, it.
    """
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes, nesting) when expanded
    open_nodes: set[int] = set()

    def measure(node: Node, depth: int) -> tuple[int, int]:
        known = measured.get(id(node))
        if known is not None:
            if depth + known[1] > limits.max_depth:
                raise _too_deep(node.start_mark, limits.max_depth)
            return known
        if isinstance(node, ScalarNode):
            return 1, 0
        if id(node) in open_nodes:
            raise _Refusal.at(
                node.start_mark,
                "E111",
                f"the node anchored as '&{node.anchor}' contains an alias to itself: "
                "remove the recursive alias",
            )
        if depth >= limits.max_depth:
            raise _too_deep(node.start_mark, limits.max_depth)
        open_nodes.add(id(node))
        sizes = [measure(child, depth + 1) for child in _children(node)]
        open_nodes.discard(id(node))
        known = 1 + sum(size for size, _ in sizes), 1 + max(
            (nesting for _, nesting in sizes), default=0
        )
        if known[0] > limits.max_nodes:
            raise _Refusal.at(
                node.start_mark,
                "E107",
                f"this node expands to more than {limits.max_nodes:,} nodes once its aliases are "
                "expanded: use fewer aliases",
            )
        measured[id(node)] = known
        return known

    measure(root, 0)


# From nodes to plain data --------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _YAML_TAG + "merge"
_TEXT_TAGS = frozenset(_YAML_TAG + kind for kind in ("str", "timestamp", "value"))
_KNOWN_TAGS = _TEXT_TAGS | {
    _YAML_TAG + kind for kind in ("null", "bool", "int", "float", "merge", "seq", "map")
}


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


_SCALAR_TYPES: dict[str, Callable[[str], Any]] = {
    _YAML_TAG + "null": lambda _: None,
    _YAML_TAG + "bool": _to_bool,
    _YAML_TAG + "int": _to_int,
    _YAML_TAG + "float": _to_float,
}


def _scalar(node: ScalarNode) -> Any:
    """A scalar's value; timestamps and other text stay as written."""
    convert = _SCALAR_TYPES.get(str(node.tag))
    if convert is None:
        return node.value
    try:
        return convert(node.value)
    except (KeyError, ValueError):  # an explicit tag on text that is not of its type
        return node.value


def _position(file_name: str, node: Node) -> Position:
    return Position(file_name, node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns a checked node tree into plain data, recording the position of every node."""

    def __init__(self, file_name: str, source: SourceMap, diagnostics: Diagnostics) -> None:
        self.file_name = file_name
        self.source = source
        self.diagnostics = diagnostics

    def value(self, node: Node, path: DataPath) -> Any:
        position = _position(self.file_name, node)
        self.source.values[path] = position
        tag = str(node.tag)
        if tag not in _KNOWN_TAGS:
            shown = tag.replace(_YAML_TAG, "!!")
            self.diagnostics.error(
                position,
                "E104",
                f"unsupported YAML tag '{shown}': remove it (a spec holds only mappings, lists, "
                "text, numbers, booleans and null)",
            )
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return _scalar(node)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node, merged in self._entries(node):
            key = self._key(key_node)
            if key is None:
                continue
            key_path = (*path, key)
            if key not in result:
                self.source.keys[key_path] = _position(self.file_name, key_node)
                result[key] = self.value(value_node, key_path)
            elif not merged:  # merged entries give way to the mapping's own ones
                first = self.source.keys[key_path].line
                self.diagnostics.error(
                    _position(self.file_name, key_node),
                    "E105",
                    f"duplicate key '{key}' (first defined at line {first}): remove one of them",
                )
        return result

    def _entries(self, node: MappingNode) -> Iterator[tuple[Node, Node, bool]]:
        """The mapping's own entries, then those merged in with `<<` (earlier merges first)."""
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if str(key_node.tag) == _MERGE_TAG:
                merges.append(value_node)
            else:
                yield key_node, value_node, False
        for merge in merges:
            for source in merge.value if isinstance(merge, SequenceNode) else [merge]:
                if isinstance(source, MappingNode):
                    yield from ((key, value, True) for key, value, _ in self._entries(source))
                else:
                    self.diagnostics.error(
                        _position(self.file_name, source),
                        "E203",
                        "`<<` merges mappings: give it an alias of a mapping (`<<: *defaults`) "
                        "or a list of them",
                    )

    def _key(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode) and str(node.tag) in _TEXT_TAGS:
            return str(node.value)
        if not isinstance(node, ScalarNode):
            problem = "a mapping key is a list or a mapping: write a plain name"
        elif node.value == "" or str(node.tag) == _YAML_TAG + "null":
            problem = "a mapping key is empty or null: write a name before the ':'"
        else:
            value = node.value
            problem = f'the mapping key {value} is not text: quote it ("{value}") or rename it'
        self.diagnostics.error(_position(self.file_name, node), "E203", problem)
        return None


# Includes ------------------------------------------------------------------------------------


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
        items = _included_collections(loaded, diagnostics)
        spec.source.graft(loaded.source, ("collections",), len(collections))
        collections.extend(items)
        spec.collection_files.extend([target] * len(items))
        secret_lines |= loaded.allow_secret_lines
        if items:
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
