"""Resource models: the objects a collection's calls return for one resource are one named model.

Without hints, the object a call returns for a resource is the root object of its response, the
items of a root array, or the items of a list envelope (a root object without ``id`` with exactly
one array of objects: ``{"object": "list", "data": [...], "has_more": true}``). Envelopes keep
their call-based names (``ListCustomersResponse``). Objects elsewhere in the responses under a key
named after a resource (``"city": {...}``, ``"labels": [{...}]``) join that resource too when
their shapes are compatible.

The resource is named, in order of preference, after:

1. the value of its ``object`` key when every sample agrees (``"customer"`` → ``Customer``,
   ``"chat.completion"`` → ``ChatCompletion``; not the envelope values ``list``, ``page`` and
   ``search_result``);
2. the singular of the last literal segment of the call's path that is a plural noun
   (``/customers/{id}/capture`` → ``Customer``, ``/charges/{id}/refunds`` → ``Refund``);
3. the value of its ``type`` or ``kind`` key when at least two samples agree.

Objects of one resource name are one model when their shapes are compatible: at least half of all
their keys are common, and no common key holds different types (null ignored, integers and floats
alike). An object that is not compatible keeps its call-based name. The model is inferred from
every sample of every object in it: keys missing from some are optional.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from apigen.infer.maps import map_reason
from apigen.infer.naming import singular, singular_word
from apigen.infer.tree import Place
from apigen.names import pascal_case, words

_ENVELOPE_OBJECTS = frozenset({"list", "search_result", "page"})  # ``object`` of envelopes


@dataclass(frozen=True)
class ResourceCall:
    """What resource detection reads of one call."""

    key: str
    path: str  # the HTTP path, e.g. /customers/{customer_id}
    tree: Place


@dataclass
class Resource:
    stem: str  # the name the resource asks for
    places: list[Place]
    merged: Place  # every place so far, for compatibility checks
    first_call: str


def find_resources(calls: Sequence[ResourceCall], named: set[str]) -> list[Resource]:
    """The resources of ``calls`` in order of first appearance (see the module docstring).

    A resource whose stem is a name in ``named`` (a hint) joins that model whatever its shape.
    """
    resources: dict[str, Resource] = {}
    for call in calls:
        place = resource_place(call.tree)
        if place is None:
            continue
        stem = resource_stem(place, call.path)
        if stem is None or stem in named:
            if stem is not None:
                place.name = stem
            continue
        found = resources.get(stem)
        if found is None:
            resources[stem] = Resource(stem, [place], _copy(place), call.key)
        elif compatible(found.merged, place):
            found.places.append(place)
            found.merged.merge(place)
    return list(resources.values())


def resource_place(tree: Place) -> Place | None:
    """The object a response holds for its resource: its root, root items or envelope items."""
    place = tree
    if tree.kinds() == {"array"}:
        place = tree.items if tree.items is not None else tree
    elif tree.kinds() == {"object"}:
        place = _envelope_items(tree) or tree
    usable = (
        place.kinds() == {"object"}
        and place.keys
        and place.name is None
        and place.forced is None
        and map_reason(place, None) is None
    )
    return place if usable else None


def _envelope_items(tree: Place) -> Place | None:
    if "id" in tree.keys or not tree.keys:
        return None
    arrays = [
        entry.place.items
        for entry in tree.keys.values()
        if entry.place.kinds() == {"array"}
        and entry.place.items is not None
        and entry.place.items.kinds() == {"object"}
    ]
    return arrays[0] if len(arrays) == 1 else None


def resource_stem(place: Place, path: str) -> str | None:
    """The name a resource object asks for, or None when nothing names it."""
    by_object = _constant_name(place, "object", min_objects=1)
    if by_object is not None:
        return by_object
    by_path = _path_name(path)
    if by_path is not None:
        return by_path
    for key in ("type", "kind"):
        found = _constant_name(place, key, min_objects=2)
        if found is not None:
            return found
    return None


def _constant_name(place: Place, key: str, *, min_objects: int) -> str | None:
    entry = place.keys.get(key)
    if entry is None or entry.count != place.objects or place.objects < min_objects:
        return None
    value = entry.place.constant
    name = pascal_case(value) if value is not None and value not in _ENVELOPE_OBJECTS else ""
    return name if name and name[0].isalpha() else None


def add_nested(resources: Sequence[Resource], trees: Sequence[Place]) -> None:
    """Objects under a key named after a resource (``city``, ``labels[]``) join it if compatible."""
    by_stem = {resource.stem: resource for resource in resources}
    for tree in trees:
        for key, place in _keyed_objects(tree):
            stem = pascal_case(key)
            resource = by_stem.get(stem) or by_stem.get(singular(stem))
            known = resource is None or any(place is other for other in resource.places)
            if resource is not None and not known and compatible(resource.merged, place):
                resource.places.append(place)
                resource.merged.merge(place)


def _keyed_objects(tree: Place) -> list[tuple[str, Place]]:
    """Unnamed object places under a key (or in an array under a key), outside named places."""
    found: list[tuple[str, Place]] = []
    pending: list[tuple[str | None, Place]] = [(None, tree)]
    while pending:
        key, place = pending.pop()
        if place.name is not None:
            continue
        is_object = place.kinds() == {"object"} and bool(place.keys)
        if key is not None and is_object and map_reason(place, key) is None:
            found.append((key, place))
        pending.extend((name, entry.place) for name, entry in place.keys.items())
        if place.items is not None:
            pending.append((key, place.items))
    return found


def _path_name(path: str) -> str | None:
    for segment in reversed(path.split("/")):
        if not segment or "{" in segment:
            continue
        parts = words(segment)
        if parts and singular_word(parts[-1]) is not None:
            return singular(pascal_case(segment))
    return None


def compatible(group: Place, place: Place) -> bool:
    """Whether ``place`` may join the model of ``group`` (see the module docstring)."""
    if group.collapsed or place.collapsed:
        return False
    mine, theirs = set(group.keys), set(place.keys)
    common = mine & theirs
    if 2 * len(common) < len(mine | theirs):
        return False
    for key in common:
        a, b = group.keys[key].place.kinds(), place.keys[key].place.kinds()
        if a and b and a != b:
            return False
    return True


def _copy(place: Place) -> Place:
    copy = Place()
    copy.merge(place)
    return copy
