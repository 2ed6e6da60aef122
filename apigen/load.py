"""Load stage: the files of a spec become plain Python data plus the position of every node.

Reads the spec and every file it names under ``include:`` (their collections join the spec's)
within the size limits of :class:`Limits`, decodes them as UTF-8 and hands the text to
:mod:`apigen.yaml_tree`, which parses it, refuses unsafe documents and records positions. Also
reads JSON sample files (:func:`read_json_file`) and keeps the lines marked
``# apigen: allow-secret``.

User mistakes are reported to :class:`~apigen.diagnostics.Diagnostics`, never raised.
"""

from __future__ import annotations

import codecs
import gc
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from apigen.diagnostics import Diagnostics, Position, display_path
from apigen.source import DataPath, SourceMap
from apigen.yaml_tree import (
    LINE_BREAK,
    MAX_INT_DIGITS,
    CollectionNode,
    Converter,
    Refusal,
    compose,
    line_column,
)

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
    # the value of each readable sample file, by the data path of its sample (see load_samples)
    samples: dict[DataPath, Any] = field(default_factory=dict)


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


_SAMPLE_LISTS = ("samples", "error_samples")


def load_samples(
    spec: LoadedSpec, diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> None:
    """Read every sample file the spec names into ``spec.samples``, reporting what cannot be read.

    Files are named relative to the file of their collection and may not leave the spec's folder.
    Only places of the expected shape are read; validation reports the others.
    """
    for path, reference, base_dir, parsed in _sample_files(spec):
        if not parsed:
            continue  # text and binary samples are kept as files, not read as JSON
        position = spec.source.value((*path, "file"))
        target = resolve_inside(reference, base_dir, spec.root_dir)
        if target is None:
            diagnostics.error(
                position,
                "E108",
                f"sample path {reference!r} leaves the spec's directory tree: keep samples "
                f"in a folder next to the spec and use a relative path",
            )
            continue
        ok, value = read_json_file(target, position, diagnostics, limits)
        if ok:
            spec.samples[path] = value


def _sample_files(spec: LoadedSpec) -> Iterator[tuple[DataPath, str, Path, bool]]:
    """(data path of the sample, its file reference, the folder it is relative to, whether it
    is JSON) for every sample file named in a place of the expected shape."""
    collections = zip(_list_at(spec.data, "collections"), spec.collection_files, strict=True)
    for index, (collection, file) in enumerate(collections):
        for call_index, call in enumerate(_list_at(collection, "calls")):
            response = call.get("response") if isinstance(call, dict) else None
            for key in _SAMPLE_LISTS:
                parsed = key != "samples" or not _is_raw(response)
                for sample_index, sample in enumerate(_list_at(response, key)):
                    reference = sample.get("file") if isinstance(sample, dict) else None
                    if isinstance(reference, str) and reference:
                        where = ("collections", index, "calls", call_index, "response", key)
                        yield (*where, sample_index), reference, file.parent, parsed


def _is_raw(response: object) -> bool:
    """Whether the response's samples are raw text or bytes (streams' samples are JSON events)."""
    return isinstance(response, dict) and response.get("type", "json") in ("text", "binary")


def _list_at(node: object, key: str) -> list[Any]:
    """``node[key]`` when node is a mapping and that is a list, else an empty list."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, list) else []


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


def input_files(loaded: LoadedSpec) -> list[Path]:
    """The spec, its included files and the sample files it names: what a build reads."""
    found = [loaded.path, *loaded.collection_files]
    for _, reference, base_dir, _ in _sample_files(loaded):
        target = resolve_inside(reference, base_dir, loaded.root_dir)
        if target is not None:
            found.append(target)
    return sorted(set(found))


def read_json_file(
    path: Path, position: Position, diagnostics: Diagnostics, limits: Limits = DEFAULT_LIMITS
) -> tuple[bool, Any]:
    """Read a JSON sample; ``position`` is where the spec names the file."""
    text = _read_text(path, position, limits.max_sample_bytes, diagnostics)
    if text is None:
        return False, None
    name = display_path(path)
    try:
        value = _parse_json(text)
        depth, keys = _depth_and_keys(value)
        if keys != _key_tokens_at_most(text):
            # Some key token was not counted as a key: a repeated key, or only text such as
            # `\":` inside a string. The exact hook tells them apart (and raises on a repeat).
            json.loads(text, object_pairs_hook=_unique_keys)
        too_deep = depth > limits.max_depth
    except json.JSONDecodeError as error:
        where = Position(name, error.lineno, error.colno)
        diagnostics.error(
            where, "E110", f"not valid JSON: {error.msg}: fix the file or record it again"
        )
        return False, None
    except (_DuplicateKey, ValueError):  # ValueError: an integer past Python's digit limit
        offset, code, message = _json_problem(text)
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        diagnostics.error(Position(name, line, column), code, message)
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


def _parse_json(text: str) -> Any:
    """``json.loads`` at C speed, the cyclic garbage collector kept off the values it makes.

    Parsed JSON holds no cycles, yet every container counts towards the collector's next pass,
    and each pass walks every container still alive: for a 50 MB sample, passes that could free
    nothing took more time than parsing. The collector is paused while parsing; a large sample's
    values, kept for the whole run, are then frozen (left out of all later passes; freed as
    usual when no longer used). Small ones are left alone: freezing holds on to whatever cyclic
    garbage the process has at that moment.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        value = json.loads(text)
    finally:
        if paused:
            gc.enable()
    if len(text) >= _FROZEN_SAMPLE_SIZE:
        gc.freeze()
    return value


_FROZEN_SAMPLE_SIZE = 1024 * 1024  # characters


def _depth_and_keys(value: Any) -> tuple[int, int]:
    """How many levels of containers ``value`` nests, and how many keys its objects hold.

    One level at a time: scalars, most of a sample, are looked at once and never stored.
    """
    level = [value] if type(value) in _CONTAINERS else []
    depth = keys = 0
    while level:
        depth += 1
        objects = [item for item in level if type(item) is dict]
        keys += sum(map(len, objects))
        children = chain(
            chain.from_iterable(map(dict.values, objects)),
            chain.from_iterable(item for item in level if type(item) is list),
        )
        level = [child for child in children if type(child) in _CONTAINERS]
    return depth, keys


_CONTAINERS = frozenset({dict, list})


def _key_tokens_at_most(text: str) -> int | None:
    """At least as many as the keys written in JSON ``text``, and as many in practice.

    A key is a string followed by a colon, maybe after white space: its colon follows either its
    closing quote or one of the four JSON white space characters. A quote before a colon closes
    a string unless an odd number of backslashes precede it (``\\":`` is the text ``":`` inside
    a string, as in a JSON request body kept as a string). What else is counted (a string that
    starts with a colon, ``a :`` inside a string) is rare. The parsed objects hold fewer keys
    than ``text`` writes exactly when a key repeats, so equal counts prove that none repeats,
    without a Python call per object. None when a long run of backslashes makes counting cost
    more than the exact check (each backslash of the run is one more pass over the text).
    """
    found = sum(text.count(space + ":") for space in " \t\n\r")
    # Quotes before a colon after exactly k backslashes, k even: c0 - c1 + c2 - ..., where ck
    # counts those after at least k.
    backslashes = 0
    while (count := text.count("\\" * backslashes + '":')) > 0:
        if backslashes == _COUNTED_BACKSLASHES:
            return None
        found += -count if backslashes % 2 else count
        backslashes += 1
    return found


_COUNTED_BACKSLASHES = 8  # longer runs before a quote and colon: the exact check decides


class _DuplicateKey(Exception):
    """A JSON object names a key twice; :func:`_json_problem` finds where."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) < len(pairs):
        raise _DuplicateKey
    return value


# A string, a structural character, or an integer (no fraction, no exponent) too long to convert.
_JSON_TOKEN = re.compile(
    r'["{}\[\],:]|(?<![.0-9])-?[0-9]{' + str(MAX_INT_DIGITS + 1) + r",}(?![.eE0-9])"
)


def _json_problem(text: str) -> tuple[int, str, str]:
    """Offset, code and message of the first repeated key or overlong integer of JSON ``text``.

    Runs only after the fast parser met one of them, so it may walk the text token by token.
    """
    objects: list[dict[str, int] | None] = []  # per open bracket: an object's keys, or None
    expect_key = False
    position = 0
    while (match := _JSON_TOKEN.search(text, position)) is not None:
        token, start = match.group(), match.start()
        position = match.end()
        if token == '"':
            key, position = json.decoder.scanstring(text, position)  # type: ignore[attr-defined]
            keys = objects[-1] if objects else None
            if expect_key and keys is not None:
                if key in keys:
                    first = text.count("\n", 0, keys[key]) + 1
                    message = f"duplicate key {key!r} (first defined at line {first}): remove one"
                    return start, "E105", message + " of them"
                keys[key] = start
        elif token in "{[":
            objects.append({} if token == "{" else None)
            expect_key = token == "{"
        elif token in "}]":
            objects.pop()
            expect_key = False
        elif token == ",":
            expect_key = bool(objects) and objects[-1] is not None
        elif token == ":":
            expect_key = False
        else:
            return (
                start,
                "E112",
                (
                    f"this integer has {len(token.lstrip('-')):,} digits, more than the limit of "
                    f"{MAX_INT_DIGITS:,}: write it as a string"
                ),
            )
    raise AssertionError("the JSON parser refused text that has no repeated key or long number")


# Reading files -------------------------------------------------------------------------------


def _read_text(path: Path, at: Position, limit: int, diagnostics: Diagnostics) -> str | None:
    """The UTF-8 text of ``path`` (a byte order mark dropped); ``at`` names it in the spec."""
    name = display_path(path)
    try:
        raw = _read_regular_file(path, limit + 1)  # never more, whatever the file claims to be
    except _NotAFile as error:
        diagnostics.error(at, "E101", f"'{name}' is {error.kind}, not a file: name a file")
        return None
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
        line, column = line_column(raw[: error.start].decode("utf-8"))
        diagnostics.error(
            Position(name, line, column),
            "E103",
            f"not valid UTF-8 text (byte 0x{raw[error.start]:02x}): save the file as UTF-8",
        )
        return None


class _NotAFile(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _read_regular_file(path: Path, size: int) -> bytes:
    """At most ``size`` bytes of the regular file at ``path``.

    Anything else raises :class:`_NotAFile` before a byte is read: a named pipe or a device could
    block forever or never end. Opened without blocking (which opening a pipe otherwise does) and
    checked on the open descriptor, so the file cannot be swapped between check and read.
    """
    _require_regular(os.stat(path).st_mode)  # a socket cannot even be opened
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        _require_regular(os.fstat(descriptor).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(size)
    finally:
        os.close(descriptor)


def _require_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise _NotAFile(next((k for test, k in _FILE_KINDS if test(mode)), "a special file"))


def _unreadable(name: str, error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return f"file '{name}' does not exist: check the path"
    if isinstance(error, PermissionError):
        return f"'{name}' cannot be read (permission denied): make it readable"
    return f"'{name}' cannot be read ({error.strerror or error}): check the file"


def _allow_secret_lines(name: str, text: str) -> set[tuple[str, int]]:
    if ALLOW_SECRET_MARKER not in text:
        return set()
    lines = enumerate(LINE_BREAK.split(text), start=1)
    return {(name, number) for number, line in lines if ALLOW_SECRET_MARKER in line}


def _is_absolute(reference: str) -> bool:
    return PurePosixPath(reference).is_absolute() or bool(PureWindowsPath(reference).anchor)


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
        root = compose(text, limits)
    except Refusal as refusal:
        where = Position(name, refusal.line, refusal.column)
        diagnostics.error(where, refusal.code, refusal.message)
        return None
    if not isinstance(root, CollectionNode) or not root.is_mapping:
        held = (
            "nothing"
            if root is None
            else "a list" if isinstance(root, CollectionNode) else "a value"
        )
        where = Position(name) if root is None else Position(name, root.line, root.column)
        diagnostics.error(where, "E203", f"the file holds {held}, not a mapping: {shape}")
        return None
    source = SourceMap()
    try:
        data = Converter(name, source, diagnostics).value(root, ())
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
