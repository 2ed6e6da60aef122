"""Writing imported spec data as YAML: a whole new spec, or one call added to an existing spec.

New text comes from ruamel.yaml's emitter in the layout of the examples (two-space indents,
list items indented under their key, parameters as one-line flow mappings, JSON body templates
as literal blocks). Adding to an existing spec edits its text in place, like
:mod:`apigen.live.spec_edit` does for samples: the new call (or collection, or ``auth``) is
inserted after what is written, so comments, quoting and layout elsewhere stay byte for byte.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.representer import SafeRepresenter

from apigen.importers.report import ImportFailure
from apigen.live.spec_edit import Edit, EditError, NodeExtent, apply, index_nodes, line_end
from apigen.names import snake_case

_INDENT = 2


class Flow(dict[str, Any]):
    """A mapping written on one line: ``{name: limit, in: query, type: integer}``."""


_FLOW_UNSAFE = re.compile(r"[:,\[\]{}#]")


def _represent_flow(representer: SafeRepresenter, data: Flow) -> Any:
    node = representer.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
    # The emitter writes `ft:gpt-4o:org` plain inside {...}, which YAML parsers read as a
    # key: quote plain text that holds a flow indicator.
    _quote_unsafe(node)
    return node


def _quote_unsafe(node: Node) -> None:
    if isinstance(node, ScalarNode):
        is_text = str(node.tag).endswith(":str")
        if node.style is None and is_text and _FLOW_UNSAFE.search(node.value):
            node.style = "'"
        return
    for entry in node.value:
        for child in entry if isinstance(entry, tuple) else (entry,):
            _quote_unsafe(child)


def _represent_text(representer: SafeRepresenter, data: str) -> Any:
    # Multi-line text (body templates, descriptions) reads best as a literal block; the emitter
    # falls back to a quoted scalar when the text cannot be one (trailing spaces, tabs …).
    style = "|" if "\n" in data.strip("\n") else None
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)  # the C emitter cannot indent list items under their key
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 4096  # long descriptions stay on one line instead of folding mid-sentence
    yaml.allow_unicode = True
    yaml.indent(mapping=_INDENT, sequence=2 * _INDENT, offset=_INDENT)
    add: Callable[..., None] = yaml.representer.add_representer
    add(Flow, _represent_flow)
    add(str, _represent_text)
    return yaml


def dump(data: Any) -> str:
    """``data`` as YAML text (block style; :class:`Flow` mappings on one line)."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def new_spec(package: str, collection: dict[str, Any], *, description: str | None = None) -> str:
    """The text of a spec holding one collection."""
    head: dict[str, Any] = {"name": package}
    if description:
        head["description"] = description
    return dump({"apigen": 1, "package": head, "collections": [collection]})


def package_name(collection_name: str) -> str:
    """The import name of a package made for one collection: ``Acme CRM`` → ``acme_crm_sdk``.

    A one-word name is lowered whole, as providers name their packages (``OpenAI`` → ``openai``).
    """
    one_word = collection_name.isascii() and collection_name.isalnum()
    base = (collection_name.lower() if one_word else snake_case(collection_name)) or "api"
    return ("n" + base if base[0].isdigit() else base) + "_sdk"


def add_to_spec(text: str, collection_index: int | None, collection: dict[str, Any]) -> str:
    """``text`` with ``collection`` added, or merged into the collection at ``collection_index``.

    Merging adds the collection's calls after the existing ones and its ``auth`` when the existing
    collection has none; nothing written before changes.
    """
    try:
        nodes = index_nodes(text)
        if collection_index is None:
            return apply(text, [_append_items(text, nodes, ("collections",), (), [collection])])
        path = ("collections", collection_index)
        edits = [_append_items(text, nodes, (*path, "calls"), path, collection["calls"])]
        if "auth" in collection and (*path, "auth") not in nodes:
            edits.append(_add_auth(text, nodes, path, collection["auth"]))
        return apply(text, edits)
    except EditError as error:
        raise ImportFailure(f"cannot add to this spec: {error}") from error


def _append_items(
    text: str,
    nodes: dict[tuple[str | int, ...], NodeExtent],
    list_path: tuple[str | int, ...],
    owner: tuple[str | int, ...],
    items: list[Any],
) -> Edit:
    """The edit that appends ``items`` to the block list at ``list_path`` (made when missing)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    node = nodes.get(list_path)
    if node is None:
        return _add_entry(text, nodes, owner, str(list_path[-1]), items)
    if node.kind != "sequence":
        raise EditError(f"`{list_path[-1]}` is not a list")
    if node.flow:
        if node.size:
            raise EditError(
                f"`{list_path[-1]}` is written as a flow list [...]: write it as a block"
            )
        column = _entry_column(nodes, owner) + _INDENT
        return Edit(node.start, node.end, newline + _indented(dump(items), column, newline))
    end = line_end(text, node.end)
    return Edit(end, end, newline + _indented(dump(items), node.column, newline))


def _add_entry(
    text: str,
    nodes: dict[tuple[str | int, ...], NodeExtent],
    owner: tuple[str | int, ...],
    key: str,
    value: Any,
) -> Edit:
    """The edit that adds ``key: value`` as the last entry of the block mapping at ``owner``."""
    newline = "\r\n" if "\r\n" in text else "\n"
    node = nodes[owner]
    if node.kind != "mapping" or node.flow:
        raise EditError("the collection is written as a flow mapping {...}: write it as a block")
    entry = _indented(dump({key: value}), node.inner_column if owner else 0, newline)
    if not owner:
        separator = "" if text.endswith(("\n", "\r")) or not text else newline
        return Edit(len(text), len(text), separator + entry + newline)
    end = line_end(text, node.end)
    return Edit(end, end, newline + entry)


def _add_auth(
    text: str,
    nodes: dict[tuple[str | int, ...], NodeExtent],
    owner: tuple[str | int, ...],
    auth: Any,
) -> Edit:
    """The edit that adds ``auth`` on the line after the collection's ``base_url``.

    Not at the end of the collection, where the new calls go: two insertions there could land in
    either order.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    base_url = nodes.get((*owner, "base_url"))
    if base_url is None or nodes[owner].flow:
        raise EditError("the collection has no block `base_url` entry to add `auth` after")
    end = line_end(text, base_url.end)
    return Edit(
        end, end, newline + _indented(dump({"auth": auth}), nodes[owner].inner_column, newline)
    )


def _entry_column(
    nodes: dict[tuple[str | int, ...], NodeExtent], owner: tuple[str | int, ...]
) -> int:
    node = nodes.get(owner)
    return node.inner_column if node is not None and owner else 0


def _indented(block: str, column: int, newline: str) -> str:
    """``block`` (ending in a line break) moved right by ``column``, without its last break."""
    pad = " " * column
    # A list dumped on its own is indented by the sequence offset: start it at column 0 first.
    lines = textwrap.dedent(block).rstrip("\n").split("\n")
    return newline.join(pad + line if line else line for line in lines)


def write_text(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``path`` at once (a temporary file renamed over it).

    Without ``replace`` an existing file is refused, so an import never overwrites a spec by
    accident.
    """
    if path.exists() and not replace:
        raise ImportFailure(f"{path} exists: pass --force to replace it")
    if path.is_dir():
        raise ImportFailure(f"{path} is a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
