"""Golden generated packages: each example's output is committed under tests/golden/<example>/.

Run ``pytest tests/build --update-golden`` after an intended change to the generator, and review
the golden diff like code.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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
