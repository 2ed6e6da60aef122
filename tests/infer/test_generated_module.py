"""The generated models module as its users get it: type-checked, linted, stable, deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import black
import pytest

from tests.infer.conftest import infer, write_package
from tests.infer.samples import rich_calls

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF"


def python(*arguments: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, *arguments], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_the_module_passes_mypy_strict_and_ruff(tmp_path: Path) -> None:
    write_package(tmp_path, "acme", infer(*rich_calls()))
    mypy = ("-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"))
    python(*mypy, "acme", cwd=tmp_path)
    # Long lines are black's to judge (it runs on the module in the build); ruff checks the rest.
    ruff = ("-m", "ruff", "check", "--isolated", "--target-version", "py310")
    python(*ruff, "--select", RUFF_RULES, "--ignore", "E501", "acme/crm/models.py", cwd=tmp_path)


def test_black_formats_the_module_stably() -> None:
    mode = black.Mode(line_length=100)
    once = black.format_str(infer(*rich_calls()).source, mode=mode)
    assert black.format_str(once, mode=mode) == once


@pytest.mark.slow
def test_the_module_is_the_same_under_any_hash_seed() -> None:
    script = (
        "import sys\n"
        "from tests.infer.conftest import infer\n"
        "from tests.infer.samples import rich_calls\n"
        "sys.stdout.write(infer(*rich_calls()).source)\n"
    )
    outputs = {
        python("-c", script, cwd=PROJECT_ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        for seed in ("0", "1", "12345")
    }
    assert outputs == {infer(*rich_calls()).source}
