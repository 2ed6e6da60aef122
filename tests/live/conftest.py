"""Running ``apigen initialize`` and ``apigen verify`` in process, and the specs they run on.

The servers come from tests.servers.fixtures (``recording_server``) and pytest-httpbin
(``httpbin``); every test works in its own temporary folder, with no private value set.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from apigen.cli import cli
from tests.servers.recording import RecordingServer, Reply

TOKEN = "tok-4f9a2c7e91d3"
PRIVATE_ENV = (
    "CONTACTS_TOKEN",
    "ECHO_TOKEN",
    "ECHO_ACCOUNT",
    "ECHO_TRACE",
    "ECHO_USER",
    "ECHO_PASSWORD",
    "ACME_API_KEY",
    "ACME_WORKSPACE",
    "ACME_BILLING_USERNAME",
    "ACME_BILLING_PASSWORD",
)

# A spec written the way people write them: comments everywhere, several quoting styles, flow
# and block collections, blank lines. Tests compare the text around what initialize changes.
CONTACTS_SPEC = """\
# The contacts API, as seen from the tests.
apigen: 1
package:
  name: contacts_sdk # import name
  version: '0.1.0'

collections:
  - name: Contacts
    base_url: "{url}"
    auth:
      type: private_key_in_header
      prefix: "Bearer "
      env: CONTACTS_TOKEN   # set by the tests

    calls:
      # Reads -----------------------------------------------------------

      - name: Get contact
        use_as: data
        path: /contacts/{{contact_id}}
        parameters:
          - {{name: contact_id, in: path, example: c_1}}   # an id that exists

      - name: List contacts
        use_as: data
        path: /contacts
        parameters:
          - name: limit
            in: query
            type: integer
            default: 20
        response:
          # written by hand, before the API existed
          samples:
            - inline: [{{"id": "c_0", "email": "old@example.com"}}]


      - {{name: Get status, use_as: data, path: /status, auth: none}}

      # Writes ----------------------------------------------------------
      - name: Create contact
        use_as: action
        method: POST
        path: /contacts
        parameters:
          - {{name: email, in: body, example: ada@example.com}}
"""

CONTACT = {"id": "c_1", "email": "ada@example.com", "score": 87.5, "tags": ["vip"], "phone": None}
CONTACTS = [{"id": "c_1", "email": "ada@example.com"}, {"id": "c_2", "email": "bob@example.com"}]
STATUS = {"status": "ok", "version": "2024.05"}


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def apigen(*args: str, input: str | None = None) -> Run:
    """Run the command line in process."""
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in PRIVATE_ENV:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def contacts_server(recording_server: RecordingServer) -> Iterator[RecordingServer]:
    recording_server.route("GET", "/contacts/c_1", Reply.json(CONTACT))
    recording_server.route("GET", "/contacts", Reply.json(CONTACTS))
    recording_server.route("GET", "/status", Reply.json(STATUS))
    recording_server.route("POST", "/contacts", Reply.json(CONTACT, status=201))
    yield recording_server


@pytest.fixture
def contacts_spec(
    workdir: Path, contacts_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("CONTACTS_TOKEN", TOKEN)
    path = workdir / "apigen.yaml"
    path.write_text(CONTACTS_SPEC.format(url=contacts_server.url), encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines ``after`` dropped from ``before`` and the lines it added, in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its content."""
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }
