"""JSON request bodies, from a template with ``<name>`` placeholders or from the parameters alone.

A template is parsed once, with every placeholder swapped for a unique sentinel string; each call
then fills a copy of the parsed structure and encodes it, so values are never pasted into JSON text.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .encoding import json_text, jsonable, wire_text

PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.-]+)>")
# A JSON string literal, or a placeholder outside of one (a whole JSON value).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|' + PLACEHOLDER.pattern)
# Marks an unset optional value: its key or array item is left out.
_DROPPED = object()


@dataclass(frozen=True)
class _Template:
    tree: Any
    sentinel: re.Pattern[str]  # matches one sentinel; group 1 indexes `names`
    names: tuple[str, ...]


@functools.cache
def _parse(template: str) -> _Template:
    marker = uuid.uuid4().hex
    names: list[str] = []

    def sentinel(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"\\u0000{marker}:{len(names) - 1}\\u0000"

    def replace(token: re.Match[str]) -> str:
        if token.group(1) is not None:
            return f'"{sentinel(token)}"'
        return PLACEHOLDER.sub(sentinel, token.group(0))

    tree = json.loads(_TOKEN.sub(replace, template))
    return _Template(tree, re.compile(f"\x00{marker}:(\\d+)\x00"), tuple(names))


def render_template(template: str, values: Mapping[str, Any]) -> Any:
    """The template filled with ``values`` (placeholder name to value, None meaning unset,
    ``NULL`` an explicit null).

    Returns JSON data, or None when the whole template is one unset placeholder.
    """
    parsed = _parse(template)
    filled = _fill(parsed.tree, parsed, values)
    return None if filled is _DROPPED else filled


def json_body(
    template: str | None, values: Mapping[str, Any], extra: Mapping[str, Any] | None = None
) -> bytes | None:
    """The encoded JSON body; set values the template does not place join its top-level object,
    and ``extra`` members (the caller's ``extra_body``) are merged over it."""
    if template is None:
        if not values and not extra:
            return None
        data: Any = {}
        placed: tuple[str, ...] = ()
    else:
        data = render_template(template, values)
        placed = _parse(template).names
    if extra and data is None:
        data = {}
    if isinstance(data, dict):
        for name, value in values.items():
            if name not in placed and value is not None:
                data.setdefault(name, jsonable(value))
        data.update({name: jsonable(value) for name, value in (extra or {}).items()})
    return None if data is None else json_text(data).encode()


def _fill(node: Any, parsed: _Template, values: Mapping[str, Any]) -> Any:
    if isinstance(node, str):
        return _fill_string(node, parsed, values)
    if isinstance(node, list):
        items = (_fill(item, parsed, values) for item in node)
        return [item for item in items if item is not _DROPPED]
    if isinstance(node, dict):
        members = ((key, _fill(item, parsed, values)) for key, item in node.items())
        return {
            _fill_text(key, parsed, values): value
            for key, value in members
            if value is not _DROPPED
        }
    return node


def _fill_string(text: str, parsed: _Template, values: Mapping[str, Any]) -> Any:
    whole = parsed.sentinel.fullmatch(text)
    if whole is None:
        return _fill_text(text, parsed, values)
    value = values[parsed.names[int(whole.group(1))]]
    return _DROPPED if value is None else jsonable(value)


def _fill_text(text: str, parsed: _Template, values: Mapping[str, Any]) -> str:
    return parsed.sentinel.sub(lambda m: wire_text(values[parsed.names[int(m.group(1))]]), text)
