"""How parameter values are written on the wire: as text (query, path, header, form) or as JSON.

Query strings and form bodies share one encoder (:func:`form_pairs`): objects are written with
brackets to any depth (``metadata[order_id]=6735``, ``address[city]=Berlin``) and arrays as the
call's ``array_format`` says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal
from urllib.parse import quote, quote_plus

from pydantic_core import to_jsonable_python

ArrayFormat = Literal["repeat", "brackets", "indexed", "comma"]
# Reserved characters (RFC 3986) kept as they are for ``allow_reserved`` parameters, less those
# that would end the part they are in: `?` and `#` end a path, `&`, `=` and `#` a query value.
PATH_RESERVED = "/:@!$&'()*+,;="
QUERY_RESERVED = "/:@!$'()*+,;?"


class NotGiven:
    """The default of arguments whose None means something (``null``): "the caller passed none"."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "not_given"


not_given = NotGiven()


class _Null:
    """A value that is sent as null: JSON ``null``, an empty value in a query, form or header."""

    def __repr__(self) -> str:
        return "NULL"


NULL: Any = _Null()


def jsonable(value: Any) -> Any:
    """The value as plain JSON data (models by alias, dates as ISO text)."""
    if value is NULL:
        return None
    return to_jsonable_python(value)


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def wire_text(value: Any) -> str:
    """The value's text: strings as they are, booleans as true/false, None as "", others as JSON."""
    if value is None or value is NULL:
        return ""
    data = jsonable(value)
    return data if isinstance(data, str) else json_text(data)


def form_pairs(name: str, value: Any, array_format: ArrayFormat) -> Iterator[tuple[str, str]]:
    """The ``(key, text)`` pairs of one query or form value; an unset value (None) has none.

    Objects nest with brackets; arrays of scalars follow ``array_format``; arrays that hold
    objects or arrays are always indexed (``items[0][price]=p_1``), the only unambiguous form.
    """
    if value is None:
        return
    if value is NULL:
        yield name, ""
        return
    data = jsonable(value)
    if isinstance(data, Mapping):
        for key, item in data.items():
            yield from form_pairs(f"{name}[{key}]", item, array_format)
    elif isinstance(data, list):
        yield from _array_pairs(name, [item for item in data if item is not None], array_format)
    else:
        yield name, wire_text(data)


def _array_pairs(
    name: str, items: list[Any], array_format: ArrayFormat
) -> Iterator[tuple[str, str]]:
    nested = any(isinstance(item, (Mapping, list)) for item in items)
    if array_format == "indexed" or nested:
        for index, item in enumerate(items):
            yield from form_pairs(f"{name}[{index}]", item, array_format)
    elif array_format == "comma":
        if items:
            yield name, ",".join(wire_text(item) for item in items)
    else:
        key = f"{name}[]" if array_format == "brackets" else name
        for item in items:
            yield key, wire_text(item)


def urlencode(pairs: Iterable[tuple[str, str, bool]]) -> str:
    """``key=value&…`` from ``(key, text, allow_reserved)``, as HTML forms encode it (spaces as
    ``+``); an ``allow_reserved`` value keeps its reserved characters."""
    return "&".join(
        f"{quote_plus(key, safe='')}={quote_plus(text, safe=QUERY_RESERVED if keep else '')}"
        for key, text, keep in pairs
    )


def path_text(value: Any, allow_reserved: bool) -> str:
    """A path parameter's value, percent-encoded; ``/`` and the like kept when allowed."""
    return quote(wire_text(value), safe=PATH_RESERVED if allow_reserved else "")
