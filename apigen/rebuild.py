"""No-op rebuilds: a build whose inputs and output are as the last build left them is skipped.

After a build, the cache keeps one entry per spec file content: the key hashes the spec's bytes,
where it was named from and :func:`apigen.cache.fingerprint` (apigen's source and the tools'
versions); the entry holds the SHA-256 of every other file the build read (includes, samples),
of every output file, the diagnostics and the map summary. The next build hashes the spec, and
when the entry exists, every input still has its hash and the output folder holds exactly those
files with those hashes, it replays the diagnostics and stops: nothing else would change. Which
files a build reads follows from the spec and its includes, which are hashed themselves. Any
changed byte of an input, or of the output, gives another key or no match: the full build runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apigen.cache import cache_dir, fingerprint, read_entry, write_entry
from apigen.diagnostics import Diagnostic, Diagnostics, Position, Severity
from apigen.write import output_digests

_KIND = "builds"


@dataclass(frozen=True)
class Outcome:
    """What a build gave besides its files: for the cache entry, and from it."""

    inputs: dict[str, str]  # file the build read → SHA-256 of its bytes
    files: dict[str, str]  # output path → SHA-256 of its text
    diagnostics: list[Diagnostic]
    maps: tuple[str, ...]


@dataclass(frozen=True)
class Key:
    digest: str
    started: float  # when the build started: an input changed since is not remembered


def spec_key(spec: Path) -> Key | None:
    """The key of the spec file as it is now, or None without a cache or a readable spec."""
    started = time.time()
    if cache_dir() is None:
        return None
    try:
        content = spec.read_bytes()
    except OSError:
        return None  # the full build reports it
    # Paths as the file system's bytes: a file name need not be UTF-8.
    where = b"\0".join((fingerprint().encode(), os.fsencode(os.getcwd()), os.fsencode(spec), b""))
    digest = hashlib.sha256(where)
    digest.update(content)
    return Key(digest.hexdigest(), started)


def unchanged(key: Key | None, out_dir: Path) -> Outcome | None:
    """The last build's outcome when its inputs and ``out_dir`` are as it left them."""
    text = None if key is None else read_entry(_KIND, key.digest)
    if text is None:
        return None
    outcome = _decode(json.loads(text))
    if any(_file_digest(Path(path)) != digest for path, digest in outcome.inputs.items()):
        return None
    return outcome if output_digests(out_dir) == outcome.files else None


def remember(
    key: Key | None,
    inputs: list[Path],
    files: dict[str, str],
    diagnostics: Diagnostics,
    maps: tuple[str, ...],
) -> None:
    """Keep a successful build's outcome, unless an input changed while it ran."""
    if key is None or any(_modified_since(path, key.started) for path in inputs):
        return
    digests = {str(path.resolve()): _file_digest(path) for path in inputs}
    if None in digests.values():
        return
    outcome = Outcome(
        {path: str(digest) for path, digest in digests.items()},
        {
            path: hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            for path, text in files.items()
        },
        list(diagnostics),
        maps,
    )
    write_entry(_KIND, key.digest, json.dumps(_encode(outcome), sort_keys=True))


def _modified_since(path: Path, started: float) -> bool:
    try:
        return path.stat().st_mtime >= started
    except OSError:
        return True


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def _encode(outcome: Outcome) -> dict[str, Any]:
    return {
        "inputs": outcome.inputs,
        "files": outcome.files,
        "diagnostics": [d.as_json() for d in outcome.diagnostics],
        "maps": list(outcome.maps),
    }


def _decode(data: dict[str, Any]) -> Outcome:
    found = [
        Diagnostic(
            Position(d["file"], d["line"], d["column"]),
            Severity(d["severity"]),
            d["code"],
            d["message"],
        )
        for d in data["diagnostics"]
    ]
    return Outcome(dict(data["inputs"]), dict(data["files"]), found, tuple(data["maps"]))
