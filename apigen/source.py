"""Positions of every key and value of a loaded spec, addressed by their path in the data.

A path is the tuple of keys and list indexes leading to a node: ``("collections", 0, "calls", 2,
"method")``. Included files keep their own file in each position, so a diagnostic about an
included collection points into the included file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from apigen.diagnostics import Position

DataPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each node came from: ``values`` for every node, ``keys`` for mapping entry keys."""

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

    def graft(self, other: SourceMap, prefix: DataPath, offset: int) -> None:
        """Add the positions ``other`` holds under ``prefix + (i,)`` as ``prefix + (i + offset,)``.

        Used to append an included file's collections after those already loaded; the rest of
        ``other`` (its root, the ``collections`` key itself) is left out.
        """
        depth = len(prefix)
        for own, theirs in ((self.values, other.values), (self.keys, other.keys)):
            for path, position in theirs.items():
                index = path[depth] if len(path) > depth and path[:depth] == prefix else None
                if isinstance(index, int):
                    own[(*prefix, index + offset, *path[depth + 1 :])] = position


def data_path(data: Any, loc: Sequence[str | int]) -> DataPath:
    """The path in ``data`` named by a pydantic ``loc``; union tags and such are skipped."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)
