"""Facts about Python source that several stages need.

isort's order of the names of one import, and the line where a statement starts.
"""

from __future__ import annotations

import ast
import re

_DIGITS = re.compile(r"(\d+)")


def member_order(name: str) -> tuple[int, tuple[str | int, ...], str]:
    """isort's order by type: CONSTANTS, Classes, then everything else.

    Within each, ruff's isort compares names ignoring case, and runs of digits as numbers:
    ``DeletedItem`` before ``DeleteItem``, ``Item2`` before ``Item10``.
    """
    parts = _DIGITS.split(name.lower())  # text, digits, text, ...: alike at each position
    natural = tuple(int(part) if index % 2 else part for index, part in enumerate(parts))
    if name.isupper() and len(name) > 1:
        return (0, natural, name)
    return (1 if name[:1].isupper() else 2, natural, name)


def first_line(statement: ast.stmt) -> int:
    """The line a statement starts on in its module, decorators included."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)])
