"""Positions of every key and value of a loaded spec, addressed by their path in the data.

A path is the tuple of keys and list indexes leading to a node: ``("collections", 0, "calls", 2,
"method")``. Included files keep their own file in each position, so a diagnostic about an
included collection points into the included file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from apigen.diagnostics import Position

DataPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each node came from. ``values`` holds every node; ``keys`` the key of mapping entries."""

    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def value(self, path: Sequence[str | int]) -> Position:
        """The position of the value at ``path``, or of its nearest existing ancestor."""
        return self._nearest(tuple(path), prefer_key=False)

    def key(self, path: Sequence[str | int]) -> Position:
        """The position of the key of the entry at ``path`` (its value's if it has no key)."""
        return self._nearest(tuple(path), prefer_key=True)

    def _nearest(self, path: DataPath, *, prefer_key: bool) -> Position:
        while True:
            if prefer_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return Position("<unknown>")
            path = path[:-1]

    def shifted(self, prefix: DataPath, offset: int) -> SourceMap:
        """A copy whose paths under ``prefix + (i,)`` become ``prefix + (i + offset,)``.

        Used to append an included file's collections after those already loaded.
        """
        depth = len(prefix)

        def move(path: DataPath) -> DataPath:
            if len(path) > depth and path[:depth] == prefix and isinstance(path[depth], int):
                return (*prefix, path[depth] + offset, *path[depth + 1 :])
            return path

        return SourceMap(
            values={move(p): pos for p, pos in self.values.items()},
            keys={move(p): pos for p, pos in self.keys.items()},
        )

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)
