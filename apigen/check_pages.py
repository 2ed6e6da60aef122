"""Rules for paginated and streamed calls: a ``pagination:`` block against its call and samples.

Places follow the generated runtime's grammar (templates/runtime/pagination.py); a test reads
the same places with both and compares.

:func:`check_call` runs with the other rules of :mod:`apigen.check` (keys against the style and
the call's parameters); :func:`check_places` runs once samples are loaded (after resolve) and
reports a place that no sample has, so a typo in ``next_cursor`` shows up before the first call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from apigen import ir
from apigen.diagnostics import Diagnostics, Position
from apigen.source import DataPath
from apigen.spec import PAGINATION_PLACES, Call, Pagination

# A place: keys joined by ".", each followed by any number of [N] indexes ([-1]: the last item).
PLACE = re.compile(r"[^.\[\]]+(\[-?\d+\])*(\.[^.\[\]]+(\[-?\d+\])*)*")
_SEGMENT = re.compile(r"([^.\[\]]*)((?:\[-?\d+\])*)")
_INDEX = re.compile(r"\[(-?\d+)\]")
_MISSING = object()
# Keys each style reads, beyond items and has_more (which every style may use).
_STYLE_KEYS = {
    "cursor": ("cursor_param", "next_cursor"),
    "offset": ("offset_param", "limit_param"),
    "page": ("page_param",),
    "link": (),
}
_REQUIRED = {"cursor": ("cursor_param", "next_cursor")}
_STREAM_KEYS = ("idle_timeout", "deadline")

Report = Callable[[DataPath, str, str], None]


def check_call(call: Call, path: DataPath, report: Report) -> None:
    """Report pagination and stream keys that do not fit the call (codes E340, E341, E342)."""
    streamed = call.response.type in ("sse", "jsonl")
    for key in _STREAM_KEYS:
        if getattr(call, key) is not None and not streamed:
            report((*path, key), "E340", _not_a_stream(key))
    if call.response.end_marker is not None and not streamed:
        report((*path, "response", "end_marker"), "E340", _not_a_stream("end_marker"))
    if streamed and call.on_error == "return":
        report((*path, "on_error"), "E340", "a stream raises its errors: remove `on_error`")
    if call.pagination is not None:
        _check_pagination(call, call.pagination, (*path, "pagination"), report)


def _not_a_stream(key: str) -> str:
    return f"`{key}` applies to streams only: set `response.type` to sse or jsonl, or remove it"


def _check_pagination(call: Call, pagination: Pagination, path: DataPath, report: Report) -> None:
    style = pagination.style
    if call.response.type != "json":
        report(path, "E340", f"pagination reads JSON pages, not {call.response.type} responses")
    if call.on_error == "return":
        report(path, "E340", "a paginated call raises its errors: remove `on_error: return`")
    for key in _REQUIRED.get(style, ()):
        if getattr(pagination, key) is None:
            report(path, "E340", f"pagination style {style} needs `{key}`")
    others = {key for keys in _STYLE_KEYS.values() for key in keys} - set(_STYLE_KEYS[style])
    for key in sorted(others):
        if pagination.is_set(key):
            report((*path, key), "E340", f"`{key}` does not apply to pagination style {style}")
    for key in PAGINATION_PLACES:
        place = getattr(pagination, key)
        if place is not None and not _is_place(place):
            report(
                (*path, key),
                "E342",
                f"{key} {place!r} is not a place: write keys joined by '.', with [N] to pick "
                f"an item (e.g. data[-1].id)",
            )
    cursor = pagination.cursor_param
    if cursor is not None and style == "cursor":
        declared = [p for p in call.parameters if p.name == cursor and not p.private]
        if not declared:
            report(
                (*path, "cursor_param"),
                "E341",
                f"cursor parameter {cursor!r} is not a parameter of call {call.name!r}: add "
                f"`{{name: {cursor}, in: query, required: false}}` to its parameters",
            )


def check_places(
    package: ir.Package, where: Callable[[DataPath], Position], diagnostics: Diagnostics
) -> None:
    """Report pagination places that no sample of their call has (code E342)."""
    for c_index, collection in enumerate(package.collections):
        for index, call in enumerate(collection.calls):
            pagination = call.pagination
            if pagination is None or not call.samples:
                continue
            path: DataPath = ("collections", c_index, "calls", index, "pagination")
            for key, problem in _place_problems(pagination, call.samples):
                diagnostics.error(where((*path, key)), "E342", problem)


def _place_problems(
    pagination: ir.Pagination, samples: tuple[Any, ...]
) -> Iterator[tuple[str, str]]:
    items = pagination.items
    if items is not None and _is_place(items):
        if not any(isinstance(_read(s, items), list) for s in samples):
            yield "items", f"no sample has a list at {items!r}: {_keys_hint(samples)}"
    elif items is None and not any(isinstance(s, list) for s in samples):
        yield "items", "the samples are not lists: set `items` to the place of the page's items"
    for key in ("next_cursor", "has_more"):
        place = getattr(pagination, key)
        if place is None or not _is_place(place):
            continue
        values = [_read(s, place) for s in samples]
        if all(value is _MISSING for value in values):
            yield key, f"no sample has {key} {place!r}: {_keys_hint(samples)}"
        elif key == "has_more" and not any(isinstance(v, bool) for v in values):
            yield key, f"has_more {place!r} is not true or false in any sample"


def _is_place(text: str) -> bool:
    """Whether ``text`` is a place (the runtime's grammar: a test keeps the two in step)."""
    return bool(PLACE.fullmatch(text))


def _read(sample: Any, place: str) -> Any:
    """The value at ``place`` in ``sample`` as the runtime reads it; ``_MISSING`` if none."""
    value = sample
    for segment in place.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            return _MISSING
        key, indexes = match.groups()
        if key:
            value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
        for index in map(int, _INDEX.findall(indexes)):
            fits = isinstance(value, list) and -len(value) <= index < len(value)
            value = value[index] if fits else _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def _keys_hint(samples: tuple[Any, ...]) -> str:
    keys = sorted({key for sample in samples if isinstance(sample, dict) for key in sample})
    return f"the samples' top-level keys are {', '.join(keys)}" if keys else "check the samples"
