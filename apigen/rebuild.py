"""No-op rebuilds: a build whose inputs and output are as the last build left them is skipped.

After a build, the cache keeps one entry per set of inputs: the key hashes the content of every
file the build read (the spec, its includes, its samples), where the spec was named from, and
:func:`apigen.cache.fingerprint` (apigen's source and the tools' versions); the entry holds the
SHA-256 of every output file, the diagnostics and the map summary. The next build loads the spec
(to learn its inputs), and when the entry exists and the output folder holds exactly those files
with those hashes, it replays the diagnostics and stops: nothing else would change. Any changed
byte of an input, or of the output, gives another key or no match, and the full build runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apigen.cache import cache_dir, fingerprint, read_entry, write_entry
from apigen.diagnostics import Diagnostic, Diagnostics, Position, Severity
from apigen.load import input_files, load_spec
from apigen.write import output_digests

_KIND = "builds"


@dataclass(frozen=True)
class Outcome:
    """What a build gave besides its files: for the cache entry, and from it."""

    files: dict[str, str]  # output path → SHA-256 of its text
    diagnostics: list[Diagnostic]
    maps: tuple[str, ...]


def inputs_key(spec: Path) -> str | None:
    """The key of the spec's inputs as they are now, or None when the spec does not load."""
    if cache_dir() is None:
        return None
    loaded = load_spec(spec, Diagnostics())  # its diagnostics come again from a full build
    if loaded is None:
        return None
    digest = hashlib.sha256(f"{fingerprint()}\0{os.getcwd()}\0{spec}\0".encode())
    for path in input_files(loaded):
        try:
            content = path.read_bytes()
        except OSError:
            return None  # the full build reports it
        digest.update(f"{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def unchanged(key: str | None, out_dir: Path) -> Outcome | None:
    """The last build's outcome when ``out_dir`` still holds exactly its files."""
    text = None if key is None else read_entry(_KIND, key)
    if text is None:
        return None
    outcome = _decode(json.loads(text))
    return outcome if output_digests(out_dir) == outcome.files else None


def remember(
    key: str | None,
    spec: Path,
    files: dict[str, str],
    diagnostics: Diagnostics,
    maps: tuple[str, ...],
) -> None:
    """Keep a successful build's outcome, unless its inputs changed while it ran."""
    if key is None or inputs_key(spec) != key:
        return
    digests = {path: _sha256(text) for path, text in files.items()}
    outcome = Outcome(digests, list(diagnostics), maps)
    write_entry(_KIND, key, json.dumps(_encode(outcome), sort_keys=True))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encode(outcome: Outcome) -> dict[str, Any]:
    return {
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
    return Outcome(dict(data["files"]), found, tuple(data["maps"]))
