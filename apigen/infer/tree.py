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

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
        # A queue, not recursion: deep samples stay within the stack, and the places of one path
        # see their objects in document order (properties keep the order keys first appear).
        pending: deque[tuple[Place, object]] = deque([(self, value)])
        while pending:
            place, current = pending.popleft()
            place.seen.setdefault(json_type(current), sample)
            if isinstance(current, str):
                place.formats = formats(current, place.formats)
                place.add_text(current)
            elif isinstance(current, list):
                if current and place.items is None:
                    place.items = Place()
                pending.extend((place.items, item) for item in current if place.items)
            elif isinstance(current, dict):
                pending.extend(place.add_object(current))

    def add_text(self, text: str) -> None:
        if self.text is None:
            self.text = text
        elif text != self.text:
            self.varied = True

    @property
    def constant(self) -> str | None:
        """The one string every value here was, if they were all that string."""
        return self.text if not self.varied and self.kinds() == {"string"} else None

    def add_object(self, values: dict[str, Any]) -> list[tuple[Place, object]]:
        """Count one object here; return the places its values go to."""
        self.objects += 1
        if not self.collapsed and len(self.keys) + len(values) > MAP_KEY_LIMIT:
            new = sum(1 for key in values if key not in self.keys)
            if len(self.keys) + new > MAP_KEY_LIMIT:
                self.collapse()
        if self.collapsed:
            assert self.values is not None
            return [(self.values, item) for item in values.values()]
        found: list[tuple[Place, object]] = []
        for key, item in values.items():
            entry = self.keys.get(key)
            if entry is None:
                entry = self.keys[key] = Key(Place())
            entry.count += 1
            found.append((entry.place, item))
        return found

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
    if value is None:
        return "null"
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    raise TypeError(f"not a JSON value: {type(value).__name__}")


# bool before int: bool is a subclass of int.
_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)
