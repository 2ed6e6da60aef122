"""Project-level invariants: committed artefacts that must follow the code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import black
import pytest
from click.testing import CliRunner

from apigen.cli import cli
from apigen.diagnostics import CODES
from apigen.format import BLACK_MODE
from apigen.schema import spec_json_schema

ROOT = Path(__file__).resolve().parent.parent


def test_committed_json_schema_is_fresh() -> None:
    committed = json.loads((ROOT / "schemas" / "apigen.schema.json").read_text(encoding="utf-8"))
    assert committed == spec_json_schema(), "run `apigen schema > schemas/apigen.schema.json`"


def test_diagnostics_doc_lists_every_code() -> None:
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| ([EW]\d{3}) \| (.+) \|$", text, flags=re.MULTILINE))
    assert documented == CODES


def test_every_code_has_a_test() -> None:
    tests = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("test_*.py")
        if p.name != "test_project.py"
    )
    untested = [code for code in CODES if f'"{code}"' not in tests]
    assert untested == []


def test_examples_reference_the_schema() -> None:
    for spec in sorted((ROOT / "examples").glob("*/apigen.yaml")):
        first_line = spec.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first_line == "# yaml-language-server: $schema=../../schemas/apigen.schema.json"
        ), spec


def test_runtime_templates_are_black_formatted() -> None:
    # The build copies them without formatting (see apigen.build).
    for path in sorted((ROOT / "templates" / "runtime").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=BLACK_MODE) == text, path


def _block(text: str, after: str, language: str) -> str:
    found = re.search(rf"{re.escape(after)}.*?```{language}\n(.*?)```", text, flags=re.DOTALL)
    assert found is not None, after
    return found.group(1)


def test_readme_error_example_is_what_the_tour_spec_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tour's spec with `methd` for `method`, checked for real, prints the README's lines."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spec = _block(readme, "A spec (`examples/crm/apigen.yaml`, shortened)", "yaml")
    shown = _block(readme, "A mistake (here `methd: GET` in the spec above)", "text")
    assert spec.count("method: GET") == 1
    (tmp_path / "apigen.yaml").write_text(spec.replace("method: GET", "methd: GET"))
    shutil.copytree(ROOT / "examples" / "crm" / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)  # the message names the spec as the command line did
    result = CliRunner().invoke(cli, ["check", "apigen.yaml"])
    assert result.exit_code == 1
    assert result.output == shown
