"""Which runtime modules a generated package needs: the import graph of templates/runtime.

The graph is read once, with ast, from the relative imports of the runtime's modules. A package
gets the modules its clients name (the auth classes and client bases of its collections, the
token store when it exports one) and the runtime package's own, with everything they import; the
runtime package's ``__init__`` loses the imports of the modules left out.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable

from apigen.capabilities import OPTIONAL_RUNTIME_MODULES
from apigen.resources import RUNTIME_DIR

PACKAGE_INIT = "__init__"


@functools.cache
def import_graph() -> dict[str, frozenset[str]]:
    """Runtime module → the runtime modules it imports."""
    return {
        path.stem: frozenset(_relative_imports(ast.parse(path.read_text(encoding="utf-8"))))
        for path in sorted(RUNTIME_DIR.glob("*.py"))
    }


def _relative_imports(tree: ast.Module) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                yield node.module
            else:
                yield from (alias.name for alias in node.names)


def needed_modules(used: Iterable[str]) -> frozenset[str]:
    """The runtime package, the modules in ``used`` and everything they import."""
    graph = import_graph()
    pending = [PACKAGE_INIT, "models", *used]
    found: set[str] = set()
    while pending:
        module = pending.pop()
        if module in found:
            continue
        found.add(module)
        imports = graph[module]
        if module == PACKAGE_INIT:
            imports = imports - OPTIONAL_RUNTIME_MODULES
        pending.extend(imports)
    return frozenset(found)


def package_init(source: str, modules: frozenset[str]) -> str:
    """The runtime package's ``__init__`` without the imports (and exports) of absent modules.

    The runtime is kept in black's layout (tested), so an import statement spans whole lines
    and ``__all__`` lists one name per line.
    """
    lines = source.splitlines(keepends=True)
    dropped_lines: set[int] = set()
    dropped_names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module not in modules:
            assert node.end_lineno is not None
            dropped_lines.update(range(node.lineno - 1, node.end_lineno))
            dropped_names.update(alias.asname or alias.name for alias in node.names)
    exports = {f'    "{name}",\n' for name in dropped_names}
    return "".join(
        line
        for number, line in enumerate(lines)
        if number not in dropped_lines and line not in exports
    )
