"""Reading responses: results of each type, error statuses, bad bodies and transport failures."""

from __future__ import annotations

import pytest

from tests.servers.recording import RecordingServer, Reply

from .conftest import Caller, Demo, MakeCaller

CONTACT = {"id": "c_1", "email": "ada@example.com"}


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
        (418, "APIStatusError"),
        (302, "APIStatusError"),
    ],
)
def test_error_status_raises_its_class(
    acme: Caller, recording_server: RecordingServer, demo: Demo, status: int, name: str
) -> None:
    errors = demo.runtime("errors")
    reply = Reply.json({"error": "nope", "code": status}, status, headers=(("X-Err", "e1"),))
    recording_server.route("GET", "/v1/contacts/c_1", reply)
    with pytest.raises(errors.APIStatusError) as caught:
        acme("get_contact", contact_id="c_1")
    error = caught.value
    assert type(error) is getattr(errors, name)
    assert isinstance(error, demo.package.APIError)
    assert error.status_code == status
    assert error.headers["X-Err"] == "e1"
    assert error.body == {"error": "nope", "code": status}
    assert (error.request.method, error.request.url) == (
        "GET",
        f"{recording_server.url}/v1/contacts/c_1?limit=20",
    )
    assert str(error).startswith(f"{status} ")


def test_error_body_that_is_not_json_is_text(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", Reply.text("upstream down", status=502))
    with pytest.raises(demo.runtime("errors").InternalServerError) as caught:
        acme("get_raw")
    assert caught.value.body == "upstream down"
    assert str(caught.value).endswith(": upstream down")


def test_body_that_does_not_fit_raises_response_validation_error(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    raw = b'{"id": 7, "tags": "x"}'
    recording_server.route("GET", "/v1/contacts/c_1", Reply(200, raw))
    with pytest.raises(demo.package.ResponseValidationError) as caught:
        acme("get_contact", contact_id="c_1")
    error = caught.value
    assert error.body == raw
    assert error.status_code == 200
    assert sorted(tuple(e["loc"]) for e in error.errors) == [("email",), ("id",), ("tags",)]
    assert "3 validation error(s)" in str(error)
    assert error.request.url.endswith("/v1/contacts/c_1?limit=20")


def test_invalid_json_raises_response_validation_error(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", Reply(200, b"{not json"))
    with pytest.raises(demo.package.ResponseValidationError) as caught:
        acme("get_raw")
    assert [e["type"] for e in caught.value.errors] == ["json_invalid"]


def test_list_result_is_validated_per_item(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/contacts", Reply.json([CONTACT, {"id": "c_2"}]))
    with pytest.raises(demo.package.ResponseValidationError) as caught:
        acme("search_contacts", q="x")
    assert [tuple(e["loc"]) for e in caught.value.errors] == [(1, "email")]


def test_empty_bodies(acme: Caller, recording_server: RecordingServer, demo: Demo) -> None:
    recording_server.route("DELETE", "/v1/contacts/c_1", Reply(status=204))
    recording_server.route("GET", "/v1/raw", Reply(status=200))
    recording_server.route("GET", "/v1/contacts/c_1", Reply(status=204))
    recording_server.route("GET", "/v1/trace", Reply(status=200))
    assert acme("delete_contact", contact_id="c_1") is None
    assert acme("get_raw") is None
    assert acme("trace", request_id="r") == ""
    with pytest.raises(demo.package.ResponseValidationError):
        acme("get_contact", contact_id="c_1")


def test_untyped_json_text_and_binary(acme: Caller, recording_server: RecordingServer) -> None:
    recording_server.route("GET", "/v1/raw", Reply.json({"any": [1, None, "x"]}))
    recording_server.route("GET", "/v1/trace", Reply.text("ünïcode text"))
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    recording_server.route(
        "GET", "/v1/contacts/c_1/avatar", Reply(200, png, (("Content-Type", "image/png"),))
    )
    assert acme("get_raw") == {"any": [1, None, "x"]}
    assert acme("trace", request_id="r") == "ünïcode text"
    assert acme("download_avatar", contact_id="c_1") == png


def test_refused_connection_raises_api_connection_error(
    make_caller: MakeCaller, refused_url: str, demo: Demo
) -> None:
    with pytest.raises(demo.package.APIConnectionError) as caught:
        make_caller("Open", base_url=refused_url)("whoami")
    assert not isinstance(caught.value, demo.package.APITimeoutError)
    assert caught.value.request.url == f"{refused_url}/whoami"


def test_call_timeout_raises_api_timeout_error(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/slow", Reply.json({}, delay=2.0))
    with pytest.raises(demo.package.APITimeoutError) as caught:
        acme("slow")
    assert isinstance(caught.value, demo.package.APIConnectionError)


def test_client_timeout_applies_to_every_call(
    acme: Caller, recording_server: RecordingServer, demo: Demo
) -> None:
    recording_server.route("GET", "/v1/raw", Reply.json({}, delay=2.0))
    with pytest.raises(demo.package.APITimeoutError):
        acme.configured(timeout=0.2)("get_raw")


def test_redirects_are_followed(acme: Caller, recording_server: RecordingServer) -> None:
    recording_server.route("GET", "/v1/raw", Reply(307, headers=(("Location", "/v1/moved"),)))
    recording_server.route("GET", "/v1/moved", Reply.json({"moved": True}))
    assert acme("get_raw") == {"moved": True}
    assert recording_server.last.header("Authorization") is not None


def test_events_are_validated_by_the_adapter_until_it_is_built_then_by_pydantic_core() -> None:
    from pydantic import BaseModel, ConfigDict, TypeAdapter
    from pydantic_core import SchemaValidator

    from apigen.live.runtime import submodule

    class Event(BaseModel):  # as generated models: built on first use
        model_config = ConfigDict(defer_build=True)
        text: str

    adapter = TypeAdapter(Event)
    json_validator = submodule("response").json_validator
    first = json_validator(adapter)
    assert not isinstance(adapter.validator, SchemaValidator)  # not built: the adapter builds it
    assert first('{"text": "a"}') == Event(text="a")
    later = json_validator(adapter)
    assert isinstance(adapter.validator, SchemaValidator)
    assert later == adapter.validator.validate_json
    assert later('{"text": "b"}') == Event(text="b")
