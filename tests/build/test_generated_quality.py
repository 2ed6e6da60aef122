"""Generated code is a product too: typed, linted, formatted, and importable without apigen."""

from __future__ import annotations

import subprocess
import sys
import venv
from collections.abc import Callable, Iterator
from pathlib import Path

import black
import pytest
import tomllib

from apigen.format import BLACK_MODE
from apigen.write import write_tree

from .helpers import EXAMPLES, built_example

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every example written to disk: example name → output directory."""
    root = tmp_path_factory.mktemp("generated")
    outputs = {}
    for name in EXAMPLES:
        outputs[name] = root / name
        write_tree(built_example(name), outputs[name])
    yield outputs


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def _import_names(outputs: dict[str, Path]) -> dict[str, str]:
    return {name: next(out.glob("*/py.typed")).parent.name for name, out in outputs.items()}


def test_mypy_strict(generated: dict[str, Path]) -> None:
    for name, package in _import_names(generated).items():
        result = _run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package], generated[name]
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check(generated: dict[str, Path]) -> None:
    result = _run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "E,F,W,I,B,UP,SIM,RUF",
            "--line-length",
            "100",
            "--target-version",
            "py310",
            ".",
        ],
        generated[EXAMPLES[0]].parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_stable(generated: dict[str, Path]) -> None:
    for out in generated.values():
        for path in sorted(out.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            assert black.format_str(text, mode=BLACK_MODE) == text, path


@pytest.fixture(scope="module")
def bare_pythons(tmp_path_factory: pytest.TempPathFactory) -> Callable[[tuple[str, ...]], Path]:
    """Fresh virtual environments, one per set of requirements, holding nothing else.

    A project declares httpx and pydantic, and PyJWT too when its spec uses JWT authentication.
    """
    made: dict[tuple[str, ...], Path] = {}

    def python_for(requirements: tuple[str, ...]) -> Path:
        if requirements not in made:
            env_dir = tmp_path_factory.mktemp("bare-venv")
            venv.create(env_dir, with_pip=True)
            python = env_dir / "bin" / "python"
            install = [str(python), "-m", "pip", "install", "--quiet", *requirements]
            subprocess.run(install, check=True, capture_output=True)
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
