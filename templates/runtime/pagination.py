"""Paginated calls: where a response keeps its items, and which request fetches the next page.

A call with ``pagination:`` in its spec carries a :class:`Pagination`. After each page,
:func:`next_request` reads the page's body (its validated model, or JSON data) and headers
and gives the :class:`PageRequest` of the next page, or None when there is none: ``has_more`` is
false, the cursor is empty, the page has no items, or the ``Link`` header has no ``rel="next"``.
A cursor (or link) equal to the one that fetched the page raises instead of fetching the same
page forever.

Places are keys from the root joined by ``.``; ``[N]`` picks an array's item (``[-1]``: the last):
``data[-1].id``, ``meta.next_cursor``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard

import httpx
from pydantic import BaseModel

from .errors import APIError

PaginationStyle = Literal["cursor", "offset", "page", "link"]
# A place: keys joined by ".", each key followed by any number of [N] indexes.
PLACE = re.compile(r"[^.\[\]]+(\[-?\d+\])*(\.[^.\[\]]+(\[-?\d+\])*)*")
_SEGMENT = re.compile(r"([^.\[\]]*)((?:\[-?\d+\])*)")
_INDEX = re.compile(r"\[(-?\d+)\]")
_MISSING = object()


class PaginationError(APIError):
    """A next page that would make the pages go round forever, or leave the API's origin."""


@dataclass(frozen=True)
class Pagination:
    """How a call's pages are read and requested (the call's ``pagination:`` in the spec)."""

    style: PaginationStyle
    items: str | None = None  # None: the response itself is the list of items
    cursor_param: str | None = None
    next_cursor: str | None = None
    has_more: str | None = None
    offset_param: str = "offset"
    limit_param: str = "limit"
    page_param: str = "page"


@dataclass(frozen=True)
class PageRequest:
    """What differs in the request of a page: parameters by wire name, or a whole URL (link)."""

    params: Mapping[str, Any] = field(default_factory=dict[str, Any])
    url: str | None = None
    cursor: Any = None  # the cursor or link that asked for this page, to spot a repeat
    offset: int = 0  # items before this page (offset style)
    page: int = 1  # this page's number (page style)


def read_place(data: Any, place: str, missing: Any = None) -> Any:
    """The value at ``place`` in ``data``, or ``missing`` where the place is missing."""
    value = data
    for segment in place.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            return missing
        key, indexes = match.groups()
        if key:
            value = _value(value, key)
        for index in _INDEX.findall(indexes):
            value = _item(value, int(index))
        if value is _MISSING:
            return missing
    return value


# TypeGuards, not isinstance: after isinstance on Any, strict type checkers disagree on the
# item type (pyright: unknown, mypy: Any, and a cast to list[Any] is then redundant to mypy).
def _is_object(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)


def _is_array(value: Any) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _value(value: Any, key: str) -> Any:
    if _is_object(value):
        return value.get(key, _MISSING)
    if isinstance(value, BaseModel):
        name = _field_names(type(value)).get(key)
        if name is not None:
            return getattr(value, name)
        return (value.model_extra or {}).get(key, _MISSING)
    return _MISSING


@functools.cache
def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """A model's field names by wire name (places name keys as the API sends them)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def _item(value: Any, index: int) -> Any:
    if not _is_array(value) or not -len(value) <= index < len(value):
        return _MISSING
    return value[index]


def page_items(pagination: Pagination, data: Any) -> list[Any]:
    """The items of a page's body, raw or validated (an empty list where there are none)."""
    found = data if pagination.items is None else read_place(data, pagination.items)
    return found if _is_array(found) else []


def next_request(
    pagination: Pagination,
    current: PageRequest,
    response: httpx.Response,
    data: Any,
) -> PageRequest | None:
    """The request of the page after ``current`` (answered by ``response``), or None.

    ``data`` is the page's body as the call returns it (a model reads places by wire name).
    """
    if pagination.style == "link":
        return _next_link(current, response)
    items = page_items(pagination, data)
    if not items or _has_more(pagination, data) is False:
        return None
    if pagination.style == "cursor":
        return _next_cursor(pagination, current, data)
    if pagination.style == "offset":
        offset = current.offset + len(items)
        return PageRequest({pagination.offset_param: offset}, offset=offset)
    page = current.page + 1
    return PageRequest({pagination.page_param: page}, page=page)


def _has_more(pagination: Pagination, data: Any) -> bool | None:
    if pagination.has_more is None:
        return None
    return bool(read_place(data, pagination.has_more))


def _next_cursor(pagination: Pagination, current: PageRequest, data: Any) -> PageRequest | None:
    assert pagination.cursor_param is not None and pagination.next_cursor is not None
    cursor = read_place(data, pagination.next_cursor)
    if cursor is None or cursor == "":
        return None
    if cursor == current.cursor:
        raise PaginationError(
            f"the page fetched with cursor {cursor!r} gives the same cursor again: "
            f"stopping instead of fetching it forever"
        )
    return PageRequest({pagination.cursor_param: cursor}, cursor=cursor)


def _next_link(current: PageRequest, response: httpx.Response) -> PageRequest | None:
    link = response.links.get("next", {}).get("url")
    if not link:
        return None
    url = response.request.url.join(link)
    # The messages name hosts, never whole links: an API may echo a key in its links' queries.
    if url.scheme != response.request.url.scheme or url.netloc != response.request.url.netloc:
        raise PaginationError(
            f"the next page's link leaves {response.request.url.host} for {url.host}: "
            f"not sending the call's credentials there"
        )
    if str(url) in (current.cursor, str(response.request.url)):
        raise PaginationError(
            f"a page of {url.host}{url.path} gives itself as the next page: stopping instead "
            f"of fetching it forever"
        )
    return PageRequest(url=str(url), cursor=str(url))
