"""Fixtures of the loader tests: files written into a temporary working folder, then loaded."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from apigen.diagnostics import Diagnostics
from apigen.load import DEFAULT_LIMITS, Limits, LoadedSpec, load_spec

# (file, line, column, code, message) of one diagnostic
Found = tuple[str, int, int, str, str]


def found(diagnostics: Diagnostics) -> list[Found]:
    return [
        (d.position.file, d.position.line, d.position.column, d.code, d.message)
        for d in diagnostics
    ]


class Files:
    """A working folder to write spec files into; diagnostics name files relative to it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def load(
        self, name: str = "api.yaml", limits: Limits = DEFAULT_LIMITS
    ) -> tuple[LoadedSpec | None, list[Found]]:
        diagnostics = Diagnostics()
        spec = load_spec(self.root / name, diagnostics, limits)
        return spec, found(diagnostics)

    def load_text(
        self, text: str, limits: Limits = DEFAULT_LIMITS
    ) -> tuple[LoadedSpec | None, list[Found]]:
        self.write("api.yaml", text)
        return self.load(limits=limits)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Files:
    monkeypatch.chdir(tmp_path)
    return Files(tmp_path)
