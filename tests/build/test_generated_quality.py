"""Generated code is a product too: typed, linted, formatted, and importable without apigen.

Every example's package and every test spec's (tests/build/specs/) is checked by what its users
run: mypy --strict, pyright in strict mode, and ruff and black with the package's own config.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement

from apigen.write import write_tree

from .helpers import EXAMPLES, TEST_SPECS, built_example

pytestmark = pytest.mark.slow

SPECS = [*EXAMPLES, *TEST_SPECS]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every example and test spec written to disk: spec name → output directory."""
    root = tmp_path_factory.mktemp("generated")
    outputs = {}
    for name in SPECS:
        outputs[name] = root / name
        write_tree(built_example(name), outputs[name])
    yield outputs


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def _import_names(outputs: dict[str, Path]) -> dict[str, str]:
    return {name: next(out.glob("*/py.typed")).parent.name for name, out in outputs.items()}


def _package_dirs(outputs: dict[str, Path]) -> list[str]:
    return [str(outputs[name] / package) for name, package in _import_names(outputs).items()]


def test_mypy_strict(generated: dict[str, Path]) -> None:
    # One run for all packages (their names differ): the libraries are analysed once.
    packages = _package_dirs(generated)
    root = next(iter(generated.values())).parent
    result = _run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages], root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict(generated: dict[str, Path]) -> None:
    root = next(iter(generated.values())).parent
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "extraPaths": [str(out) for out in generated.values()],
        "include": _package_dirs(generated),
    }
    (root / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = _run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "-p", str(root)], root
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["black", "--check", "."]])
def test_lint_and_format_with_the_package_config(
    generated: dict[str, Path], tool: list[str]
) -> None:
    """Run inside each package, the tools read the layout its pyproject.toml declares."""
    for out in generated.values():
        result = _run([sys.executable, "-m", *tool], out)
        assert result.returncode == 0, f"{out.name}: {result.stdout}{result.stderr}"


def test_text_files_have_no_runs_of_blank_lines(generated: dict[str, Path]) -> None:
    for out in generated.values():
        for name in ("README.md", "pyproject.toml", ".env.example"):
            path = out / name
            assert not path.exists() or "\n\n\n" not in path.read_text(encoding="utf-8"), path


_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstrings(tree: ast.Module) -> Iterator[ast.Expr]:
    for node in ast.walk(tree):
        first = node.body[0] if isinstance(node, _DOCUMENTED) and node.body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            yield first


def test_multi_line_docstrings_close_on_their_own_line(generated: dict[str, Path]) -> None:
    """PEP 257, as pydoc and editors show it: the closing quotes stand alone."""
    for out in generated.values():
        for path in sorted(out.rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for docstring in _docstrings(ast.parse("\n".join(lines))):
                if docstring.lineno != docstring.end_lineno:
                    closing = lines[(docstring.end_lineno or 0) - 1].strip()
                    assert closing == '"""', f"{path}:{docstring.end_lineno}"


def _distributions(requirements: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions of ``requirements`` and of everything they require."""
    found: dict[str, metadata.Distribution] = {}
    pending = [(Requirement(text), "") for text in requirements]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name not in found:
            found[name] = metadata.distribution(name)
            for text in found[name].requires or []:
                pending += [(Requirement(text), e) for e in ("", *requirement.extras)]
        elif requirement.extras:
            for text in found[name].requires or []:
                pending += [(Requirement(text), e) for e in requirement.extras]
    return list(found.values())


@pytest.fixture(scope="module")
def bare_pythons(tmp_path_factory: pytest.TempPathFactory) -> Callable[[tuple[str, ...]], Path]:
    """Fresh virtual environments, one per set of requirements, holding nothing else.

    A project declares httpx and pydantic, and PyJWT too when its spec uses JWT authentication.
    Their installed files (and those of what they require) are linked from the test environment
    into the new one, which is what pip would install there, without fetching or unpacking.
    """
    made: dict[tuple[str, ...], Path] = {}

    def python_for(requirements: tuple[str, ...]) -> Path:
        if requirements not in made:
            env_dir = tmp_path_factory.mktemp("bare-venv")
            venv.create(env_dir, with_pip=False)
            python = env_dir / "bin" / "python"
            paths = {"base": str(env_dir), "platbase": str(env_dir)}
            site = Path(sysconfig.get_path("purelib", vars=paths))
            for dist in _distributions(requirements):
                tops = {Path(str(f)).parts[0] for f in dist.files or [] if ".." not in str(f)}
                for top in tops - {"__pycache__"}:
                    target = site / top
                    if not target.exists():
                        target.symlink_to(Path(str(dist.locate_file(top))))
            made[requirements] = python
        return made[requirements]

    return python_for


def _requirements(out: Path) -> tuple[str, ...]:
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return tuple(sorted(project["dependencies"]))


def test_imports_without_apigen(
    generated: dict[str, Path], bare_pythons: Callable[[tuple[str, ...]], Path]
) -> None:
    for name, package in _import_names(generated).items():
        bare_python = bare_pythons(_requirements(generated[name]))
        probe = _run([str(bare_python), "-c", "import apigen"], bare_python.parent)
        assert probe.returncode != 0, "the bare environment must not have apigen"
        script = (
            f"import {package}, importlib, pkgutil\n"
            f"for module in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
            f"    importlib.import_module(module.name)\n"
            f"print(sorted({package}.__all__))\n"
        )
        result = _run([str(bare_python), "-c", script], generated[name])
        assert result.returncode == 0, result.stderr
        assert "Client" in result.stdout
