"""``apigen initialize`` against a local server: what it sends, writes, prints and refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.live.conftest import (
    CONTACT,
    CONTACTS,
    STATUS,
    TOKEN,
    apigen,
    changed_lines,
    tree,
)
from tests.servers.recording import RecordingServer, Reply

GET_CONTACT_SAMPLE = "samples/contacts/get_contact.json"


def test_every_call_is_recorded_and_only_the_samples_entries_change(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    before = contacts_spec.read_text()

    run = apigen("initialize", str(contacts_spec), "--yes")

    assert run.exit_code == 0, run.stderr
    expected = (
        before.replace(
            "example: c_1}   # an id that exists\n",
            "example: c_1}   # an id that exists\n"
            "        response:\n"
            "          samples:\n"
            "            - file: samples/contacts/get_contact.json\n",
        )
        .replace(
            '            - inline: [{"id": "c_0", "email": "old@example.com"}]\n',
            "            - file: samples/contacts/list_contacts.json\n",
        )
        .replace(
            "path: /status, auth: none}",
            "path: /status, auth: none, response: {samples: [{file: "
            "samples/contacts/get_status.json}]}}",
        )
        .replace(
            "example: ada@example.com}\n",
            "example: ada@example.com}\n"
            "        response:\n"
            "          samples:\n"
            "            - file: samples/contacts/create_contact.json\n"
            "              status: 201\n",  # the server answered 201 Created
        )
    )
    assert contacts_spec.read_text() == expected
    samples = contacts_spec.parent / "samples" / "contacts"
    assert (samples / "get_contact.json").read_text() == json.dumps(CONTACT, indent=2) + "\n"
    assert json.loads((samples / "list_contacts.json").read_text()) == CONTACTS
    assert json.loads((samples / "get_status.json").read_text()) == STATUS
    assert json.loads((samples / "create_contact.json").read_text()) == CONTACT
    assert apigen("check", str(contacts_spec)).exit_code == 0


def test_the_requests_carry_examples_and_credentials(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    apigen("initialize", str(contacts_spec), "--yes")

    sent = {(r.method, r.path): r for r in contacts_server.requests}
    assert sent[("GET", "/contacts/c_1")].header("Authorization") == f"Bearer {TOKEN}"
    assert sent[("GET", "/contacts")].query_pairs() == [("limit", "20")]
    assert sent[("GET", "/status")].header("Authorization") is None  # auth: none
    assert sent[("POST", "/contacts")].json() == {"email": "ada@example.com"}


def test_the_structure_and_a_summary_are_printed(contacts_spec: Path) -> None:
    run = apigen("initialize", str(contacts_spec), "Get contact", "List contacts")

    assert "Contacts/Get contact -> samples/contacts/get_contact.json (json)" in run.stdout
    structure = [line.split() for line in run.stdout.splitlines() if line.startswith("  ")]
    assert ["score", "number"] in structure
    assert ["tags[]", "string"] in structure
    assert ["phone", "null"] in structure
    assert "same structure as the recorded samples" in run.stdout  # List contacts had one
    summary = run.stdout[run.stdout.index("call ") :].splitlines()
    assert summary[0].split() == ["call", "status", "time", "fields"]
    assert summary[1].split()[:3] == ["Contacts/Get", "contact", "200"]
    assert summary[1].split()[-1] == "5"
    assert sorted(line[:5] for line in run.stderr.splitlines() if line.startswith("[")) == [
        "[1/2]",
        "[2/2]",
    ]


def test_a_call_that_may_change_data_is_refused_without_yes(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    before = tree(contacts_spec.parent)

    run = apigen("initialize", str(contacts_spec))

    assert run.exit_code == 1
    assert f"POST {contacts_server.url}/contacts  (Contacts/Create contact)" in run.stderr
    assert "--yes" in run.stderr
    assert contacts_server.requests == []
    assert tree(contacts_spec.parent) == before


@pytest.mark.parametrize(("answer", "posted"), [("n", False), ("y", True)])
def test_on_a_terminal_the_user_is_asked(
    contacts_spec: Path,
    contacts_server: RecordingServer,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    posted: bool,
) -> None:
    monkeypatch.setattr("apigen.live.initialize.stdin_is_tty", lambda: True)

    run = apigen("initialize", str(contacts_spec), input=f"{answer}\n")

    assert f"Send POST {contacts_server.url}/contacts (Contacts/Create contact)?" in run.stderr
    assert run.exit_code == 0
    methods = [request.method for request in contacts_server.requests]
    assert ("POST" in methods) is posted
    created = contacts_spec.parent / "samples" / "contacts" / "create_contact.json"
    assert created.exists() is posted
    assert (contacts_spec.parent / GET_CONTACT_SAMPLE).exists()


def test_an_error_status_is_shown_and_nothing_is_overwritten(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    assert apigen("initialize", str(contacts_spec), "get_contact").exit_code == 0
    before = tree(contacts_spec.parent)
    contacts_server.route("GET", "/contacts/c_1", Reply.json({"error": "database down"}, 503))

    run = apigen("initialize", str(contacts_spec), "get_contact")

    assert run.exit_code == 1
    assert "HTTP 503 Service Unavailable" in run.stderr
    assert '{"error": "database down"}' in run.stderr
    assert tree(contacts_spec.parent) == before


def test_a_failed_call_does_not_keep_the_others_from_being_recorded(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    contacts_server.route("GET", "/status", Reply.text("not here", status=404))

    run = apigen("initialize", str(contacts_spec), "Get contact", "Get status")

    assert run.exit_code == 1
    assert "Contacts/Get status: HTTP 404 Not Found: not here" in run.stderr
    samples = contacts_spec.parent / "samples" / "contacts"
    assert sorted(path.name for path in samples.iterdir()) == ["get_contact.json"]
    assert "get_status" not in contacts_spec.read_text()


def test_a_json_call_answered_with_html_records_nothing(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    before = tree(contacts_spec.parent)
    html = Reply(200, b"<html>login</html>", (("Content-Type", "text/html"),))
    contacts_server.route("GET", "/status", html)

    run = apigen("initialize", str(contacts_spec), "Get status")

    assert run.exit_code == 1
    assert "not JSON (Content-Type: text/html)" in run.stderr
    assert tree(contacts_spec.parent) == before


def test_reinitializing_shows_how_the_structure_changed(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    apigen("initialize", str(contacts_spec), "get_contact")
    spec_after_first = contacts_spec.read_text()
    changed = {"id": "c_1", "score": "high", "tags": ["vip"], "phone": None, "nickname": "Ada"}
    contacts_server.route("GET", "/contacts/c_1", Reply.json(changed))

    run = apigen("initialize", str(contacts_spec), "get_contact")

    assert run.exit_code == 0
    changes = run.stdout[run.stdout.index("changes since the recorded samples:") :].splitlines()
    assert [line.split()[:3] for line in changes[1:4]] == [
        ["removed", "email", "(was"],
        ["added", "nickname:", "string"],
        ["type", "changed", "score:"],
    ]
    assert "score: number -> string" in run.stdout
    assert json.loads((contacts_spec.parent / GET_CONTACT_SAMPLE).read_text()) == changed
    assert contacts_spec.read_text() == spec_after_first


def test_keep_old_adds_the_new_sample_next_to_the_old_one(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    apigen("initialize", str(contacts_spec), "get_contact")
    before = contacts_spec.read_text()
    contacts_server.route("GET", "/contacts/c_1", Reply.json({**CONTACT, "phone": "+1555"}))

    run = apigen("initialize", str(contacts_spec), "get_contact", "--keep-old")

    assert run.exit_code == 0
    assert changed_lines(before, contacts_spec.read_text()) == (
        [],
        ["            - file: samples/contacts/get_contact_2.json\n"],
    )
    samples = contacts_spec.parent / "samples" / "contacts"
    assert json.loads((samples / "get_contact.json").read_text()) == CONTACT
    assert json.loads((samples / "get_contact_2.json").read_text())["phone"] == "+1555"
    assert apigen("check", str(contacts_spec)).exit_code == 0


def test_hand_written_samples_stay_unless_their_call_is_named(contacts_spec: Path) -> None:
    before = contacts_spec.read_text()

    apigen("initialize", str(contacts_spec), "Get contact", "Get status")

    removed, added = changed_lines(before, contacts_spec.read_text())
    assert removed == ["      - {name: Get status, use_as: data, path: /status, auth: none}\n"]
    assert len(added) == 4  # response, samples and file of Get contact; Get status in its line
    assert 'inline: [{"id": "c_0", "email": "old@example.com"}]' in contacts_spec.read_text()


def test_unknown_call_names_are_usage_errors_with_a_suggestion(contacts_spec: Path) -> None:
    run = apigen("initialize", str(contacts_spec), "get_contcat")

    assert run.exit_code == 2
    assert "no call is named 'get_contcat' (did you mean 'get_contact'" in run.stderr


def test_calls_can_be_named_with_their_collection(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    run = apigen("initialize", str(contacts_spec), "contacts/get_status", "Contacts/Get contact")

    assert run.exit_code == 0
    assert sorted(request.path for request in contacts_server.requests) == [
        "/contacts/c_1",
        "/status",
    ]


def test_a_required_parameter_without_example_is_named(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    text = contacts_spec.read_text().replace(", example: c_1}", "}")
    contacts_spec.write_text(text)

    run = apigen("initialize", str(contacts_spec), "get_contact", "get_status")

    assert run.exit_code == 1
    assert (
        "apigen.yaml:22:13: Contacts/Get contact: required parameter 'contact_id' has no "
        "`example`" in run.stderr
    )
    assert contacts_server.requests == []


def test_a_missing_private_value_is_named(
    contacts_spec: Path, contacts_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONTACTS_TOKEN")

    run = apigen("initialize", str(contacts_spec), "get_contact")

    assert run.exit_code == 1
    assert "CONTACTS_TOKEN is not set (API key (header Authorization), needed by" in run.stderr
    assert contacts_server.requests == []


def test_a_spec_with_errors_is_not_sent(
    contacts_spec: Path, contacts_server: RecordingServer
) -> None:
    contacts_spec.write_text(contacts_spec.read_text().replace("use_as: data", "use_as: dta", 1))

    run = apigen("initialize", str(contacts_spec))

    assert run.exit_code == 1
    assert "[E204]" in run.stderr
    assert contacts_server.requests == []


def test_an_edit_that_would_change_another_call_is_undone(
    workdir: Path, recording_server: RecordingServer
) -> None:
    spec = workdir / "shared.yaml"
    spec.write_text(
        "apigen: 1\n"
        "package: {name: shared_sdk}\n"
        "collections:\n"
        f"  - name: Shared\n    base_url: {recording_server.url}\n"
        "    calls:\n"
        "      - {name: One, use_as: data, path: /one, response: &r {type: json}}\n"
        "      - {name: Two, use_as: data, path: /two, response: *r}\n"
    )
    recording_server.route("GET", "/one", Reply.json({"a": 1}))
    before = tree(workdir)

    run = apigen("initialize", str(spec), "One")

    assert run.exit_code == 1
    assert "would differ in more than the new samples" in run.stderr
    assert tree(workdir) == before


def test_text_and_binary_responses_keep_their_raw_bodies(
    workdir: Path, recording_server: RecordingServer
) -> None:
    spec = workdir / "files.yaml"
    spec.write_text(
        "apigen: 1\n"
        "package: {name: files_sdk}\n"
        "collections:\n"
        f"  - name: Files\n    base_url: {recording_server.url}\n"
        "    calls:\n"
        "      - {name: Readme, use_as: data, path: /readme, response: {type: text}}\n"
        "      - {name: Logo, use_as: data, path: /logo, response: {type: binary}}\n"
    )
    recording_server.route("GET", "/readme", Reply.text("# Files\n\nnot JSON at all\n"))
    logo = bytes(range(256))
    recording_server.route("GET", "/logo", Reply(200, logo, (("Content-Type", "image/png"),)))

    run = apigen("initialize", str(spec))

    assert run.exit_code == 0, run.stderr
    assert (workdir / "samples/files/readme.txt").read_text() == "# Files\n\nnot JSON at all\n"
    assert (workdir / "samples/files/logo.bin").read_bytes() == logo
    assert "response: {samples: [{file: samples/files/readme.txt}], type: text}" in spec.read_text()
    assert apigen("check", str(spec)).exit_code == 0


def test_calls_are_sent_concurrently_and_time_out(
    workdir: Path, recording_server: RecordingServer
) -> None:
    calls = "".join(
        f"      - {{name: Slow {n}, use_as: data, path: /slow/{n}}}\n" for n in range(4)
    )
    spec = workdir / "slow.yaml"
    spec.write_text(
        "apigen: 1\npackage: {name: slow_sdk}\ncollections:\n"
        f"  - name: Slow\n    base_url: {recording_server.url}\n    calls:\n"
        f"      - {{name: Stuck, use_as: data, path: /stuck}}\n{calls}"
    )
    for n in range(4):
        # Slow enough to overlap, quick enough to answer well within the timeout on a busy machine.
        recording_server.route("GET", f"/slow/{n}", Reply.json({"n": n}, delay=1.0))
    recording_server.route("GET", "/stuck", Reply.json({}, delay=6))

    run = apigen("initialize", str(spec), "--timeout", "4")

    assert run.exit_code == 1
    assert "Slow/Stuck: no response within 4.0 s" in run.stderr
    assert recording_server.most_in_flight == 4  # four at a time, while Stuck waits
    assert len(list((workdir / "samples" / "slow").iterdir())) == 4


def test_a_name_two_collections_use_must_be_qualified(
    workdir: Path, recording_server: RecordingServer
) -> None:
    spec = workdir / "two.yaml"
    spec.write_text(
        "apigen: 1\npackage: {name: two_sdk}\ncollections:\n"
        + "".join(
            f"  - name: {name}\n    base_url: {recording_server.url}/{name.lower()}\n"
            "    calls:\n      - {name: Ping, use_as: data, path: /ping}\n"
            for name in ("First", "Second")
        )
    )
    recording_server.route("GET", "/second/ping", Reply.json({"pong": True}))

    ambiguous = apigen("initialize", str(spec), "ping")
    qualified = apigen("initialize", str(spec), "second/ping")

    assert ambiguous.exit_code == 2
    assert "'ping' names several calls: write one of 'First/Ping', 'Second/Ping'" in (
        ambiguous.stderr
    )
    assert qualified.exit_code == 0, qualified.stderr
    assert (workdir / "samples/second/ping.json").is_file()


def test_sample_names_of_one_run_do_not_collide(
    workdir: Path, recording_server: RecordingServer
) -> None:
    spec = workdir / "ping.yaml"
    spec.write_text(
        "apigen: 1\npackage: {name: ping_sdk}\ncollections:\n"
        f"  - name: Ping\n    base_url: {recording_server.url}\n    calls:\n"
        "      - {name: Ping, use_as: data, path: /1, response: {samples: [{file: old.json}]}}\n"
        "      - {name: Ping 2, use_as: data, path: /2}\n"
    )
    (workdir / "samples/ping").mkdir(parents=True)
    (workdir / "samples/ping/ping.json").write_text("0")  # a file no entry names
    (workdir / "old.json").write_text("0")
    recording_server.route("GET", "/1", Reply.json(1))
    recording_server.route("GET", "/2", Reply.json(2))

    run = apigen("initialize", str(spec), "--keep-old")

    assert run.exit_code == 0, run.stderr
    text = spec.read_text()
    # Ping's own name is used by a file already, so it takes the next, which Ping 2 would take.
    assert "{samples: [{file: old.json}, {file: samples/ping/ping_2.json}]}" in text
    assert "path: /2, response: {samples: [{file: samples/ping/ping_2_2.json}]}}" in text
    assert (workdir / "samples/ping/ping.json").read_text() == "0"
    assert (workdir / "samples/ping/ping_2.json").read_text() == "1\n"
    assert (workdir / "samples/ping/ping_2_2.json").read_text() == "2\n"


@pytest.mark.parametrize("command", ["initialize", "verify"])
@pytest.mark.parametrize("timeout", ["nan", "inf", "-1", "0", "1e300"])
def test_a_timeout_that_is_not_a_usable_number_is_a_usage_error(
    workdir: Path, command: str, timeout: str
) -> None:
    # Found by an attack run: nan and inf reached the socket layer and raised there.
    spec = workdir / "api.yaml"
    spec.write_text("apigen: 1\npackage: {name: acme_sdk}\n")
    run = apigen(command, str(spec), "--timeout", timeout)
    assert run.exit_code == 2
    assert "Invalid value for '--timeout'" in run.stderr
