"""The write stage and `apigen build`: atomic replacement, ownership of DIR, --check and --force."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from apigen import write
from apigen.write import MANIFEST, WriteError, compare, write_tree

from .helpers import ROOT, built_example, example_spec

OLD = {"pkg/__init__.py": "old = 1\n", "README.md": "old\n"}
NEW = {"pkg/__init__.py": "new = 2\n", "pkg/extra.py": "x = 1\n", "README.md": "new\n"}


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_write_creates_tree_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    tree = _tree(out)
    assert {k: v for k, v in tree.items() if k != MANIFEST} == OLD
    assert tree[MANIFEST].splitlines()[1:] == ["README.md", "pkg/__init__.py"]


def test_rewrite_replaces_everything(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    write_tree(NEW, out)
    assert {k: v for k, v in _tree(out).items() if k != MANIFEST} == NEW
    assert _siblings(out) == ["sdk"], "no temporary directory may be left behind"


def test_failure_mid_write_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    before = _tree(out)
    written: list[Path] = []
    real_write_text = Path.write_text

    def failing_write_text(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 2:
            raise OSError("disk full")
        written.append(self)
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write_text)
    with pytest.raises(OSError, match="disk full"):
        write_tree(NEW, out)
    monkeypatch.undo()
    assert _tree(out) == before
    assert _siblings(out) == ["sdk"]


def test_failure_during_swap_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    before = _tree(out)

    def broken_swap(new: Path, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_swap_into_place", broken_swap)
    with pytest.raises(KeyboardInterrupt):
        write_tree(NEW, out)
    assert _tree(out) == before
    assert _siblings(out) == ["sdk"]


def test_two_rename_fallback_swaps_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    write_tree(NEW, out)
    assert {k: v for k, v in _tree(out).items() if k != MANIFEST} == NEW
    assert _siblings(out) == ["sdk"]


def test_stale_temporaries_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    (tmp_path / ".sdk.apigen-tmp-dead").mkdir()
    write_tree(OLD, out)
    assert _siblings(out) == ["sdk"]


def test_refuses_a_directory_apigen_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    with pytest.raises(WriteError, match="not empty and was not written by apigen"):
        write_tree(OLD, out)
    assert (out / "notes.txt").read_text() == "precious"
    write_tree(OLD, out, force=True)
    assert not (out / "notes.txt").exists()


def test_refuses_files_added_to_an_output(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    (out / "pkg" / "handwritten.py").write_text("keep = True\n")
    (out / "pkg" / "__pycache__").mkdir()
    (out / "pkg" / "__pycache__" / "x.pyc").write_bytes(b"")
    with pytest.raises(
        WriteError, match=r"holds files apigen did not write \(pkg/handwritten.py\)"
    ):
        write_tree(NEW, out)


def test_refuses_a_file_as_output(tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("x")
    with pytest.raises(WriteError, match="is a file"):
        write_tree(OLD, out, force=True)


def test_compare_reports_added_removed_and_changed(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(OLD, out)
    changes = compare(NEW, out)
    assert changes.stale
    assert changes.summary() == [
        "M .apigen-manifest (+1 -0)",
        "M README.md (+1 -1)",
        "M pkg/__init__.py (+1 -1)",
        "A pkg/extra.py",
    ]
    assert not compare(OLD, out).stale


def _apigen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "apigen", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_build_then_check_is_clean_then_stale(tmp_path: Path) -> None:
    out = tmp_path / "acme"
    spec = str(example_spec("crm"))
    assert _apigen("build", spec, "-o", str(out)).returncode == 0
    assert {k: v for k, v in _tree(out).items() if k != MANIFEST} == built_example("crm")
    clean = _apigen("build", spec, "-o", str(out), "--check")
    assert (clean.returncode, clean.stdout) == (0, "")
    (out / "README.md").write_text("edited\n")
    stale = _apigen("build", spec, "-o", str(out), "--check")
    assert stale.returncode == 1
    assert stale.stdout.startswith("M README.md (+")
    assert "is stale" in stale.stderr


def test_build_with_errors_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "apigen.yaml"
    spec.write_text("apigen: 1\npackage: {name: x-y}\n")
    result = _apigen("build", str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (
        "apigen.yaml:2:17: error: package name 'x-y' is not a valid Python identifier"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _apigen("build", str(example_spec("crm"))).returncode == 2  # no -o
    assert _apigen("check").returncode == 2
    assert _apigen("frobnicate").returncode == 2


def test_a_spec_file_name_that_is_not_utf8_builds(tmp_path: Path) -> None:
    # Found by an attack run: the name went undecodable into the generated header.
    spec = tmp_path / os.fsdecode(b"sp\xff.yaml")
    spec.write_text("apigen: 1\npackage: {name: acme_sdk}\n", encoding="utf-8")
    result = _apigen("build", spec.name, "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "out" / "acme_sdk" / "__init__.py").read_text(encoding="utf-8")
    assert header.startswith("# Generated by apigen from sp\\xff.yaml. Do not edit")
