"""The place trees of a collection's calls, with their named models marked.

Samples are numbered across the whole collection, so a place of a model merged from several calls
still says which sample (and so which call and spec position) showed it first. Named places come
from hints first (:mod:`apigen.infer.hints`), then from resource detection
(:mod:`apigen.infer.resources`) on the places still unnamed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apigen.diagnostics import Position
from apigen.infer.document import schema_refs
from apigen.infer.hints import TYPE_NAMES, apply_hints
from apigen.infer.resources import Resource, ResourceCall, add_nested, find_resources
from apigen.infer.schema import build_tree
from apigen.infer.tree import Place

if TYPE_CHECKING:
    from apigen.infer import CallSamples


@dataclass
class CollectionTrees:
    calls: dict[str, CallSamples]  # by key
    trees: dict[str, Place]  # call key -> the tree of its samples (calls with samples only)
    owners: list[CallSamples] = field(default_factory=list)  # sample number -> its call
    positions: list[Position] = field(default_factory=list)  # sample number -> its position
    hinted: list[str] = field(default_factory=list)  # model names of hints, first use first
    resources: list[Resource] = field(default_factory=list)
    declared: frozenset[str] = frozenset()  # names of the collection's declared schemas
    _merged: dict[str, Place] = field(default_factory=dict)
    _places: dict[str, list[tuple[str, Place]]] | None = None  # until a rename

    @property
    def type_names(self) -> dict[str, str]:
        return {key: call.type_name for key, call in self.calls.items()}

    def rename(self, resource: Resource, name: str) -> None:
        """Give the places of ``resource`` the model name it was granted."""
        for place in resource.places:
            place.name = name
        self._places = None

    def places(self) -> dict[str, list[tuple[str, Place]]]:
        """Model name -> (call key, place) of every named place, in call order."""
        if self._places is None:
            self._places = {}
            for key, tree in self.trees.items():
                for place in _named_places(tree):
                    assert place.name is not None
                    self._places.setdefault(place.name, []).append((key, place))
        return self._places

    def inferred_names(self) -> list[str]:
        """Named models inferred from samples (not declared), in order of first use."""
        return [name for name in self.places() if name not in self.declared]

    def merged(self, name: str) -> Place:
        """One place holding every place named ``name``."""
        if name not in self._merged:
            merged = Place()
            for _, place in self.places()[name]:
                merged.merge(place)
            self._merged[name] = merged
        return self._merged[name]

    def sharing(self) -> dict[str, tuple[str, ...]]:
        """Model name -> the calls whose responses hold it."""
        return {
            name: tuple(dict.fromkeys(key for key, _ in found))
            for name, found in self.places().items()
        }


def read_collection(calls: Sequence[CallSamples], schemas: Mapping[str, Any]) -> CollectionTrees:
    """The trees of ``calls`` (see the module docstring); ``schemas``: the declared schemas."""
    collection = CollectionTrees(
        {call.key: call for call in calls}, {}, declared=frozenset(schemas)
    )
    for call in calls:
        if call.schema is not None or not call.samples:
            continue
        tree = build_tree(call.samples, first=len(collection.owners))
        collection.owners += [call] * len(call.samples)
        collection.positions += call.sample_positions
        apply_hints(tree, call.model, call.types)
        collection.trees[call.key] = tree
    collection.hinted = list(dict.fromkeys(_hinted_names(calls)))
    candidates = [
        ResourceCall(call.key, call.path, collection.trees[call.key])
        for call in calls
        if call.resource and call.key in collection.trees
    ]
    collection.resources = find_resources(candidates, set(collection.hinted))
    add_nested(collection.resources, [candidate.tree for candidate in candidates])
    return collection


def _hinted_names(calls: Sequence[CallSamples]) -> list[str]:
    names: list[str] = []
    for call in calls:
        if call.model is not None:
            names.append(call.model)
        names += [type_name for _, type_name in call.types if type_name not in TYPE_NAMES]
        names += schema_refs(call.schema) if call.schema is not None else []
    return names


def _named_places(tree: Place) -> list[Place]:
    """Named places in ``tree`` (that held an object), in document order."""
    found: list[Place] = []
    pending = [tree]
    while pending:
        place = pending.pop()
        if place.name is not None and "object" in place.seen:
            found.append(place)
        children = [entry.place for entry in place.keys.values()]
        children += [child for child in (place.items, place.values) if child is not None]
        pending.extend(reversed(children))
    return found
