"""Golden generated packages: each example's output is committed under tests/golden/<example>/,
its runtime modules once for all examples under tests/golden/_runtime/.

Run ``pytest tests/build --update-golden`` after an intended change to the generator, and review
the golden diff like code.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.write import MANIFEST, write_tree

from .helpers import EXAMPLES, GOLDEN, ROOT, built_example, example_spec

# The runtime modules are the same text in every package that has them: they are kept once, in
# tests/golden/_runtime/, with a list of each example's modules; an example's golden folder holds
# the rest of its package (the runtime package's __init__, which differs by module set, too).
SHARED_RUNTIME = GOLDEN / "_runtime"
RUNTIME_FOLDER = "/_runtime/"


def _golden_files(name: str) -> dict[str, str]:
    root = GOLDEN / name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts
    }


def _split(files: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The package's own files, and its runtime modules by file name (``__init__`` is its own)."""
    own: dict[str, str] = {}
    runtime: dict[str, str] = {}
    for path, text in files.items():
        folder, _, file = path.rpartition("/")
        shared = f"/{folder}/".endswith(RUNTIME_FOLDER) and file != "__init__.py"
        (runtime if shared else own)[file if shared else path] = text
    return own, runtime


def _listing(name: str) -> Path:
    return SHARED_RUNTIME / f"{name}.txt"


@pytest.mark.parametrize("name", EXAMPLES)
def test_output_matches_golden(name: str, update_golden: bool) -> None:
    own, runtime = _split(built_example(name))
    if update_golden:
        write_tree(own, GOLDEN / name, force=True)
        _listing(name).write_text("".join(f"{file}\n" for file in sorted(runtime)))
        for file, text in runtime.items():
            (SHARED_RUNTIME / file).write_text(text, encoding="utf-8")
    assert _golden_files(name) == own, "generator output changed: run pytest --update-golden"
    listed = _listing(name).read_text(encoding="utf-8").split()
    assert listed == sorted(runtime), "runtime modules changed: run pytest --update-golden"


def test_runtime_matches_golden_once_per_module_set() -> None:
    sets: dict[frozenset[str], dict[str, str]] = {}
    for name in EXAMPLES:
        runtime = _split(built_example(name))[1]
        sets.setdefault(frozenset(runtime), runtime)
    for runtime in sets.values():
        golden = {file: (SHARED_RUNTIME / file).read_text(encoding="utf-8") for file in runtime}
        assert golden == runtime, "runtime changed: run pytest --update-golden"


def test_shared_runtime_holds_only_modules_some_example_uses(update_golden: bool) -> None:
    used = {file for name in EXAMPLES for file in _split(built_example(name))[1]}
    kept = {p.name for p in SHARED_RUNTIME.glob("*.py")}
    if update_golden:
        for stale in kept - used:
            (SHARED_RUNTIME / stale).unlink()
        kept &= used
    assert kept == used


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_build_is_identical_under_other_hash_seeds(tmp_path, seed: str) -> None:
    name = "crm"
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "apigen", "build", str(example_spec(name)), "-o", str(out)]
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    written = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    assert written == built_example(name)


def test_collection_order_does_not_reshuffle_their_files(tmp_path) -> None:
    """Reversing the collections changes only the files that list them all, in spec order."""
    spec = (example_spec("crm")).read_text(encoding="utf-8")
    folder = tmp_path / "crm"
    shutil.copytree(example_spec("crm").parent, folder)
    # The included billing collection moves from last to first.
    data = YAML(typ="rt").load(spec)
    data.pop("include")
    billing = YAML(typ="safe").load((folder / "billing.yaml").read_text(encoding="utf-8"))
    data["collections"] = billing["collections"] + list(data["collections"])
    buffer = io.StringIO()
    YAML(typ="rt").dump(data, buffer)
    (folder / "apigen.yaml").write_text(buffer.getvalue(), encoding="utf-8")
    diagnostics = Diagnostics()
    reordered = build_files(folder / "apigen.yaml", diagnostics)
    assert reordered is not None, [d.format() for d in diagnostics]
    original = built_example("crm")
    changed = sorted(path for path in original if original[path] != reordered.get(path))
    assert set(reordered) == set(original)
    # The testing module's example names the first client; its samples list calls in spec order.
    assert changed == [
        ".env.example",
        "README.md",
        "acme_sdk/_testing_samples.json",
        "acme_sdk/testing.py",
    ]
