"""Private values from a ``.env`` file beside the spec, and the warning when git tracks it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from apigen.live.dotenv import parse_dotenv
from tests.live.conftest import TOKEN, apigen
from tests.servers.recording import RecordingServer


def test_the_dotenv_format() -> None:
    text = (
        "# a comment\n"
        "\n"
        "PLAIN=value with spaces  # trailing comment\n"
        "export EXPORTED=1\n"
        "SINGLE='kept # as \\n written'\n"
        'DOUBLE="line\\nbreak \\"quoted\\"" # comment\n'
        "EMPTY=\n"
        "HASH=a#b\n"
        "not a line\n"
    )

    values, warnings = parse_dotenv(text)

    assert values == {
        "PLAIN": "value with spaces",
        "EXPORTED": "1",
        "SINGLE": "kept # as \\n written",
        "DOUBLE": 'line\nbreak "quoted"',
        "EMPTY": "",
        "HASH": "a#b",
    }
    assert warnings == ["warning: .env:9: not a KEY=VALUE line; it is ignored"]


def test_values_come_from_the_dotenv_file_beside_the_spec(
    contacts_spec: Path, contacts_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONTACTS_TOKEN")
    (contacts_spec.parent / ".env").write_text('CONTACTS_TOKEN="from-dotenv"\n')

    run = apigen("initialize", str(contacts_spec), "get_contact")

    assert run.exit_code == 0, run.stderr
    assert contacts_server.last.header("Authorization") == "Bearer from-dotenv"
    assert "tracked by git" not in run.stderr  # not a repository: nothing to say


def test_the_environment_wins_over_the_dotenv_file(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    (contacts_spec.parent / ".env").write_text("CONTACTS_TOKEN=from-dotenv\n")

    apigen("initialize", str(contacts_spec), "get_contact")

    assert contacts_server.last.header("Authorization") == f"Bearer {TOKEN}"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_dotenv_file_tracked_by_git_is_warned_about(contacts_spec: Path) -> None:
    folder = contacts_spec.parent
    (folder / ".env").write_text("OTHER=1\n")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", ".env"], cwd=folder, check=True)

    run = apigen("initialize", str(contacts_spec), "get_contact")

    assert run.exit_code == 0
    assert f"warning: {folder / '.env'} is tracked by git" in run.stderr
