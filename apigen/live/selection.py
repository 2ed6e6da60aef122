"""Which calls a command works on: all of them, or those named on the command line.

A call is named by its name (``Get contact``), its Python method name (``get_contact``), or
either after its collection's name or module and a slash (``Acme CRM/Get contact``,
``acme_crm/get_contact``) when several collections have a call of that name.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import click

from apigen import ir
from apigen.live.sender import Selected


def all_calls(package: ir.Package) -> list[Selected]:
    return [
        Selected(collection_index, call_index, collection, call)
        for collection_index, collection in enumerate(package.collections)
        for call_index, call in enumerate(collection.calls)
    ]


def select_calls(package: ir.Package, names: Sequence[str]) -> list[Selected]:
    """The named calls in spec order (every call when none is named).

    Raises :class:`click.UsageError` for a name that matches no call, or several.
    """
    everything = all_calls(package)
    if not names:
        return everything
    chosen: set[tuple[int, int]] = set()
    for name in names:
        matches = _matches(everything, name)
        if not matches:
            raise click.UsageError(f"no call is named {name!r}{_suggestion(everything, name)}")
        if len(matches) > 1:
            choices = ", ".join(repr(item.label) for item in matches)
            raise click.UsageError(f"{name!r} names several calls: write one of {choices}")
        chosen.add(matches[0].key)
    return [item for item in everything if item.key in chosen]


def _matches(everything: list[Selected], name: str) -> list[Selected]:
    plain = [item for item in everything if name in (item.call.name, item.call.method_name)]
    if plain:
        return plain
    return [
        item
        for item in everything
        if name
        in {
            f"{collection}/{call}"
            for collection in (item.collection.name, item.collection.module)
            for call in (item.call.name, item.call.method_name)
        }
    ]


def _suggestion(everything: list[Selected], name: str) -> str:
    candidates = sorted(
        {text for item in everything for text in (item.call.name, item.call.method_name)}
        | {item.label for item in everything}
    )
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if close:
        return f" (did you mean {' or '.join(repr(text) for text in close)}?)"
    known = ", ".join(repr(item.label) for item in everything) or "none"
    return f"; the calls are: {known}"
