"""The examples of docs/testing.md run as written: the pytest tests pass, the script works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.build.helpers import ROOT

from .conftest import MockProcess

pytestmark = pytest.mark.slow

DOC = ROOT / "docs" / "testing.md"


def _python_blocks() -> dict[str, str]:
    """Each Python block of the page by the file name the text before it gives it."""
    text = DOC.read_text(encoding="utf-8")
    blocks = {}
    for match in re.finditer(r"\(`(\w+\.py)`\).*?```python\n(.*?)```", text, re.DOTALL):
        blocks[match.group(1)] = match.group(2)
    return blocks


def _run(
    command: list[str], cwd: Path, built: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(built), "MYPYPATH": str(built), **env}
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )


def test_the_pytest_example_passes_and_type_checks(
    built_examples: dict[str, Path], tmp_path: Path
) -> None:
    blocks = _python_blocks()
    for name in ("crm_report.py", "test_crm_report.py"):
        (tmp_path / name).write_text(blocks[name], encoding="utf-8")
    crm = built_examples["crm"]
    tests = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path, crm)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout
    typed = _run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."], tmp_path, crm)
    assert typed.returncode == 0, typed.stdout


def test_the_script_runs_against_apigen_mock(
    built_examples: dict[str, Path], crm_mock: MockProcess, tmp_path: Path
) -> None:
    script = tmp_path / "list_contacts.py"
    script.write_text(_python_blocks()["list_contacts.py"], encoding="utf-8")
    result = _run(
        [sys.executable, str(script)],
        tmp_path,
        built_examples["crm"],
        ACME_BASE_URL=f"{crm_mock.url}/v1",
        ACME_API_KEY="dev",
        ACME_WORKSPACE="dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "c_1002\tgrace@example.com\tlead",
        "c_1001\tada@example.com\tcustomer, vip",
        "c_0998\talan@example.com\t",
    ]
