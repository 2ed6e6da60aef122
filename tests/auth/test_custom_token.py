"""oauth2_custom_token: the generated Shipping client against a real OAuth server (its token
request is a client credentials grant configured by hand), and the runtime's token request
against a recording server for every parameter location and other answer fields."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import pytest

from tests.servers.oauth_server import OAuthServer
from tests.servers.recording import RecordingServer, Reply

from .conftest import client_class, run_calls, runtime_module, together

SERVICE_PROFILE = {"user": None, "client_id": "shipping-app", "scope": ""}


@pytest.mark.usefixtures("auth_env")
def test_token_from_the_configured_request_is_fetched_once_and_sent(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    profiles = run_calls(auth_sdk, "Shipping", mode, "get_profile", "get_profile")
    assert [p.model_dump() for p in profiles] == [SERVICE_PROFILE] * 2
    assert oauth_server.grant_types == ["client_credentials"]


@pytest.mark.usefixtures("auth_env")
def test_fifty_calls_starting_together_send_one_token_request(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    results = together(client_class(auth_sdk, "Shipping", mode), "get_profile", 50, mode)
    assert {r.client_id for r in results} == {"shipping-app"}
    assert oauth_server.grant_types == ["client_credentials"]


@pytest.mark.usefixtures("auth_env")
def test_a_401_asks_for_a_new_token_and_retries(
    auth_sdk: ModuleType, oauth_server: OAuthServer, mode: str
) -> None:
    steps = ("get_profile", oauth_server.revoke_access_tokens, "get_profile")
    assert run_calls(auth_sdk, "Shipping", mode, *steps)[1].client_id == "shipping-app"
    assert oauth_server.grant_types == ["client_credentials"] * 2


@pytest.mark.usefixtures("auth_env")
def test_a_refused_token_request_raises_without_the_secret(auth_sdk: ModuleType, mode: str) -> None:
    secret = "not-the-shipping-secret-2290"
    with pytest.raises(runtime_module("tokens").TokenRequestError) as caught:
        run_calls(auth_sdk, "Shipping", mode, "get_profile", shipping_client_secret=secret)
    assert caught.value.status_code == 401
    assert caught.value.body["error"] == "invalid_client"
    assert "invalid_client" in str(caught.value)
    assert secret not in str(caught.value) + repr(caught.value.body)


def _custom_client(runtime: ModuleType, url: str, mode: str, **auth: Any) -> Any:
    """A client like the generator writes, whose token request uses every parameter location."""
    Param = runtime.Param
    config = runtime.CollectionConfig(
        name="Custom",
        base_url=url,
        secrets=(runtime.Secret(env="KEY", kwarg="key"), runtime.Secret(env="ACCOUNT", kwarg="a")),
        auth=runtime.CustomTokenAuth(
            token_url=f"{url}/sessions/{{region}}",
            parameters=(
                Param(name="region", location="path", default="eu west"),
                Param(name="api_key", location="query", private_env="KEY"),
                Param(name="X-Account", location="header", private_env="ACCOUNT"),
                Param(name="mode", location="body", default="fast"),
                Param(name="ttl", location="body", default=600),
            ),
            **auth,
        ),
    )
    base = runtime.SyncClient if mode == "sync" else runtime.AsyncClient
    return type("CustomClient", (base,), {"_config": config})


def _get_data(cls: Any, mode: str) -> Any:
    operation = runtime_module("config").Operation(name="get_data", method="GET", path="/data")
    secrets = {"key": "key-8812", "a": "account-77"}
    if mode == "sync":
        with cls(secrets=secrets) as client:
            return client._call_untyped(operation, {})

    async def main() -> Any:
        async with cls(secrets=secrets) as client:
            return await client._call_untyped(operation, {})

    return asyncio.run(main())


def test_parameters_go_where_they_say_and_the_answer_fields_are_configurable(
    runtime: ModuleType, recording_server: RecordingServer, mode: str
) -> None:
    recording_server.route(
        "POST", "/sessions/eu%20west", Reply.json({"token": "tok-1", "valid_until": 4102444800})
    )
    recording_server.route("GET", "/data", Reply.json({"ok": True}))
    cls = _custom_client(
        runtime,
        recording_server.url,
        mode,
        token_field="token",
        expires_field="valid_until",
        header="X-Session",
        prefix="",
    )
    assert _get_data(cls, mode) == {"ok": True}
    token_request, call = recording_server.requests
    assert token_request.query_pairs() == [("api_key", "key-8812")]
    assert token_request.header("X-Account") == "account-77"
    assert token_request.form_pairs() == [("mode", "fast"), ("ttl", "600")]
    assert call.header("X-Session") == "tok-1"
    assert call.header("Authorization") is None


def test_a_get_token_request_sends_body_parameters_in_the_query(
    runtime: ModuleType, recording_server: RecordingServer, mode: str
) -> None:
    recording_server.route("GET", "/sessions/eu%20west", Reply.json({"access_token": "tok-2"}))
    recording_server.route("GET", "/data", Reply.json({"ok": True}))
    _get_data(_custom_client(runtime, recording_server.url, mode, method="GET"), mode)
    token_request, call = recording_server.requests
    assert token_request.query_pairs() == [
        ("api_key", "key-8812"),
        ("mode", "fast"),
        ("ttl", "600"),
    ]
    assert token_request.body == b""
    assert call.header("Authorization") == "Bearer tok-2"


def test_an_answer_without_the_token_field_is_a_token_request_error(
    runtime: ModuleType, recording_server: RecordingServer, mode: str
) -> None:
    recording_server.route("POST", "/sessions/eu%20west", Reply.json({"jwt": "x"}))
    with pytest.raises(runtime.TokenRequestError, match="the answer has no 'access_token' field"):
        _get_data(_custom_client(runtime, recording_server.url, mode), mode)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3600, 1_700_003_600.0),
        ("3600", 1_700_003_600.0),
        (4102444800, 4102444800.0),  # a moment, not a lifetime
        ("2100-01-01T00:00:00Z", 4102444800.0),
        ("2100-01-01T01:00:00+01:00", 4102444800.0),
        ("soon", None),
        (True, None),
        (None, None),
    ],
)
def test_expiry_reads_lifetimes_moments_and_dates(
    runtime: ModuleType, value: Any, expected: float | None
) -> None:
    assert runtime_module("tokens").expiry(value, 1_700_000_000.0) == expected
