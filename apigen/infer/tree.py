"""What the samples held at each place of a response: the tree inference reads.

Every place (the root, a key of an object, the items of an array) collects what it held across
all samples it is built from. Trees merge: the places of a collection that are one model (a
resource returned by several calls, a ``model`` hint) are read from one merged tree, and the
values of a map are one place merged from all its keys.

Cost stays proportional to the samples: a place that collects more than :data:`MAP_KEY_LIMIT`
distinct keys stops keeping a place per key and keeps one merged place for all their values (it
is a map, see :mod:`apigen.infer.maps`). A ``types`` hint that makes a place a map collapses it
the same way, so that hints on its values (``files{}``) hold for every key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import cast

# Distinct keys one place may collect before it is a map (see the module docstring).
MAP_KEY_LIMIT = 1000


@dataclass
class Key:
    place: Place
    count: int = 0  # how many of the objects at the parent place have this key


@dataclass
class Place:
    """Everything the samples held at one place, and what hints say about it."""

    seen: dict[str, int] = field(default_factory=dict)  # JSON type -> first sample showing it
    formats: set[str] | None = None  # formats all strings so far match; None before any string
    text: str | None = None  # the first string seen here
    varied: bool = False  # strings other than ``text`` were seen too
    items: Place | None = None  # set once an array here had an item
    objects: int = 0
    keys: dict[str, Key] = field(default_factory=dict)
    values: Place | None = None  # the values of every key, once collapsed
    collapsed: bool = False  # a map for good (too many keys, or a hint): ``values`` holds all
    name: str | None = None  # the named model an object here is (a hint or a resource)
    forced: str | None = None  # a type hint: string, integer, number, boolean, any or map

    def add(
        self, value: object, sample: int, formats: Callable[[str, set[str] | None], set[str]]
    ) -> None:
        """Record ``value`` of sample number ``sample``; ``formats`` narrows the string formats."""
        # Place by place, not value by value: each place takes all the values one sample holds
        # there as one batch, so that the work per value is done by builtins (grouping by type,
        # a set of distinct strings, joining lists and columns) and formats are checked once per
        # distinct string. Within a batch values keep document order, so properties keep the
        # order keys first appear. A list, not recursion: deep samples stay within the stack.
        pending: list[tuple[Place, list[object]]] = [(self, [value])]
        while pending:
            place, values = pending.pop()
            pending += place._add_batch(values, sample, formats)

    def _add_batch(
        self,
        values: list[object],
        sample: int,
        formats: Callable[[str, set[str] | None], set[str]],
    ) -> list[tuple[Place, list[object]]]:
        """Record ``values``, all found here; return the batches of the places below."""
        below: list[tuple[Place, list[object]]] = []
        for kind, found in _by_kind(values).items():
            self.seen.setdefault(kind, sample)
            if kind == "string":
                self._add_strings(cast("list[str]", found), formats)
            elif kind == "array":
                items = list(chain.from_iterable(cast("list[list[object]]", found)))
                if items:
                    self.items = self.items or Place()
                    below.append((self.items, items))
            elif kind == "object":
                below += self._add_objects(cast("list[dict[str, object]]", found))
        return below

    def _add_strings(
        self, texts: list[str], formats: Callable[[str, set[str] | None], set[str]]
    ) -> None:
        distinct = set(texts)
        if self.text is None:
            self.text = texts[0]
        if len(distinct) > 1 or self.text not in distinct:
            self.varied = True
        # The formats all strings match do not depend on their order; once none is left, the
        # other strings need no look.
        found = self.formats
        for text in distinct:
            if found is not None and not found:
                break
            found = formats(text, found)
        self.formats = found

    def add_text(self, text: str) -> None:
        if self.text is None:
            self.text = text
        elif text != self.text:
            self.varied = True

    @property
    def constant(self) -> str | None:
        """The one string every value here was, if they were all that string."""
        return self.text if not self.varied and self.kinds() == {"string"} else None

    def _add_objects(self, objects: list[dict[str, object]]) -> list[tuple[Place, list[object]]]:
        """Count ``objects`` here; return the batches of the places their values go to."""
        self.objects += len(objects)
        # The keys of ``objects`` in the order they first appear; the union is counted only when
        # it may pass the limit.
        names = {} if self.collapsed else dict.fromkeys(chain.from_iterable(objects))
        total = len(self.keys) + len(names)
        if total > MAP_KEY_LIMIT and len(self.keys.keys() | names.keys()) > MAP_KEY_LIMIT:
            self.collapse()
        if self.collapsed:
            assert self.values is not None
            return [(self.values, list(chain.from_iterable(map(dict.values, objects))))]
        columns: dict[str, list[object]] = {name: [] for name in names}
        for values in objects:
            for name, item in values.items():
                columns[name].append(item)
        below: list[tuple[Place, list[object]]] = []
        for name, column in columns.items():
            entry = self.keys.get(name)
            if entry is None:
                entry = self.keys[name] = Key(Place())
            entry.count += len(column)
            below.append((entry.place, column))
        return below

    def collapse(self) -> None:
        """Become a map for good: one place for the values of every key, kept from now on."""
        if not self.collapsed:
            self.values = self._merged_values()
            self.keys = {}
            self.collapsed = True

    def map_values(self) -> Place:
        """The values of every key as one place."""
        if self.collapsed:
            assert self.values is not None
            return self.values
        return self._merged_values()

    def _merged_values(self) -> Place:
        values = Place()
        for entry in self.keys.values():
            values.merge(entry.place)
        return values

    def merge(self, other: Place) -> None:
        """Add everything ``other`` holds to this place (``other`` is left as it was)."""
        for kind, sample in other.seen.items():
            self.seen[kind] = min(sample, self.seen.get(kind, sample))
        if other.formats is not None:
            mine = self.formats
            self.formats = set(other.formats) if mine is None else mine & other.formats
        if other.text is not None:
            self.add_text(other.text)
            self.varied = self.varied or other.varied
        if other.items is not None:
            self.items = self.items or Place()
            self.items.merge(other.items)
        self.objects += other.objects
        self.name = self.name or other.name
        self.forced = self.forced or other.forced
        self._merge_keys(other)

    def _merge_keys(self, other: Place) -> None:
        if other.collapsed or len(self.keys.keys() | other.keys.keys()) > MAP_KEY_LIMIT:
            self.collapse()
        if self.collapsed:
            values = self.map_values()
            if other.collapsed:
                values.merge(other.map_values())
            for entry in other.keys.values():
                values.merge(entry.place)
            return
        for key, theirs in other.keys.items():
            mine = self.keys.get(key)
            if mine is None:
                mine = self.keys[key] = Key(Place())
            mine.count += theirs.count
            mine.place.merge(theirs.place)

    def kinds(self) -> frozenset[str]:
        """The JSON types seen here except null, integer and number counted as one (number)."""
        return frozenset("number" if kind == "integer" else kind for kind in self.seen) - {"null"}


def json_type(value: object) -> str:
    kind = _KINDS.get(type(value))
    if kind is not None:
        return kind
    for python_type, name in _JSON_TYPES:  # subclasses: bool before int, it is one of int's
        if isinstance(value, python_type):
            return name
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _by_kind(values: list[object]) -> dict[str, list[object]]:
    """``values`` grouped by JSON type, each group in document order."""
    types = set(map(type, values))
    if len(types) == 1 and (kind := _KINDS.get(next(iter(types)))) is not None:
        return {kind: values}
    if types.issubset(_KINDS):
        return {_KINDS[type_]: [v for v in values if type(v) is type_] for type_ in types}
    groups: dict[str, list[object]] = {}  # subclasses of the JSON types: one value at a time
    for value in values:
        groups.setdefault(json_type(value), []).append(value)
    return groups


_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)
_KINDS: dict[type, str] = {type(None): "null", **dict(_JSON_TYPES)}
