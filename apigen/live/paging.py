"""Recognising a paginated response, to suggest the ``pagination:`` block of its call.

``apigen initialize`` looks at each recorded JSON response and its headers: a ``Link`` header
with ``rel="next"``; a list of items beside ``has_more``, a next cursor (``next_cursor``,
``next``, ``cursor`` …) or page numbers (``page`` with ``total_pages``) or an ``offset``. The
suggestion names only parameters the call declares (a cursor parameter it lacks is reported, not
guessed), so a written block passes ``apigen check``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from apigen import ir

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_ITEM_KEYS = ("data", "items", "results", "records", "entries", "values", "list")
_HAS_MORE_KEYS = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "more")
_CURSOR_KEYS = (
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "cursor",
    "next",
)
_CURSOR_PARAMS = ("cursor", "starting_after", "after", "page_token", "pageToken", "next", "token")
_META_KEYS = ("meta", "pagination", "paging", "page_info", "pageInfo", "response_metadata")
_TOTAL_PAGES_KEYS = ("total_pages", "totalPages", "pages", "page_count", "last_page")


@dataclass(frozen=True)
class Suggestion:
    """A ``pagination:`` block (keys in the order they are written), or why it is incomplete."""

    block: dict[str, str]
    missing: str = ""  # what the call lacks for the block to work; empty when complete

    def flow_text(self) -> str:
        """The block as a YAML flow mapping: ``{style: cursor, items: data}``."""
        return (
            "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in self.block.items()) + "}"
        )

    def block_lines(self) -> list[str]:
        return ["pagination:", *(f"  {key}: {_scalar(v)}" for key, v in self.block.items())]


def _scalar(value: str) -> str:
    """A YAML scalar for a key or place: plain when safe in flow style, else double-quoted."""
    return value if _PLAIN.fullmatch(value) else json.dumps(value)


def suggest(call: ir.Call, body: Any, headers: httpx.Headers) -> Suggestion | None:
    """The pagination the response suggests for ``call``, or None when it looks like one page."""
    if call.pagination is not None or call.response_type != "json":
        return None
    items = _items_place(body)
    if "next" in httpx.Response(200, headers=headers).links:
        return Suggestion({"style": "link", **({"items": items} if items else {})})
    if not isinstance(body, dict) or items is None:
        return None
    found = _found(body)
    query = {p.wire_name for p in call.params if p.kwarg}
    block = {"items": items}
    if "cursor" in found or ("has_more" in found and _has_ids(body, items)):
        return _cursor(block, found, items, query)
    if "page" in body and any(key in body for key in _TOTAL_PAGES_KEYS):
        page = {"style": "page", **block}
        if "page" not in query:
            return Suggestion(page, "a `page` query parameter (type: integer)")
        return Suggestion(page)
    if "offset" in body:
        offset = {"style": "offset", **block, **_has_more(found)}
        return Suggestion(offset, "" if "offset" in query else "an `offset` query parameter")
    return None


def _items_place(body: Any) -> str | None:
    if isinstance(body, list):
        return None
    if not isinstance(body, dict):
        return None
    for key in (*_ITEM_KEYS, *body):
        if isinstance(body.get(key), list):
            return str(key)
    return None


def _found(body: Mapping[str, Any]) -> dict[str, str]:
    """Places of a has-more flag and a next cursor, at the top level or one level down."""
    found: dict[str, str] = {}
    scopes: list[tuple[str, Mapping[str, Any]]] = [("", body)]
    scopes += [(f"{key}.", body[key]) for key in _META_KEYS if isinstance(body.get(key), dict)]
    for prefix, scope in scopes:
        for key in _HAS_MORE_KEYS:
            if isinstance(scope.get(key), bool):
                found.setdefault("has_more", prefix + key)
        for key in _CURSOR_KEYS:
            value = scope.get(key, False)
            is_cursor = value is None or (isinstance(value, str) and "://" not in value)
            if key in scope and is_cursor:
                found.setdefault("cursor", prefix + key)
    return found


def _has_ids(body: Mapping[str, Any], items: str) -> bool:
    listed = body.get(items)
    return (
        isinstance(listed, list)
        and bool(listed)
        and all(isinstance(i, dict) and "id" in i for i in listed)
    )


def _has_more(found: Mapping[str, str]) -> dict[str, str]:
    return {"has_more": found["has_more"]} if "has_more" in found else {}


def _cursor(
    block: dict[str, str], found: Mapping[str, str], items: str, query: set[str]
) -> Suggestion:
    declared = [name for name in _CURSOR_PARAMS if name in query]
    cursor_param = declared[0] if declared else "cursor"
    next_cursor = found.get("cursor", f"{items}[-1].id")
    complete = {
        "style": "cursor",
        **block,
        "cursor_param": cursor_param,
        "next_cursor": next_cursor,
        **_has_more(found),
    }
    if declared:
        return Suggestion(complete)
    wanted = "starting_after" if "cursor" not in found else "cursor"
    complete["cursor_param"] = wanted
    return Suggestion(complete, f"a `{wanted}` query parameter (required: false)")
