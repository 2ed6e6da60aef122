"""What goes on the wire: method, path, query, headers and body of each kind of call."""

from __future__ import annotations

import importlib
import json

from tests.servers.recording import RecordingServer, Reply

from .conftest import ACME_KEY, ACME_WORKSPACE, Caller, Demo

CONTACT = {"id": "c_1", "email": "ada@example.com", "displayName": "Ada", "tags": ["vip"]}


def test_path_parameter_is_encoded_and_query_sent(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/v1/contacts/a%2Fb%20c", Reply.json(CONTACT))
    contact = acme("get_contact", contact_id="a/b c", limit=5)
    request = recording_server.last
    assert (request.method, request.path, request.query) == (
        "GET",
        "/v1/contacts/a%2Fb%20c",
        "limit=5",
    )
    assert request.body == b""
    assert request.header("Content-Type") is None
    assert (contact.id, contact.email, contact.display_name, contact.tags) == (
        "c_1",
        "ada@example.com",
        "Ada",
        ["vip"],
    )


def test_query_booleans_arrays_and_unset_values(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/v1/contacts", Reply.json([CONTACT, CONTACT]))
    contacts = acme("search_contacts", q="x y&z", active=False, tags=["a", "b"])
    assert recording_server.last.query_pairs() == [
        ("q", "x y&z"),
        ("active", "false"),
        ("tag", "a"),
        ("tag", "b"),
    ]
    assert [contact.id for contact in contacts] == ["c_1", "c_1"]
    acme("search_contacts", q="", active=True, page=2)
    assert recording_server.last.query_pairs() == [("q", ""), ("active", "true"), ("page", "2")]


def test_headers_shared_then_call_then_parameters(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/v1/trace", Reply.text("traced ✓"))
    assert acme("trace", request_id="r-1") == "traced ✓"
    request = recording_server.last
    assert request.header_values("Accept") == ["text/plain"]
    assert request.header("X-Client") == "demo"
    assert request.header("X-Trace") == "1"
    assert request.header("X-Request-Id") == "r-1"
    assert request.header_values("X-Mode") == []
    assert request.header("Authorization") == f"Bearer {ACME_KEY}"
    acme("trace", request_id="r-2", mode="deep")
    assert recording_server.last.header("X-Mode") == "deep"


def test_json_template_with_shared_private_parameter(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("POST", "/v1/contacts", Reply.json(CONTACT, status=201))
    contact = acme("create_contact", email='a"b@example.com', tags=["t"])
    request = recording_server.last
    assert request.header("Content-Type") == "application/json"
    assert b'"email":"a\\"b@example.com"' in request.body
    assert request.json() == {
        "email": 'a"b@example.com',
        "tags": ["t"],
        "greeting": "Hello !",
        "profile": {"labels": ["vip"], "source": "sdk"},
        "note": "<literal>",
        "workspace": ACME_WORKSPACE,
    }
    assert contact.id == "c_1"
    acme("create_contact", email="e", name="Ada", tags=[], label="new")
    assert recording_server.last.json() == {
        "email": "e",
        "name": "Ada",
        "tags": [],
        "greeting": "Hello Ada!",
        "profile": {"labels": ["vip", "new"], "source": "sdk"},
        "note": "<literal>",
        "workspace": ACME_WORKSPACE,
    }


def test_json_body_without_template_holds_the_set_parameters(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("PATCH", "/v1/contacts/c_1", Reply.json(CONTACT))
    acme("update_contact", contact_id="c_1", display_name="Ada")
    request = recording_server.last
    assert request.method == "PATCH"
    assert request.json() == {"displayName": "Ada", "workspace": ACME_WORKSPACE}


def test_form_body(acme: Caller, recording_server: RecordingServer) -> None:
    recording_server.route("POST", "/v1/forms", Reply.json({"ok": True}))
    result = acme("submit_form", title="A&B =c", count=3, flags=["x", "y"], draft=True)
    request = recording_server.last
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert request.form_pairs() == [
        ("workspace", ACME_WORKSPACE),
        ("title", "A&B =c"),
        ("count", "3"),
        ("flag", "x"),
        ("flag", "y"),
        ("draft", "true"),
    ]
    assert result == {"ok": True}


def test_multipart_body(acme: Caller, recording_server: RecordingServer) -> None:
    recording_server.route("POST", "/v1/files", Reply.json({"stored": 1}))
    acme("upload_file", description="a photo", file=b"\x00\x01\xffbin", labels=["a", "b"])
    request = recording_server.last
    assert (request.header("Content-Type") or "").startswith("multipart/form-data; boundary=")
    parts = [(p.name, p.filename, p.content_type, p.content) for p in request.multipart()]
    assert parts == [
        ("workspace", None, None, ACME_WORKSPACE.encode()),
        ("description", None, None, b"a photo"),
        ("file", "file", "application/octet-stream", b"\x00\x01\xffbin"),
        ("label", None, None, b"a"),
        ("label", None, None, b"b"),
    ]


def test_bodyless_methods_send_no_shared_body_parameter(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("GET", "/v1/raw", Reply.json([1]))
    acme("get_raw")
    assert recording_server.last.body == b""


def test_delete_sends_shared_body_and_returns_none_for_204(
    acme: Caller, recording_server: RecordingServer
) -> None:
    recording_server.route("DELETE", "/v1/contacts/c_1", Reply(status=204))
    assert acme("delete_contact", contact_id="c_1") is None
    assert json.loads(recording_server.last.body) == {"workspace": ACME_WORKSPACE}


def test_base_url_and_path_join_with_one_slash(demo: Demo) -> None:
    join_url = demo.runtime("request").join_url
    for base in ("https://x.example/v1", "https://x.example/v1/"):
        for path in ("/users", "users"):
            assert join_url(base, path) == "https://x.example/v1/users"
    assert join_url("https://x.example/v1", "") == "https://x.example/v1"


def test_a_parsed_url_is_reused_without_the_query_of_an_earlier_call(
    demo: Demo, recording_server: RecordingServer, secret_env: None
) -> None:
    # Paths without parameters are parsed once per client (and shared with its copies): each
    # call still adds only its own query.
    recording_server.route("GET", "/v1/raw", Reply.json([1]))
    get_raw = importlib.import_module("demo_sdk.acme.client")._GET_RAW
    options = demo.runtime("request").OPTIONS_KWARG
    with demo.package.AcmeCrmClient(base_url=f"{recording_server.url}/v1") as client:
        client._call_untyped(get_raw, {options: {"extra_query": {"a": "1"}}})
        client.with_options(timeout=5)._call_untyped(get_raw, {})
        client._call_untyped(get_raw, {options: {"extra_query": {"b": "2"}}})
        client._call_untyped(get_raw, {})
    assert [(r.path, r.query) for r in recording_server.requests] == [
        ("/v1/raw", "a=1"),
        ("/v1/raw", ""),
        ("/v1/raw", "b=2"),
        ("/v1/raw", ""),
    ]
