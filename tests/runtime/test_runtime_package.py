"""The runtime as copied into generated packages: its public names, imports and typing."""

from __future__ import annotations

import ast
import subprocess
import sys
from types import ModuleType

import pytest

from .conftest import RUNTIME_SOURCE, Demo

ALLOWED_DEPENDENCIES = {"httpx", "pydantic", "pydantic_core"}


def test_all_is_exactly_the_sorted_public_names(demo: Demo) -> None:
    runtime = demo.package._runtime
    public = {
        name
        for name, value in vars(runtime).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert runtime.__all__ == sorted(public)


# Optional runtime modules, copied only into packages whose spec needs them, with what they need.
OPTIONAL_DEPENDENCIES = {"jwt_auth.py": {"jwt"}}


# Read by type checkers only (under ``if TYPE_CHECKING:``); pydantic requires it, so it is there.
TYPING_ONLY_DEPENDENCIES = {"typing_extensions"}


def _typing_only(tree: ast.Module) -> set[ast.stmt]:
    blocks = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    return {statement for block in blocks for statement in block.body}


def test_imports_only_itself_httpx_pydantic_and_the_standard_library() -> None:
    for path in sorted(RUNTIME_SOURCE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _typing_only(tree)
        for node in ast.walk(tree):
            allowed = ALLOWED_DEPENDENCIES | OPTIONAL_DEPENDENCIES.get(path.name, set())
            if node in typing_only:
                allowed |= TYPING_ONLY_DEPENDENCIES
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            outside = [
                root
                for root in roots
                if root not in allowed and root not in sys.stdlib_module_names
            ]
            assert outside == [], f"{path.name} imports {outside}"


@pytest.mark.slow
def test_demo_package_passes_mypy_strict(demo: Demo) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "demo_sdk"],
        cwd=demo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
