"""Golden generated packages: each example's output is committed under tests/golden/<example>/.

Run ``pytest tests/build --update-golden`` after an intended change to the generator, and review
the golden diff like code.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from apigen.build import build_files
from apigen.diagnostics import Diagnostics
from apigen.write import MANIFEST, write_tree

from .helpers import EXAMPLES, GOLDEN, ROOT, built_example, example_spec


def _golden_files(name: str) -> dict[str, str]:
    root = GOLDEN / name
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("name", EXAMPLES)
def test_output_matches_golden(name: str, update_golden: bool) -> None:
    files = built_example(name)
    if update_golden:
        write_tree(files, GOLDEN / name, force=True)
    assert _golden_files(name) == files, "generator output changed: run pytest --update-golden"


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
