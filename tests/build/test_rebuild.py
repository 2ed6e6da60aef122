"""No-op rebuilds: with inputs and output as the last build left them, `apigen build` skips the
pipeline after load, leaves the same output and replays the same diagnostics; any changed byte
of an input (spec, include, sample) or of the output takes the full path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from apigen import rebuild
from apigen.cli import cli
from apigen.diagnostics import Diagnostics

SPEC = """\
apigen: 1
package: {name: acme_sdk}
include: [more.yaml]
collections:
  - name: Acme
    base_url: https://api.acme.example/v1
    calls:
      - name: Get thing
        use_as: data
        path: /things
        response: {samples: [{file: samples/thing.json}]}
"""
INCLUDED = """\
collections:
  - name: More
    base_url: https://api.acme.example/v1
    calls:
      - name: Get other
        use_as: data
        path: /other
"""
UP_TO_DATE = "out is up to date"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A spec with an include and a sample, as the working directory, with its own cache."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "api" / "samples").mkdir(parents=True)
    (tmp_path / "api" / "apigen.yaml").write_text(SPEC)
    (tmp_path / "api" / "more.yaml").write_text(INCLUDED)
    (tmp_path / "api" / "samples" / "thing.json").write_text('{"id": 1, "tags": {}}')
    monkeypatch.chdir(tmp_path / "api")
    return tmp_path / "api"


def build(*args: str) -> str:
    result = CliRunner().invoke(cli, ["build", "apigen.yaml", "-o", "out", *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def test_no_op_rebuild_keeps_the_output_and_replays_the_warnings(project: Path) -> None:
    first = build()
    built = tree(project / "out")
    assert UP_TO_DATE not in first and warnings_of(first)  # the call without a sample warns

    again = build()

    assert UP_TO_DATE in again
    assert warnings_of(again) == warnings_of(first)
    assert tree(project / "out") == built
    assert UP_TO_DATE in build("--check")


@pytest.mark.parametrize("changed", ["apigen.yaml", "more.yaml", "samples/thing.json"])
def test_any_changed_input_byte_takes_the_full_path(project: Path, changed: str) -> None:
    build()
    with (project / changed).open("a") as file:
        file.write(" ")  # one more byte: the same spec, but not the same input

    assert UP_TO_DATE not in build()
    assert UP_TO_DATE in build()  # the full build was remembered under the new inputs


def test_a_changed_output_takes_the_full_path(project: Path) -> None:
    build()
    built = tree(project / "out")
    client = next((project / "out").rglob("client.py"))
    client.write_text(client.read_text() + "# edited\n")

    assert UP_TO_DATE not in build()
    assert tree(project / "out") == built


def test_a_file_added_to_the_output_is_not_skipped(project: Path) -> None:
    build()
    (project / "out" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["build", "apigen.yaml", "-o", "out"])
    assert result.exit_code == 1  # the full path refuses a folder with a file it did not write
    assert "notes.txt" in result.stderr


def test_an_input_changed_while_building_is_not_remembered(project: Path) -> None:
    key = rebuild.spec_key(Path("apigen.yaml"))
    assert key is not None
    sample = project / "samples" / "thing.json"
    os.utime(sample, (key.started + 1, key.started + 1))  # written after the build started

    rebuild.remember(key, [project / "apigen.yaml", sample], {}, Diagnostics(), ())

    assert not (project.parent / "cache" / "builds").exists()
