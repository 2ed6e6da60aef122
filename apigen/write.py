"""Write stage: put a generated tree in place atomically, or compare it with what is there.

The tree is written into a hidden sibling directory first and then swapped with the old output
in one step (``renameat2(RENAME_EXCHANGE)`` on Linux; two renames elsewhere), so an error or an
interruption leaves either the old output or the new one, never a mix. A manifest of the written
files marks the directory as apigen's and lets later builds notice files that users added.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import hashlib
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apigen.diagnostics import display_path

MANIFEST = ".apigen-manifest"
_MANIFEST_HEADER = "# Files written by apigen build; the directory is replaced on each build."
_IGNORED_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
_TEMP_PREFIX = ".apigen-tmp-"


class WriteError(Exception):
    """The output directory cannot be replaced safely; the message says what to do."""


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, int, int]] = field(default_factory=list)  # path, lines added, removed

    @property
    def stale(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> list[str]:
        lines = [f"A {path}" for path in self.added]
        lines += [f"D {path}" for path in self.removed]
        lines += [f"M {path} (+{plus} -{minus})" for path, plus, minus in self.changed]
        return sorted(lines, key=lambda line: line[2:])


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    listing = "\n".join([_MANIFEST_HEADER, *sorted(files)]) + "\n"
    return {**files, MANIFEST: listing}


def compare(files: dict[str, str], out_dir: Path) -> Changes:
    """How the tree at ``out_dir`` differs from ``files`` (paths relative to ``out_dir``)."""
    expected = with_manifest(files)
    present = set(_existing_files(out_dir)) if out_dir.is_dir() else set()
    changes = Changes(
        added=sorted(set(expected) - present), removed=sorted(present - set(expected))
    )
    for path in sorted(set(expected) & present):
        old = _text_of(out_dir / path)
        if old != expected[path]:
            diff = list(
                difflib.unified_diff(
                    old.splitlines(), expected[path].splitlines(), lineterm="", n=0
                )
            )
            plus = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
            minus = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
            changes.changed.append((path, plus, minus))
    return changes


def write_tree(
    files: dict[str, str], out_dir: Path, *, force: bool = False, inputs: Sequence[Path] = ()
) -> None:
    """Replace ``out_dir`` with exactly ``files`` (plus the manifest), atomically.

    ``out_dir`` may be a symbolic link to a directory: the directory it points to is replaced and
    the link kept. Never replaces a directory that holds one of ``inputs`` (the spec, its
    includes and samples), even with ``force``. Caches (``__pycache__``, ``*.pyc`` …) of the old
    output are carried over: Python checks them against the new sources itself.
    """
    shown, out_dir = out_dir, _target(out_dir)
    _check_not_holding_inputs(out_dir, inputs, shown)
    _check_replaceable(out_dir, shown, force=force)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    temporary = _make_temporary(out_dir)
    try:
        for relative, text in sorted(with_manifest(files).items()):
            target = temporary / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if out_dir.is_dir():
            _carry_caches(out_dir, temporary)
        _swap_into_place(temporary, out_dir)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _target(out_dir: Path) -> Path:
    """The absolute directory to replace: a symbolic link is followed (and must lead somewhere)."""
    absolute = Path(os.path.abspath(out_dir))
    if absolute.is_symlink() and not absolute.exists():
        raise WriteError(
            f"{out_dir} is a symbolic link to {os.readlink(absolute)}, which does not exist: "
            f"create that directory or remove the link"
        )
    return absolute.resolve()


def _check_not_holding_inputs(out_dir: Path, inputs: Sequence[Path], shown: Path) -> None:
    held = [path for path in inputs if path.resolve().is_relative_to(out_dir)]
    if held:
        what = "is" if held[0].resolve() == out_dir else "holds"
        raise WriteError(
            f"{shown} {what} {display_path(held[0])}, which the build reads: replacing it would "
            "delete it. Choose an output directory that holds neither the spec nor its included "
            "or sample files (e.g. a new folder such as build/sdk)"
        )


def _make_temporary(out_dir: Path) -> Path:
    """A new sibling of ``out_dir``, created with the mode the umask gives (mkdtemp's is 0700)."""
    while True:
        temporary = out_dir.with_name(f".{out_dir.name}{_TEMP_PREFIX}{secrets.token_hex(4)}")
        with contextlib.suppress(FileExistsError):
            temporary.mkdir()
            return temporary


def _carry_caches(old: Path, new: Path) -> None:
    """Move cache directories and compiled files of ``old`` to the same places in ``new``."""
    for directory, subdirectories, names in os.walk(old):
        base = Path(directory).relative_to(old)
        if not (new / base).is_dir():
            subdirectories.clear()
            continue
        caches = [d for d in subdirectories if d in _IGNORED_DIRS]
        subdirectories[:] = [d for d in subdirectories if d not in _IGNORED_DIRS]
        for name in caches + [n for n in names if n.endswith(".pyc")]:
            if not (new / base / name).exists():
                os.rename(Path(directory) / name, new / base / name)


def _check_replaceable(out_dir: Path, shown: Path, *, force: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{shown} is a file: choose a directory for the generated package")
    if force or not out_dir.is_dir():
        return
    existing = set(_existing_files(out_dir))
    if not existing:
        return
    if MANIFEST not in existing:
        raise WriteError(
            f"{shown} is not empty and was not written by apigen: choose another directory, "
            f"or pass --force to replace it"
        )
    listed = set(_manifest_entries(out_dir / MANIFEST)) | {MANIFEST}
    foreign = sorted(existing - listed)
    if foreign:
        listing = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise WriteError(
            f"{shown} holds files apigen did not write ({listing}): move them out of the "
            f"generated directory, or pass --force to replace it"
        )


def output_digests(out_dir: Path) -> dict[str, str] | None:
    """Path → SHA-256 of each file of an output folder that holds exactly what its manifest
    lists (caches aside); None for any other folder."""
    if not (out_dir / MANIFEST).is_file():
        return None
    listed = _manifest_entries(out_dir / MANIFEST)
    if _text_of(out_dir / MANIFEST) != with_manifest(dict.fromkeys(listed, ""))[MANIFEST]:
        return None
    if sorted(_existing_files(out_dir)) != sorted([*listed, MANIFEST]):
        return None
    if not all((out_dir / path).is_file() for path in listed):
        return None  # reading a named pipe would block
    return {path: hashlib.sha256((out_dir / path).read_bytes()).hexdigest() for path in listed}


def _manifest_entries(manifest: Path) -> list[str]:
    lines = _text_of(manifest).splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _text_of(path: Path) -> str:
    """The text of a regular file; empty for anything else (a named pipe would block)."""
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def _existing_files(root: Path) -> list[str]:
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in _IGNORED_DIRS)
        base = Path(directory).relative_to(root)
        found += [(base / name).as_posix() for name in names if not name.endswith(".pyc")]
    return found


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporaries of an earlier build that was killed (SIGKILL skips our cleanup)."""
    for stale in out_dir.parent.glob(f".{out_dir.name}{_TEMP_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap_into_place(new: Path, out_dir: Path) -> None:
    """Afterwards ``out_dir`` holds the new tree and ``new`` the old one (or nothing)."""
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    if _exchange(new, out_dir):
        return
    backup = new.with_name(new.name + "-old")
    os.rename(out_dir, backup)
    try:
        os.rename(new, out_dir)
    except OSError:
        os.rename(backup, out_dir)
        raise
    os.rename(backup, new)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step where the OS can; False where it cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def _renameat2() -> Any:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        function.restype = ctypes.c_int
        return function
    return None
