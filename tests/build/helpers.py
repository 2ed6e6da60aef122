"""Building example specs for tests: in process, once per spec and test session."""

from __future__ import annotations

import functools
from pathlib import Path

from apigen.build import build_files
from apigen.diagnostics import Diagnostics, Severity

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/apigen.yaml"))
# Specs kept for the tests alone: shapes of output the examples do not have.
TEST_SPECS_DIR = ROOT / "tests" / "build" / "specs"
TEST_SPECS = sorted(p.parent.name for p in TEST_SPECS_DIR.glob("*/apigen.yaml"))
GOLDEN = ROOT / "tests" / "golden"


def example_spec(name: str) -> Path:
    """The spec of an example, else the test spec of that name (tests/build/specs/)."""
    example = ROOT / "examples" / name / "apigen.yaml"
    return example if example.exists() else TEST_SPECS_DIR / name / "apigen.yaml"


@functools.cache
def built_example(name: str) -> dict[str, str]:
    """The generated files of an example; its build must have no errors."""
    diagnostics = Diagnostics()
    files = build_files(example_spec(name), diagnostics)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert files is not None and not errors, errors
    return files
