"""Facts about Python source that several stages need.

isort's order of the names of one import, and the line where a statement starts.
"""

from __future__ import annotations

import ast


def member_order(name: str) -> tuple[int, str]:
    """isort's order by type: CONSTANTS, Classes, then everything else."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def first_line(statement: ast.stmt) -> int:
    """The line a statement starts on in its module, decorators included."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)])
