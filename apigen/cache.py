"""Content-addressed cache of the build's two slow steps: rendering a collection's models module
with datamodel-code-generator, and formatting a file with black.

An entry is found by the SHA-256 of its input together with a fingerprint of everything that
decides the output (apigen's own source, the versions of Python, black and
datamodel-code-generator), so an entry can only ever be the output of the same computation;
nothing is invalidated by hand. The cache is an optimization and never trusted blindly: every
entry carries the SHA-256 of its text and is verified when read; a damaged, truncated or unreadable
entry counts as a miss and is written anew. Entries are written to a temporary file and renamed,
so a crash or a concurrent build never leaves half an entry behind. Any error of the file system
only turns the cache off for that entry.

Where: ``$APIGEN_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/apigen``, else ``~/.cache/apigen``.
``APIGEN_NO_CACHE=1`` turns it off. Deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path

_FORMAT_VERSION = "1"  # of the entries on disk
_DIGEST_LENGTH = 64  # hex characters of a SHA-256


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is turned off."""
    if os.environ.get("APIGEN_NO_CACHE", "") not in ("", "0"):
        return None
    if configured := os.environ.get("APIGEN_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "apigen"


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """What decides a cached output besides its input: apigen's source and the tools' versions."""
    digest = hashlib.sha256(f"{_FORMAT_VERSION} {sys.version}".encode())
    for tool in ("apigen", "black", "datamodel-code-generator", "pydantic"):
        digest.update(f" {tool}={_version(tool)}".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def cached_texts(
    kind: str, inputs: Mapping[str, str], compute: Callable[[dict[str, str]], dict[str, str]]
) -> dict[str, str]:
    """``compute(inputs)``, name → output text, taking what it can from the cache.

    ``compute`` is called once, with only the inputs the cache misses (not at all when it
    misses none), and what it returns is stored.
    """
    folder = cache_dir()
    if folder is None:
        return compute(dict(inputs))
    folder = folder / kind
    keys = {name: _key(kind, name, text) for name, text in inputs.items()}
    found = {name: _read(folder / key) for name, key in keys.items()}
    missing = {name: inputs[name] for name, text in found.items() if text is None}
    computed = compute(missing) if missing else {}
    for name, text in computed.items():
        _write(folder / keys[name], text)
    return {name: text if text is not None else computed[name] for name, text in found.items()}


def read_entry(kind: str, key: str) -> str | None:
    """The text kept under ``key`` (a hex digest the caller made), or None."""
    folder = cache_dir()
    return None if folder is None else _read(folder / kind / key)


def write_entry(kind: str, key: str, text: str) -> None:
    folder = cache_dir()
    if folder is not None:
        _write(folder / kind / key, text)


def _key(kind: str, name: str, text: str) -> str:
    digest = hashlib.sha256(f"{fingerprint()}\0{kind}\0{name}\0".encode("utf-8", "surrogatepass"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    stated, payload = data[:_DIGEST_LENGTH], data[_DIGEST_LENGTH + 1 :]
    if stated != hashlib.sha256(payload).hexdigest().encode():
        return None  # damaged or foreign: a miss, rewritten below
    try:
        return payload.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _write(path: Path, text: str) -> None:
    payload = text.encode("utf-8", "surrogatepass")
    data = hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the build goes on without the entry
