"""Adding or replacing a call's ``response.samples`` (or adding a key such as ``pagination``) by
editing the spec's text in place.

Only the characters of the ``samples`` list (or the few lines that add it) change: comments,
key order, quoting and blank lines elsewhere stay exactly as written. Positions come from the
same YAML parser the loader uses; each node's extent is measured from its first character to the
end of its last content (block scalars without their trailing line breaks).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # from ruamel.yaml.clib
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)

from apigen.source import DataPath

_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_INDENT = "  "
DEFAULT_STATUS = 200  # of a sample entry without ``status``


class EditError(Exception):
    """The spec's text has a form this module does not edit; the message says what to do."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NodeExtent:
    kind: str  # mapping | sequence | scalar | alias
    start: int
    column: int  # of ``start``, from 0
    end: int  # just after the node's last content character
    inner: int  # where the first entry starts (the node's start for scalars and empty ones)
    inner_column: int  # column of ``inner``, from 0
    flow: bool
    size: int  # entries of a mapping, items of a sequence


@dataclass
class _Open:
    path: DataPath | None  # None inside a mapping key that is itself a collection
    kind: str
    flow: bool
    start: int
    column: int
    inner: int = -1
    inner_column: int = 0
    end: int = 0
    count: int = 0  # children seen; a mapping's keys and values alternate
    key: str | None = None


def samples_edit(
    text: str,
    call_path: DataPath,
    sample_files: Sequence[str],
    *,
    keep_old: bool,
    status: int = 200,
) -> Edit:
    """The edit that makes the call at ``call_path`` (in this file) list ``sample_files``.

    The new entries replace the call's samples, or are added after them with ``keep_old``. They
    record the response's ``status`` unless that is 200, the default.
    """
    nodes = index_nodes(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    reference = _Entries(tuple(_Entry(_yaml_text(file), status) for file in sample_files))
    samples = nodes.get((*call_path, "response", "samples"))
    if samples is not None:
        return _samples(text, samples, reference, newline, keep_old=keep_old)
    response = nodes.get((*call_path, "response"))
    if response is not None:
        return _into_response(text, response, reference, newline)
    call = nodes.get(call_path)
    if call is None or call.kind != "mapping":
        raise EditError("the call was not found where the spec was read")
    return _into_call(text, call, reference, newline)


def key_edit(text: str, call_path: DataPath, key: str, flow_value: str) -> Edit:
    """The edit that adds ``key: flow_value`` as the last key of the call at ``call_path``.

    The value is written in flow style (``{style: cursor, items: data}``) on one line.
    """
    call = index_nodes(text).get(call_path)
    if call is None or call.kind != "mapping":
        raise EditError("the call was not found where the spec was read")
    if call.flow:
        closing = _expect(text, call.end - 1, "}")
        return Edit(closing, closing, (", " if call.size else "") + f"{key}: {flow_value}")
    newline = "\r\n" if "\r\n" in text else "\n"
    end = line_end(text, call.end)
    return Edit(end, end, f"{newline}{' ' * call.inner_column}{key}: {flow_value}")


def apply(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit made; the edits must not overlap."""
    ordered = sorted(edits, key=lambda edit: edit.start, reverse=True)
    for later, edit in itertools.pairwise(ordered):
        if edit.end > later.start:
            raise EditError("two edits overlap")
    for edit in ordered:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


@dataclass(frozen=True)
class _Entry:
    """A new entry of ``samples``: the sample file as YAML text, and its response's status."""

    reference: str
    status: int

    @property
    def flow(self) -> str:
        extra = "" if self.status == DEFAULT_STATUS else f", status: {self.status}"
        return f"{{file: {self.reference}{extra}}}"

    def block(self, column: int, newline: str) -> str:
        """The entry as a block sequence item whose ``-`` is at ``column``."""
        item = f"- file: {self.reference}"
        if self.status == DEFAULT_STATUS:
            return item
        return f"{item}{newline}{' ' * (column + len(_INDENT))}status: {self.status}"


@dataclass(frozen=True)
class _Entries:
    """The new entries of ``samples`` (one per event of a stream), written as one."""

    entries: tuple[_Entry, ...]

    @property
    def flow(self) -> str:
        return ", ".join(entry.flow for entry in self.entries)

    def block(self, column: int, newline: str) -> str:
        """The entries as block sequence items whose ``-`` is at ``column``."""
        separator = newline + " " * column
        return separator.join(entry.block(column, newline) for entry in self.entries)


def _samples(
    text: str, node: NodeExtent, reference: _Entries, newline: str, *, keep_old: bool
) -> Edit:
    flow_item = reference.flow
    if node.kind == "sequence" and node.flow:
        if not keep_old:
            return Edit(node.start, node.end, f"[{flow_item}]")
        closing = _expect(text, node.end - 1, "]")
        return Edit(closing, closing, (", " if node.size else "") + flow_item)
    if node.kind == "sequence":
        block_item = reference.block(node.column, newline)
        end = line_end(text, node.end)
        if not keep_old:
            return Edit(node.start, end, block_item)
        return Edit(end, end, newline + " " * node.column + block_item)
    if keep_old:
        raise EditError("`samples` is not written as a list here: write it as one")
    return Edit(node.start, node.end, f"[{flow_item}]")


def _into_response(text: str, node: NodeExtent, reference: _Entries, newline: str) -> Edit:
    if node.kind != "mapping":
        raise EditError("`response` is not a mapping")
    entry = f"samples: [{reference.flow}]"
    if node.flow:
        opening = _expect(text, text.find("{", node.start), "{") + 1  # after an anchor or tag
        return Edit(opening, opening, entry + (", " if node.size else ""))
    indent = " " * node.inner_column
    item = reference.block(node.inner_column + len(_INDENT), newline)
    lines = ["samples:", f"{indent}{_INDENT}{item}", indent]
    return Edit(node.inner, node.inner, newline.join(lines))


def _into_call(text: str, node: NodeExtent, reference: _Entries, newline: str) -> Edit:
    if node.flow:
        closing = _expect(text, node.end - 1, "}")
        entry = f"response: {{samples: [{reference.flow}]}}"
        return Edit(closing, closing, (", " if node.size else "") + entry)
    indent = " " * node.inner_column
    item = reference.block(node.inner_column + 2 * len(_INDENT), newline)
    lines = [
        "",
        f"{indent}response:",
        f"{indent}{_INDENT}samples:",
        f"{indent}{_INDENT * 2}{item}",
    ]
    end = line_end(text, node.end)
    return Edit(end, end, newline.join(lines))


def _expect(text: str, index: int, character: str) -> int:
    if not 0 <= index < len(text) or text[index] != character:
        raise EditError(f"expected {character!r} at character {index} of the spec")
    return index


def line_end(text: str, index: int) -> int:
    """The end of the line holding ``index`` (a trailing comment stays on its line)."""
    ends = [found for found in (text.find("\n", index), text.find("\r", index)) if found >= 0]
    return min(ends, default=len(text))


def _yaml_text(path: str) -> str:
    """A sample path as a YAML scalar: plain when that is safe, else double-quoted."""
    return path if _PLAIN_PATH.fullmatch(path) else json.dumps(path)


def index_nodes(text: str) -> dict[DataPath, NodeExtent]:
    """Every node of the document that has a data path, with its extent."""
    parser = CParser(text)
    nodes: dict[DataPath, NodeExtent] = {}
    stack: list[_Open] = []
    while not isinstance(event := parser.get_event(), StreamEndEvent):
        start = event.start_mark
        if isinstance(event, ScalarEvent | AliasEvent):
            end = event.end_mark.index
            if isinstance(event, ScalarEvent) and event.style in ("|", ">"):
                end = len(text[start.index : end].rstrip()) + start.index
            kind = "scalar" if isinstance(event, ScalarEvent) else "alias"
            node = NodeExtent(
                kind, start.index, start.column, end, start.index, start.column, False, 0
            )
            key = event.value if isinstance(event, ScalarEvent) else None
            _finish(stack, nodes, _path_of_next(stack), node, key)
        elif isinstance(event, CollectionStartEvent):
            kind = "mapping" if isinstance(event, MappingStartEvent) else "sequence"
            path = _path_of_next(stack)
            stack.append(_Open(path, kind, bool(event.flow_style), start.index, start.column))
        elif isinstance(event, CollectionEndEvent):
            done = stack.pop()
            end = event.end_mark.index if done.flow else max(done.end, done.start)
            inner = done.inner if done.inner >= 0 else done.start
            size = done.count // 2 if done.kind == "mapping" else done.count
            node = NodeExtent(
                done.kind, done.start, done.column, end, inner, done.inner_column, done.flow, size
            )
            _finish(stack, nodes, done.path, node, None)
    return nodes


def _path_of_next(stack: list[_Open]) -> DataPath | None:
    """The data path of the node that comes next; None for mapping keys and what they hold."""
    if not stack:
        return ()
    parent = stack[-1]
    if parent.path is None:
        return None
    if parent.kind == "sequence":
        return (*parent.path, parent.count)
    is_value = parent.count % 2 == 1
    return (*parent.path, parent.key) if is_value and parent.key is not None else None


def _finish(
    stack: list[_Open],
    nodes: dict[DataPath, NodeExtent],
    path: DataPath | None,
    node: NodeExtent,
    key: str | None,
) -> None:
    if stack:
        parent = stack[-1]
        if parent.inner < 0:
            parent.inner, parent.inner_column = node.start, node.column
        parent.end = max(parent.end, node.end)
        if parent.kind == "mapping" and parent.count % 2 == 0:
            parent.key = key
        parent.count += 1
    if path is not None:
        nodes[path] = node
