"""``apigen verify``: the committed samples against a server whose responses changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.live.conftest import CONTACT, CONTACTS, apigen, tree
from tests.servers.recording import RecordingServer, Reply


@pytest.fixture
def initialized(contacts_spec: Path, contacts_server: RecordingServer) -> Path:
    """The contacts spec with recorded samples for its three data calls."""
    run = apigen("initialize", str(contacts_spec), "Get contact", "List contacts", "Get status")
    assert run.exit_code == 0, run.stderr
    return contacts_spec


def test_unchanged_responses_pass_and_nothing_is_written(
    initialized: Path, contacts_server: RecordingServer
) -> None:
    before = tree(initialized.parent)

    run = apigen("verify", str(initialized))

    assert run.exit_code == 0
    assert f"Contacts/Get contact: no drift (GET {contacts_server.url}/contacts/c_1 -> 200)" in (
        run.stdout
    )
    assert run.stdout.splitlines()[-1] == "0 failed, 0 breaking, 0 additive, 3 unchanged, 0 skipped"
    assert tree(initialized.parent) == before
    assert "POST" not in [request.method for request in contacts_server.requests]


def test_new_fields_are_additive_drift(initialized: Path, contacts_server: RecordingServer) -> None:
    contacts_server.route("GET", "/contacts/c_1", Reply.json({**CONTACT, "nickname": "Ada"}))

    run = apigen("verify", str(initialized))
    strict = apigen("verify", str(initialized), "--strict")

    assert run.exit_code == 0
    assert "Contacts/Get contact: additive drift" in run.stdout
    assert "  + added            nickname: string" in run.stdout
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    ("reply", "change"),
    [
        ({k: v for k, v in CONTACT.items() if k != "email"}, "! removed          email"),
        ({**CONTACT, "score": "high"}, "! type changed     score: number -> string"),
        ({**CONTACT, "email": None}, "! became nullable  email: string -> null"),
        ([CONTACT], "! type changed     (root): object -> array"),
    ],
)
def test_breaking_drift_fails(
    initialized: Path, contacts_server: RecordingServer, reply: object, change: str
) -> None:
    contacts_server.route("GET", "/contacts/c_1", Reply.json(reply))

    run = apigen("verify", str(initialized))

    assert run.exit_code == 1
    assert "Contacts/Get contact: breaking drift" in run.stdout
    assert change in run.stdout


def test_an_empty_list_is_no_drift_and_an_integer_fits_a_number(
    initialized: Path, contacts_server: RecordingServer
) -> None:
    contacts_server.route("GET", "/contacts", Reply.json([]))
    contacts_server.route("GET", "/contacts/c_1", Reply.json({**CONTACT, "score": 90}))

    run = apigen("verify", str(initialized))

    assert run.exit_code == 0, run.stdout
    assert "3 unchanged" in run.stdout


def test_json_output_for_machines(initialized: Path, contacts_server: RecordingServer) -> None:
    contacts_server.route("GET", "/contacts", Reply.json([{**CONTACTS[0], "id": 7}]))

    run = apigen("verify", str(initialized), "--format", "json")

    report = json.loads(run.stdout)
    assert run.exit_code == report["exit_code"] == 1
    assert report["counts"] == {
        "failed": 0,
        "breaking": 1,
        "additive": 0,
        "unchanged": 2,
        "skipped": 0,
    }
    listed = next(call for call in report["calls"] if call["call"] == "Contacts/List contacts")
    assert listed["status"] == 200
    assert listed["changes"] == [
        {
            "path": "[].id",
            "kind": "type changed",
            "before": "string",
            "after": "integer",
            "breaking": True,
        }
    ]


def test_a_failing_call_fails_verification(
    initialized: Path, contacts_server: RecordingServer
) -> None:
    contacts_server.route("GET", "/status", Reply.json({"error": "maintenance"}, status=503))

    run = apigen("verify", str(initialized), "--format", "json")

    report = json.loads(run.stdout)
    assert run.exit_code == 1
    status = next(call for call in report["calls"] if call["call"] == "Contacts/Get status")
    assert status["result"] == "failed"
    assert status["message"] == 'HTTP 503 Service Unavailable: {"error": "maintenance"}'


def test_calls_that_may_change_data_are_sent_only_with_yes(
    initialized: Path, contacts_server: RecordingServer
) -> None:
    apigen("initialize", str(initialized), "Create contact", "--yes")
    posts = len([request for request in contacts_server.requests if request.method == "POST"])

    named = apigen("verify", str(initialized), "Create contact")
    allowed = apigen("verify", str(initialized), "Create contact", "--yes")

    assert named.exit_code == 0
    assert "Contacts/Create contact: skipped: an action may change data: pass --yes" in (
        named.stdout
    )
    assert "Contacts/Create contact: no drift" in allowed.stdout
    sent = [request for request in contacts_server.requests if request.method == "POST"]
    assert len(sent) == posts + 1


def test_calls_without_samples_are_skipped(contacts_spec: Path) -> None:
    run = apigen("verify", str(contacts_spec))

    assert run.exit_code == 0
    assert "Contacts/Get contact: skipped: no samples to compare with" in run.stdout
    assert "Contacts/List contacts: no drift" in run.stdout  # its hand-written sample


def test_an_explicit_schema_is_what_responses_are_compared_with(
    workdir: Path, recording_server: RecordingServer
) -> None:
    spec = workdir / "schema.yaml"
    spec.write_text(
        "apigen: 1\npackage: {name: schema_sdk}\ncollections:\n"
        f"  - name: Schema\n    base_url: {recording_server.url}\n    calls:\n"
        "      - name: Get count\n        use_as: data\n        path: /count\n"
        "        response:\n          schema:\n            type: object\n"
        "            required: [count]\n            properties: {count: {type: integer}}\n"
    )
    recording_server.route("GET", "/count", Reply.json({"count": 3, "unit": "items"}))
    additive = apigen("verify", str(spec))
    recording_server.route("GET", "/count", Reply.json({"total": 3}))

    breaking = apigen("verify", str(spec))

    assert additive.exit_code == 0
    assert "+ added            unit: string" in additive.stdout
    assert breaking.exit_code == 1
    assert "! removed          count (was integer, always present before)" in breaking.stdout
