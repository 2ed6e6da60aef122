"""Hints: ``response.model`` and ``response.types`` marked on a call's place tree.

``model`` names the response's top-level model: its root object, or the items of a root array.
``types`` maps places (:mod:`apigen.places`) to a type: ``string``, ``integer``, ``number``,
``boolean``, ``any``, ``map``, or a model name. A place marked with a model name becomes a
``$ref`` to that model; every place of a collection marked with one name is one model, inferred
from all of them together (or taken from the collection's ``schemas:`` when declared there).
A ``{}`` step makes the place before it a map.

Places no sample has are reported by `apigen check` (:mod:`apigen.model_hints`); here they are
skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from apigen.infer.tree import Place
from apigen.places import HINT_TYPES, ITEMS, VALUES, Step, parse_place

TYPE_NAMES = frozenset(HINT_TYPES)


def model_place(tree: Place) -> Place:
    """The place ``response.model`` names: the root, or the items of a root array."""
    if tree.kinds() == {"array"} and tree.items is not None:
        return tree.items
    return tree


def apply_hints(tree: Place, model: str | None, types: Sequence[tuple[str, str]]) -> None:
    """Mark ``model`` and ``types`` on ``tree``."""
    if model is not None:
        model_place(tree).name = model
    for text, type_name in types:
        steps = parse_place(text)
        place = find_place(tree, steps) if steps is not None else None
        if place is None:
            continue
        if type_name in TYPE_NAMES:
            place.forced = type_name
            if type_name == "map":
                place.collapse()
        else:
            place.name = type_name


def find_place(tree: Place, steps: Sequence[Step]) -> Place | None:
    place: Place | None = tree
    for step in steps:
        if place is None:
            return None
        if step == ITEMS:
            place = place.items
        elif step == VALUES:
            place.forced = place.forced or "map"
            place.collapse()
            place = place.map_values()
        else:
            entry = place.keys.get(step)
            place = entry.place if entry is not None else None
    return place
