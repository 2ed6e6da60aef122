"""The build cache: a cached build is byte-identical to an uncached one, a damaged entry is never
trusted, and a warm build needs neither black nor the model generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from apigen import cache
from apigen.build import build_files
from apigen.diagnostics import Diagnostics

from .helpers import EXAMPLES, ROOT, example_spec


def _build(name: str) -> dict[str, str]:
    files = build_files(example_spec(name), Diagnostics())
    assert files is not None
    return files


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", EXAMPLES)
def test_cached_build_is_identical_to_uncached(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_NO_CACHE", "1")
    uncached = _build(name)
    monkeypatch.delenv("APIGEN_NO_CACHE")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    filled = _build(name)
    assert {p.parent.name for p in _entries(tmp_path)} == {"models", "format"}
    assert _build(name) == filled == uncached


def test_damaged_entries_are_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    clean = _build("crm")
    entries = _entries(tmp_path)
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + b"#")  # the text no longer matches its recorded hash
    assert _build("crm") == clean
    assert all(cache._read(entry) is not None for entry in entries)  # written anew


def test_disabled_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("APIGEN_NO_CACHE", "1")
    _build("weather")
    assert _entries(tmp_path) == []


def test_unwritable_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setenv("APIGEN_NO_CACHE", "0")
    assert _build("weather") == _build("weather")


def test_warm_build_imports_neither_black_nor_the_model_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    _build("crm")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from apigen.build import build_files\n"
        "from apigen.diagnostics import Diagnostics\n"
        f"assert build_files(Path({str(example_spec('crm'))!r}), Diagnostics())\n"
        "print(sorted(m for m in ('black', 'datamodel_code_generator') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
