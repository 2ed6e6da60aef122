"""Running the import commands in process, and checking and building what they write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from click.testing import CliRunner
from ruamel.yaml import YAML

from apigen.build import build_files
from apigen.cli import cli
from apigen.diagnostics import Diagnostics, Severity
from apigen.pipeline import check_spec
from tests.e2e.support import import_built, unload

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
BENCH = ROOT.parent / "shared" / "bench"
BUILT: set[str] = set()  # packages the tests imported, forgotten after each test (conftest.py)


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def warnings(self) -> list[str]:
        """The warning codes printed, in order."""
        return re.findall(r"^warning: .*\[(W6\d\d)\]$", self.stdout + self.stderr, re.MULTILINE)


def apigen(*args: str, input: str | None = None) -> Run:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def check_errors(path: Path) -> list[str]:
    diagnostics = Diagnostics()
    check_spec(path, diagnostics)
    return [d.format() for d in diagnostics if d.severity is Severity.ERROR]


def build(spec_path: Path, out: Path) -> ModuleType:
    """The generated package of an imported spec, imported (its build must have no error)."""
    diagnostics = Diagnostics()
    files = build_files(spec_path, diagnostics)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert files is not None and not errors, errors
    name = load(spec_path)["package"]["name"]
    unload([name])  # an earlier test may have imported another package of that name
    BUILT.add(name)
    return import_built(files, out, name)
