"""Redirects: credentials and private values reach the call's own origin, never another one.

Two real servers on 127.0.0.1 (different ports, so different origins): the first redirects,
the second records what arrives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import quote

import pytest

from tests.servers.recording import RecordedRequest, RecordingServer, Reply

KEY = "key-5f2b/+9"
ACCOUNT = "account-6631"
WORKSPACE = "workspace-0925"
PASSWORD = "password-4471"
SESSION_TOKEN = "session-token-7788"
SECRETS = {"key": KEY, "account": ACCOUNT, "workspace": WORKSPACE, "password": PASSWORD}


@pytest.fixture
def elsewhere() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


def _auth(runtime: ModuleType, kind: str, origin: str) -> Any:
    if kind == "header":
        return runtime.HeaderKeyAuth(env="KEY", header="X-Api-Key", prefix="")
    if kind == "query":
        return runtime.QueryKeyAuth(env="KEY", param="api_key")
    if kind == "basic":
        return runtime.BasicAuth(username_env="ACCOUNT", password_env="PASSWORD")
    return runtime.CustomTokenAuth(token_url=f"{origin}/token", header="X-Session", prefix="")


def _client(runtime: ModuleType, kind: str, origin: str, mode: str) -> Any:
    Param = runtime.Param
    config = runtime.CollectionConfig(
        name="Redirected",
        base_url=origin,
        params=(
            Param(name="X-Account", location="header", private_env="ACCOUNT"),
            Param(name="workspace", location="query", private_env="WORKSPACE"),
        ),
        secrets=tuple(runtime.Secret(env=name.upper(), kwarg=name) for name in SECRETS),
        auth=_auth(runtime, kind, origin),
    )
    base = runtime.SyncClient if mode == "sync" else runtime.AsyncClient
    return type("RedirectedClient", (base,), {"_config": config})


def _send(cls: Any, mode: str, operation: Any, values: dict[str, Any] | None = None) -> Any:
    values = values or {}
    if mode == "sync":
        with cls(secrets=SECRETS, max_retries=0) as client:
            return client._call_untyped(operation, values)

    async def main() -> Any:
        async with cls(secrets=SECRETS, max_retries=0) as client:
            return await client._call_untyped(operation, values)

    return asyncio.run(main())


def _secret_free(request: RecordedRequest) -> bool:
    text = " ".join([request.path, request.query, *(v for _, v in request.headers)])
    text += request.body.decode()
    return not any(secret in text for secret in (*SECRETS.values(), SESSION_TOKEN, "Basic "))


@pytest.mark.parametrize("kind", ["header", "query", "basic", "token"])
def test_nothing_secret_follows_a_redirect_to_another_origin(
    runtime: ModuleType,
    recording_server: RecordingServer,
    elsewhere: RecordingServer,
    mode: str,
    kind: str,
) -> None:
    origin = recording_server
    # The Location repeats the query, key included, as careless servers do.
    location = f"{elsewhere.url}/landing?api_key={quote(KEY)}&workspace={WORKSPACE}&page=2"
    origin.route("GET", "/start", Reply(302, headers=(("Location", location),)))
    origin.route("POST", "/token", Reply.json({"access_token": SESSION_TOKEN}))
    elsewhere.route("GET", "/landing", Reply.json({"landed": True}))
    operation = runtime.Operation(name="start", method="GET", path="/start")
    assert _send(_client(runtime, kind, origin.url, mode), mode, operation) == {"landed": True}
    start = origin.requests[-1]
    assert not _secret_free(start)  # the origin got the credentials
    (landing,) = elsewhere.requests
    assert _secret_free(landing), landing
    assert landing.query_pairs() == [("page", "2")]
    for header in ("Authorization", "X-Api-Key", "X-Session", "X-Account"):
        assert landing.header(header) is None


def test_a_redirect_within_the_origin_keeps_the_credentials(
    runtime: ModuleType, recording_server: RecordingServer, mode: str
) -> None:
    server = recording_server
    server.route("GET", "/start", Reply(301, headers=(("Location", "/moved"),)))
    server.route("GET", "/moved", Reply.json({"moved": True}))
    operation = runtime.Operation(name="start", method="GET", path="/start")
    assert _send(_client(runtime, "header", server.url, mode), mode, operation) == {"moved": True}
    start, moved = server.requests
    assert moved.header("X-Api-Key") == start.header("X-Api-Key") == KEY
    assert moved.header("X-Account") == ACCOUNT


def test_a_body_with_a_private_value_is_not_sent_to_another_origin(
    runtime: ModuleType,
    recording_server: RecordingServer,
    elsewhere: RecordingServer,
    mode: str,
) -> None:
    location = f"{elsewhere.url}/landing"
    recording_server.route("POST", "/submit", Reply(307, headers=(("Location", location),)))
    operation = runtime.Operation(
        name="submit",
        method="POST",
        path="/submit",
        use_as="action",
        params=(runtime.Param(name="secret_note", location="body", private_env="PASSWORD"),),
    )
    with pytest.raises(runtime.APIStatusError) as caught:
        _send(_client(runtime, "header", recording_server.url, mode), mode, operation)
    assert caught.value.status_code == 307
    assert elsewhere.requests == []


def test_a_path_with_a_private_value_is_not_sent_to_another_origin(
    runtime: ModuleType,
    recording_server: RecordingServer,
    elsewhere: RecordingServer,
    mode: str,
) -> None:
    # A CDN-style redirect that keeps the path, and with it the private path value.
    location = f"{elsewhere.url}/accounts/{ACCOUNT}"
    recording_server.route(
        "GET", f"/accounts/{ACCOUNT}", Reply(302, headers=(("Location", location),))
    )
    elsewhere.route("GET", f"/accounts/{ACCOUNT}", Reply.json({"landed": True}))
    operation = runtime.Operation(
        name="open",
        method="GET",
        path="/accounts/{account}",
        params=(runtime.Param(name="account", location="path", private_env="ACCOUNT"),),
    )
    with pytest.raises(runtime.APIStatusError) as caught:
        _send(_client(runtime, "header", recording_server.url, mode), mode, operation)
    assert caught.value.status_code == 302
    assert elsewhere.requests == []


def test_redirect_loops_end(
    runtime: ModuleType, recording_server: RecordingServer, mode: str
) -> None:
    recording_server.route("GET", "/loop", Reply(302, headers=(("Location", "/loop"),)))
    operation = runtime.Operation(name="loop", method="GET", path="/loop")
    with pytest.raises(runtime.APIConnectionError, match="too many redirects"):
        _send(_client(runtime, "header", recording_server.url, mode), mode, operation)
    assert len(recording_server.requests) == 21  # the first request and 20 redirects
