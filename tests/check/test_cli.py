"""`apigen check` as users and hooks run it: exit codes, output formats, several specs at once."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
BROKEN = """\
apigen: 1
package: {name: acme_sdk}
collections:
  - name: Acme CRM
    base_url: https://api.acme.example/v1
    calls:
      - {name: Get contact, use_as: data, methd: GET, response: {samples: [{inline: {}}]}}
"""


def apigen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "apigen", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_valid_specs_pass_silently() -> None:
    specs = [str(p) for p in sorted((ROOT / "examples").glob("*/apigen.yaml"))]
    run = apigen("check", *specs, cwd=ROOT)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


@pytest.mark.slow
def test_text_format_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "apigen.yaml").write_text(BROKEN)
    run = apigen("check", "apigen.yaml", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "apigen.yaml:7:43: error: unknown key 'methd' (did you mean 'method'?) [E201]",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.slow
def test_json_format_is_machine_readable(tmp_path: Path) -> None:
    (tmp_path / "apigen.yaml").write_text(BROKEN)
    run = apigen("check", "--format", "json", "apigen.yaml", cwd=tmp_path)
    assert run.returncode == 1
    assert json.loads(run.stdout) == [
        {
            "file": "apigen.yaml",
            "line": 7,
            "column": 43,
            "severity": "error",
            "code": "E201",
            "message": "unknown key 'methd' (did you mean 'method'?)",
        }
    ]


@pytest.mark.slow
def test_github_format_annotates_the_line(tmp_path: Path) -> None:
    (tmp_path / "apigen.yaml").write_text(BROKEN)
    run = apigen("check", "--format", "github", "apigen.yaml", cwd=tmp_path)
    assert run.stdout.strip() == (
        "::error file=apigen.yaml,line=7,col=43,title=E201::"
        "unknown key 'methd' (did you mean 'method'?)"
    )


@pytest.mark.slow
def test_every_spec_is_checked_and_findings_are_sorted(tmp_path: Path) -> None:
    for name in ("b.apigen.yaml", "a.apigen.yaml"):
        (tmp_path / name).write_text(BROKEN)
    run = apigen("check", "b.apigen.yaml", "a.apigen.yaml", cwd=tmp_path)
    assert [line.split(":")[0] for line in run.stderr.splitlines()[:2]] == [
        "a.apigen.yaml",
        "b.apigen.yaml",
    ]


def test_pre_commit_hook_runs_check_on_spec_files() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    check = next(hook for hook in hooks if hook["id"] == "apigen-check")
    assert check["entry"] == "apigen check"
    names = ("apigen.yaml", "specs/crm.apigen.yaml", "x.yaml")
    matches = [name for name in names if re.search(check["files"], name)]
    assert matches == ["apigen.yaml", "specs/crm.apigen.yaml"]


LARGE_SAMPLE_SPEC = """\
apigen: 1
package: {name: acme_sdk}
collections:
  - name: Acme
    base_url: https://api.acme.example/v1
    calls:
      - name: List charges
        use_as: data
        path: /charges
        response: {samples: [{file: charges.json}]}
"""


@pytest.mark.slow
def test_a_repeated_key_deep_in_a_large_sample_is_reported_at_its_line(tmp_path: Path) -> None:
    # Past a megabyte the sample's values are frozen out of the garbage collector; duplicates are
    # still found, at their place in the file.
    charge = {"id": "ch_1", "url": "https://x.io/v1:charges", "card": {"checks": {"cvc": None}}}
    lines = [json.dumps(charge)] * 15_000
    lines[9_000] = '{"id": "ch_2", "card": {"checks": {"cvc": "pass", "cvc": "fail"}}}'
    (tmp_path / "charges.json").write_text("[\n" + ",\n".join(lines) + "\n]")
    (tmp_path / "apigen.yaml").write_text(LARGE_SAMPLE_SPEC)
    assert (tmp_path / "charges.json").stat().st_size > 1024 * 1024
    run = apigen("check", "apigen.yaml", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "charges.json:9002:51: error: duplicate key 'cvc' (first defined at line 9002): remove "
        "one of them [E105]",
        "1 error(s), 0 warning(s)",
    ]
